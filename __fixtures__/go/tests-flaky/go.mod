module example.com/testsflaky

go 1.24.0
