module example.com/testsrace

go 1.24.0
