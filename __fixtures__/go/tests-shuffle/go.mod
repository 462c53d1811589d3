module example.com/testsshuffle

go 1.24.0
