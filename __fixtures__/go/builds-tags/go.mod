module example.com/buildstags

go 1.24.0
