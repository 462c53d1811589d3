module example.com/shards

// Six test packages for the sharding tests: p1 is the slow one (four tests of 0.3 s) the timings
// make the plan split by test, p6 has one failing test, lib has no tests at all.
go 1.22
