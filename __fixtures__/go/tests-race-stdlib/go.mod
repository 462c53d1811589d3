module example.com/testsracestdlib

go 1.24.0
