module example.com/y

go 1.24.0
