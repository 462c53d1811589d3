module example.com/app

go 1.24.0

require (
	example.com/x v0.0.0
	example.com/y v0.0.0
)

// A fork on one laptop: ../outside is not in the repository.
replace example.com/x => ../outside

// A fork committed in the repository: fine.
replace example.com/y => ./third_party/y
