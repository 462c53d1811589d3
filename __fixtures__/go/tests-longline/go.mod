module example.com/testslongline

go 1.24.0
