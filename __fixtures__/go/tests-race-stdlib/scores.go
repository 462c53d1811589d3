// Package scores keeps scores.
package scores

// Top is the best score so far.
func Top(s []int) int {
	best := 0
	for _, v := range s {
		best = max(best, v)
	}
	return best
}
