// Package registry maps names to handlers.
package registry

var handlers = map[string]string{}

// Register adds a handler.
func Register(name, handler string) { handlers[name] = handler }

// Lookup finds a handler.
func Lookup(name string) (string, bool) {
	h, ok := handlers[name]
	return h, ok
}
