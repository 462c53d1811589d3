// Package winsvc only builds for windows: on any other GOOS it has no package.
package winsvc

// Name is the service's name.
const Name = "multi"
