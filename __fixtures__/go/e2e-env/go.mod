module example.com/envcheck

go 1.24.0
