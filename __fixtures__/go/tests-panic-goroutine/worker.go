// Package worker runs jobs in the background.
package worker

// Job is a unit of work.
type Job struct {
	Items []string
}

// First returns the job's first item; it panics on an empty job.
func First(j *Job) string {
	return j.Items[0]
}

// Start runs fn on its own goroutine.
func Start(fn func()) {
	go fn()
}
