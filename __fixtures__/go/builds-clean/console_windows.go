//go:build windows

package main

// Windows consoles want CRLF.
const newline = "\r\n"
