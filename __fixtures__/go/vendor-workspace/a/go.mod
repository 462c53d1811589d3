module example.com/a

go 1.24.0

require github.com/pkg/errors v0.9.1
