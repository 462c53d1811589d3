//go:build integration

package main

// Only integration builds compile this file; it compiles.
var integrationGreeting = greeting() + newline
