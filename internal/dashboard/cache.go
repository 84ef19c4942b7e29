package dashboard

import (
	"context"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// TTL is how long a computed widget is reused. Staff reloading the dashboard, or several
// staff opening it together, cost one query per widget per TTL; a number is at most this old.
// Tests and benchmarks that measure the query set it to 0.
var TTL = 30 * time.Second

// Cache keeps computed widgets in process, keyed by widget (and parameters, in the key).
// One computation per key at a time: concurrent requests for a missing key wait for it
// instead of running the same query again.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	once sync.WaitGroup // done when the computation has finished
	done bool
	t    *Table
	err  error
	at   time.Time
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]*entry{}} }

// Get returns w's table, computed at most TTL ago.
func (c *Cache) Get(ctx context.Context, db bun.IDB, w Widget, now time.Time) (*Table, error) {
	key := w.Name
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok && e.done && (e.err != nil || time.Since(e.at) > TTL) {
		ok = false
	}
	if !ok {
		e = &entry{}
		e.once.Add(1)
		c.entries[key] = e
		c.mu.Unlock()
		t, err := w.Load(ctx, db, now)
		if t != nil {
			t.At = now
		}
		c.mu.Lock()
		e.t, e.err, e.at, e.done = t, err, time.Now(), true
		c.mu.Unlock()
		e.once.Done()
		return t, err
	}
	c.mu.Unlock()
	e.once.Wait()
	return e.t, e.err
}
