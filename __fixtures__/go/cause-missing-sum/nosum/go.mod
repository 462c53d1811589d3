// Requires a module, but go.sum was never committed: every go command stops at
// "missing go.sum entry", and the gate says so once.
module example.com/cause/nosum

go 1.24.0

require github.com/google/uuid v1.6.0
