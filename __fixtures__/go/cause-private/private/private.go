// Package private depends on a module only the author's machine can fetch.
package private

import "example.com/private/lib"

// Name is the library's name.
func Name() string { return lib.Name() }
