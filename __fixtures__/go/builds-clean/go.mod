module example.com/buildsclean

go 1.24.0
