module example.com/b

go 1.99.0
