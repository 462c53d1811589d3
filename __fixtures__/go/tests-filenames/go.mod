module example.com/testsfilenames

go 1.24.0
