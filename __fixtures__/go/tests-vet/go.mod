module example.com/testsvet

go 1.24.0
