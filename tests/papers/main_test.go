// Package papers tests 参会投稿 against the real database, router, outbox relay and worker:
// submission windows and the late code, versions, the reviewer rules (assignment, own
// company, blind mode, downloads), staged decisions released together with one mail each and
// superseded mails not sent, and the bad input of the paper form.
package papers

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/mail"
	"cpca/internal/papers"
	"cpca/internal/system"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "papers", &env) }

var by = audit.Actor{Name: "test"}

func ctx() context.Context { return context.Background() }

func mustIs(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

// recorder is a mail server that accepts everything and remembers what it got.
type recorder struct {
	mu  sync.Mutex
	got []mail.Envelope
}

func (r *recorder) Send(_ context.Context, e mail.Envelope) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, e)
	return nil
}

func (r *recorder) to(addr string) []mail.Envelope {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []mail.Envelope
	for _, e := range r.got {
		if e.To == addr {
			out = append(out, e)
		}
	}
	return out
}

// startWorker runs the real worker with the recorder until the test ends; its periodic
// tasks run on a clock long before the test data.
func startWorker(t *testing.T, s mail.Sender) {
	t.Helper()
	w, err := env.Sys.Worker(system.WithSender(s), system.WithClock(func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	w.Concurrency = 2
	c, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(c) }()
	t.Cleanup(func() { cancel(); <-done })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// member is a logged-in member client with its company and user ids.
type member struct {
	*testenv.Client
	CompanyID, UserID int64
	Email             string
}

func newMember(t *testing.T) member {
	t.Helper()
	c, co := env.Member(t)
	var r struct {
		ID        int64  `bun:"id"`
		CompanyID int64  `bun:"company_id"`
		Email     string `bun:"email"`
	}
	if err := env.DB.NewRaw(`SELECT id, company_id, email FROM users WHERE username = ?`, co.Username()).Scan(ctx(), &r); err != nil {
		t.Fatal(err)
	}
	return member{Client: c, CompanyID: r.CompanyID, UserID: r.ID, Email: r.Email}
}

func status(t *testing.T, paperID int64) string {
	t.Helper()
	var s string
	if err := env.DB.NewRaw(`SELECT status FROM papers WHERE id = ?`, paperID).Scan(ctx(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func asFieldErrors(err error, fe *papers.FieldErrors) bool { return errors.As(err, fe) }
