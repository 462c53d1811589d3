// Package index counts words.
package index

// Count counts the words into counts.
func Count(counts map[string]int, words ...string) {
	for _, w := range words {
		counts[w]++
	}
}
