module example.com/teststestmainexit

go 1.24.0
