module example.com/testsnolocation

go 1.24.0
