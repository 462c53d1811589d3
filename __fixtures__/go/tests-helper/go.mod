module example.com/testshelper

go 1.24.0
