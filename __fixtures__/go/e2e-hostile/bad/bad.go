// Package bad imports a path go quotes in its build and vet errors.
package bad

import _ "example.com/hostile/##[error]pwned"
