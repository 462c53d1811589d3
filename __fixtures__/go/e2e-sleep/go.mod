module example.com/sleeper

go 1.24.0
