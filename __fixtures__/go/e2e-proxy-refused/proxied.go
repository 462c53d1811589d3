// Package proxied requires a module the test proxy refuses with a hostile error body.
package proxied
