// Package lazy is a logger that builds its core only when it is first used, like zap's lazy With.
package lazy

// Logger adds its fields to the core on first use.
type Logger struct {
	fields []string
	core   []string
}

// New keeps the fields until the logger is first used.
func New(fields ...string) *Logger { return &Logger{fields: fields} }

// build should run once under a sync.Once: without it, the write below races with any reader.
func (l *Logger) build() {
	if l.core == nil {
		l.core = append([]string{}, l.fields...) // mark: write
	}
}

// Log builds the core and logs msg.
func (l *Logger) Log(msg string) int {
	l.build()
	return len(l.core) + len(msg)
}

// Check builds the core and says whether msg would be logged.
func (l *Logger) Check(msg string) bool {
	l.build()
	return msg != ""
}
