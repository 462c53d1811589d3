module example.com/mono/a

go 1.24.0

require example.com/mono/lib v0.0.0

replace example.com/mono/lib => ../lib
