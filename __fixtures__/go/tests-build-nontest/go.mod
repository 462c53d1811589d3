module example.com/testsbuildnontest

go 1.24.0
