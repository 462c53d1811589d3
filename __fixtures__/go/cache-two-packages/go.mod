module example.com/cachetwo

go 1.24.0
