// Package lock waits for a signal that never comes.
package lock

// Wait blocks until ch is closed.
func Wait(ch chan struct{}) {
	<-ch
}
