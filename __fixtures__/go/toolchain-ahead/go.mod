module example.com/ahead

go 1.24.0

toolchain go1.99.1
