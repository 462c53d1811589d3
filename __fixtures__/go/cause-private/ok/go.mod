module example.com/cause/ok

go 1.24.0

require github.com/google/uuid v1.6.0
