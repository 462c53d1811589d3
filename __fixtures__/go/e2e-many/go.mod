module example.com/many

// 120 failing tests in four files of two packages, for the end-to-end tests of the check run:
// more findings than one request (50) or GitHub's workflow-command annotations (10) can take.
go 1.22
