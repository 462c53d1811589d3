module example.com/newer

go 1.99.0
