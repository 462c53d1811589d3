module example.com/multi/tools

go 1.24.0
