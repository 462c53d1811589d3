module example.com/proxied

go 1.24.0

require example.com/missing v1.0.0
