module example.com/testspanicdirect

go 1.24.0
