module example.com/nopatch

go 1.22
