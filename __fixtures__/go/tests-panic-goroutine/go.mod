module example.com/testspanic

go 1.24.0
