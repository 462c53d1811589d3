module example.com/killparent

go 1.24.0
