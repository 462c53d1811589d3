module example.com/pinned

go 1.24.0

require github.com/google/uuid v1.6.0

// Held back to an older release.
replace github.com/google/uuid v1.6.0 => github.com/google/uuid v1.5.0
