module example.com/teststags

go 1.24.0
