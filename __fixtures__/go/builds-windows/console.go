//go:build windows

package greet

func consoleWidth() int {
	return defaultWidth // BUILD-ERROR windows/amd64 only
}
