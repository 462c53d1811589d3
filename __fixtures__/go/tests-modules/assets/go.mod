module example.com/multi/assets

go 1.24.0
