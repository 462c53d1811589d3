module example.com/multi/exp

go 1.24.0
