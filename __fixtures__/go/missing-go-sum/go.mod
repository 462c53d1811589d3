// Requires a module but go.sum was never committed.
module example.com/nosum

go 1.24.0

require github.com/google/uuid v1.6.0
