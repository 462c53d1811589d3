// Package retry is the flaky case: its test fails the first time it runs.
package retry
