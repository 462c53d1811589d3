module example.com/coveragepartial

go 1.22
