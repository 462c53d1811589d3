module example.com/teststimeout

go 1.24.0
