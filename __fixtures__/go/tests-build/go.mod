module example.com/testsbuild

go 1.24.0
