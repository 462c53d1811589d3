//go:build !windows

package main

const newline = "\n"
