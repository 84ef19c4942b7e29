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
// smtpd, reduced to what this test needs). Each reply to DATA waits a little after the
// message is counted, so a worker killed mid-way has messages in flight.
type sink struct {
	Addr  string
	mu    sync.Mutex
	count map[string]int
	total int
}

func startSink(t *testing.T) *sink {
	t.Helper()
	d := &sink{count: map[string]int{}}
	s := smtp.NewServer(d)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.MaxMessageBytes = 1 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.Addr = l.Addr().String()
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return d
}

func (d *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{d: d}, nil }

// Total is how many messages arrived.
func (d *sink) Total() int { d.mu.Lock(); defer d.mu.Unlock(); return d.total }

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

type sinkSession struct {
	d  *sink
	to []string
}

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	return nil
}
func (s *sinkSession) Reset()        { s.to = nil }
func (s *sinkSession) Logout() error { return nil }

func (s *sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.d.mu.Lock()
	for _, to := range s.to {
		s.d.count[to]++
	}
	s.d.total++
	s.d.mu.Unlock()
	time.Sleep(15 * time.Millisecond)
	return nil
}
