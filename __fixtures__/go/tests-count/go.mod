module example.com/testscount

go 1.24.0
