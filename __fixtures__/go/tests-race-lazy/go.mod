module example.com/testsracelazy

go 1.24.0
