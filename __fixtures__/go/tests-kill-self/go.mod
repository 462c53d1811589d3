module example.com/killself

go 1.24.0
