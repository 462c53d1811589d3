// Package counter counts events.
package counter

// Counter counts events; it is not safe for concurrent use.
type Counter struct {
	n int
}

// Inc adds one.
func (c *Counter) Inc() {
	c.n++
}

// Value reports the count.
func (c *Counter) Value() int {
	return c.n
}
