module example.com/planted

// Two planted problems, for the end-to-end tests: a go line newer than any
// toolchain (toolchain check) and a replace that leaves the repository (modfile check).
go 1.99.0

replace example.com/fork => ../../outside
