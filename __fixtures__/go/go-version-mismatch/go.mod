module example.com/mismatch

go 1.24.0
