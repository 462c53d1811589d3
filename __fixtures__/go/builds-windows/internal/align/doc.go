// Package align pads text; align.go breaks the build on windows and on arm64.
package align
