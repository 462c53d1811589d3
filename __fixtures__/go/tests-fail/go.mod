module example.com/testsfail

go 1.24.0
