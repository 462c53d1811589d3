//go:build integration

package lib

var retries int = "three" // VET-ERROR integration
