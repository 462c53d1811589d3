// Requires a private module the module proxy refuses to serve (no credentials in CI): every go
// command that loads the module graph fails on it, and the gate says so once.
module example.com/cause/private

go 1.24.0

require example.com/private/lib v1.0.0
