// Package box holds a value; it is not safe for concurrent use.
package box

// Box holds one value.
type Box struct{ v int }

// Set stores v without a lock.
func (b *Box) Set(v int) {
	b.v = v // mark: write
}
