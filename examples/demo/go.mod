module example.com/demo

go 1.22

require (
	example.com/fork v0.0.0
	github.com/google/uuid v1.6.0
)

// Works on one laptop only: the directory is not in this repository.
replace example.com/fork => ../../../fork-on-my-laptop
