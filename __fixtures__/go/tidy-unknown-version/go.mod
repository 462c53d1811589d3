module example.com/unknownversion

go 1.24.0

require (
	github.com/google/uuid v1.6.0
	github.com/pkg/errors v0.9.9
)
