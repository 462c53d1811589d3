module example.com/testsracetestmain

go 1.24.0
