package app

import (
	"sync"
	"time"
)

// websec is the web layer's per-process security state: the upload slots and the memory of
// which authorization refusals were audited lately. Its zero value is ready to use.
type websec struct {
	once    sync.Once
	uploads chan struct{}

	deniedMu sync.Mutex
	denied   map[string]time.Time // user|method|route → last audited refusal
}
