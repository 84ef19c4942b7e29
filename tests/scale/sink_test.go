package scale

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sink is an SMTP server that counts the messages each recipient receives (as tests/mail's
// smtpd, reduced to what this test needs). A message counts only when its DATA ended with the
// final "." (go-smtp's reader fails on a connection closed before it), as a real server keeps
// only those. Each reply to DATA waits a little after the message is counted, so a worker
// killed mid-way has messages in flight.
//
// It listens on two addresses, so the test knows which worker a conversation belongs to: the
// worker to be stopped or killed talks to Addrs[0], the others to Addrs[1]. On Addrs[0] the
// test can hold conversations (Hold): alternately at RCPT (before the worker hands the message
// over) and after the message is counted (the worker has sent the final "." and waits for the
// answer), so a stop or kill finds them at known points.
type sink struct {
	Addrs [2]string
	mu    sync.Mutex
	count map[string]int
	total int
	// sessions counts conversations by listener.
	sessions [2]int
	// hold is how many more conversations on Addrs[0] to hold; held lists their recipients
	// by stage; release ends the holds.
	hold     int
	held     map[string][]string // "rcpt" or "data" → recipients
	heldN    int
	release  chan struct{}
	released bool
}

func startSink(t *testing.T) *sink {
	t.Helper()
	d := &sink{count: map[string]int{}, held: map[string][]string{}, release: make(chan struct{})}
	for i := range d.Addrs {
		s := smtp.NewServer(backend{d, i})
		s.Domain = "localhost"
		s.AllowInsecureAuth = true
		s.MaxMessageBytes = 1 << 20
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		d.Addrs[i] = l.Addr().String()
		go func() { _ = s.Serve(l) }()
		t.Cleanup(func() { _ = s.Close() })
	}
	t.Cleanup(d.Release)
	return d
}

// backend is the sink seen from one listener.
type backend struct {
	d        *sink
	listener int
}

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.d.mu.Lock()
	b.d.sessions[b.listener]++
	b.d.mu.Unlock()
	return &sinkSession{d: b.d, listener: b.listener}, nil
}

// Total is how many messages arrived.
func (d *sink) Total() int { d.mu.Lock(); defer d.mu.Unlock(); return d.total }

// Sessions is how many conversations listener i has had.
func (d *sink) Sessions(i int) int { d.mu.Lock(); defer d.mu.Unlock(); return d.sessions[i] }

// Counts is a copy of the per-recipient counts.
func (d *sink) Counts() map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]int, len(d.count))
	for k, v := range d.count {
		out[k] = v
	}
	return out
}

// Hold holds the next n conversations on Addrs[0] until Release, alternately at RCPT and after
// the message is counted.
func (d *sink) Hold(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hold, d.heldN, d.held = n, 0, map[string][]string{}
	d.release, d.released = make(chan struct{}), false
}

// Held is how many conversations are held now, and their recipients by stage.
func (d *sink) Held() (int, map[string][]string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string][]string{}
	for k, v := range d.held {
		out[k] = append([]string(nil), v...)
	}
	return d.heldN, out
}

// Release lets the held conversations go on.
func (d *sink) Release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.released {
		d.released = true
		close(d.release)
	}
}

// take decides whether a conversation at stage ("rcpt" or "data") is held, and returns the
// channel to wait on (nil: go on).
func (d *sink) take(listener int, stage string, to []string) chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if listener != 0 || d.hold == 0 || d.released {
		return nil
	}
	if want := []string{"rcpt", "data"}[d.heldN%2]; want != stage {
		return nil
	}
	d.hold--
	d.heldN++
	d.held[stage] = append(d.held[stage], to...)
	return d.release
}

type sinkSession struct {
	d        *sink
	listener int
	to       []string
	rcptHeld bool
}

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	if ch := s.d.take(s.listener, "rcpt", s.to); ch != nil {
		s.rcptHeld = true
		<-ch
	}
	return nil
}
func (s *sinkSession) Reset()        { s.to = nil }
func (s *sinkSession) Logout() error { return nil }

func (s *sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err // the connection ended before the final ".": nothing arrived
	}
	s.d.mu.Lock()
	for _, to := range s.to {
		s.d.count[to]++
	}
	s.d.total++
	s.d.mu.Unlock()
	if !s.rcptHeld {
		if ch := s.d.take(s.listener, "data", s.to); ch != nil {
			<-ch
		}
	}
	time.Sleep(15 * time.Millisecond)
	return nil
}
