module example.com/testsunterminated

go 1.24.0
