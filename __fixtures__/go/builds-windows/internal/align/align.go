//go:build windows || arm64

package align

// Padder pads to a width.
type Padder interface{ Pad(width int) string }

type spaces struct{}

func (spaces) Pad(width string) string { return width }

var _ Padder = spaces{} // BUILD-ERROR windows/amd64 and linux/arm64
