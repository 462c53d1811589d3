module example.com/multi/winsvc

go 1.24.0
