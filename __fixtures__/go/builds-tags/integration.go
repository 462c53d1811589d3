//go:build integration

package store

var seeded int = "many" // VET-ERROR integration
