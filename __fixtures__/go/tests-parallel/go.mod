module example.com/testsparallel

go 1.24.0
