module example.com/buildswindows

go 1.24.0
