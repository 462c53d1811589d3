module example.com/demo/legacy

go 1.24.0

require example.com/fork v0.0.0

// Works on one laptop only: the directory is not in this repository.
replace example.com/fork => ../../../../fork-on-my-laptop
