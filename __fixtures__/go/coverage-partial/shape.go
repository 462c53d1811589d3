// Package shape measures shapes; only Square is tested, so coverage is partial.
package shape

// Square is the area of a square.
func Square(side int) int {
	return side * side
}

// Rect is the area of a rectangle; no test covers it.
func Rect(w, h int) int {
	if w < 0 || h < 0 {
		return 0
	}
	return w * h
}
