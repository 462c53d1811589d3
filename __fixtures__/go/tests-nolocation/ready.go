// Package ready reports readiness.
package ready

// Ready reports whether the service is ready; it never is.
func Ready() bool { return false }
