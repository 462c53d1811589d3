// Package tool is not in go.work: it builds with GOWORK=off.
package tool

// Version is the tool's version.
const Version = "1"
