// Package smtpsink is an in-process SMTP server for tests that keeps every message, decoded,
// and can refuse chosen recipients the way real servers do: a permanent 550 on RCPT (the
// address does not exist: a hard bounce) or a temporary 451 (greylisting, a full mailbox),
// refuse every message at DATA (Fail), or hold its reply (Delay, DelayTo). tests/mail,
// tests/campaign, the browser tests and the benchmark all use it.
package smtpsink

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message as the server got it, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
	Header  netmail.Header
	Raw     []byte
}

// Sink is the server.
type Sink struct {
	srv  *smtp.Server
	Addr string
	// Delay holds the reply to DATA after the message is kept (a slow server).
	Delay atomic.Int64
	// DelayTo (a string), when set, holds only the messages to that address; others are
	// answered at once.
	DelayTo atomic.Value
	// Fail refuses every message at the end of DATA with 451 (a server in trouble): nothing is
	// kept or counted.
	Fail atomic.Bool
	// KeepRaw keeps the raw bytes of each message (off for the benchmark's 50,000).
	KeepRaw bool
	// Count is how many messages were accepted.
	Count atomic.Int64
	// Discard counts messages without keeping them (the benchmark).
	Discard bool

	mu       sync.Mutex
	msgs     []Message
	reject   map[string]int // address → permanent RCPT code
	tempFail map[string]int // address → how many more RCPTs get 451
}

// Start listens on a free loopback port until the test ends.
func Start(t testing.TB) *Sink {
	t.Helper()
	d := &Sink{reject: map[string]int{}, tempFail: map[string]int{}, KeepRaw: true}
	s := smtp.NewServer(d)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.MaxMessageBytes = 1 << 20
	s.MaxRecipients = 10
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.srv, d.Addr = s, l.Addr().String()
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return d
}

// URL is the CPCA_SMTP_URL of the server.
func (d *Sink) URL() string { return "smtp://" + d.Addr }

// Reject makes RCPT TO for addr fail permanently with 550.
func (d *Sink) Reject(addr string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reject[strings.ToLower(addr)] = 550
}

// TempFail makes the next n RCPT TO for addr fail with 451.
func (d *Sink) TempFail(addr string, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tempFail[strings.ToLower(addr)] = n
}

// Messages returns every message kept so far.
func (d *Sink) Messages() []Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Message(nil), d.msgs...)
}

// To returns the messages received for one address.
func (d *Sink) To(addr string) []Message {
	var out []Message
	for _, m := range d.Messages() {
		for _, r := range m.To {
			if strings.EqualFold(r, addr) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// PerAddress counts the messages by recipient address (lower case).
func (d *Sink) PerAddress() map[string]int {
	out := map[string]int{}
	for _, m := range d.Messages() {
		for _, r := range m.To {
			out[strings.ToLower(r)]++
		}
	}
	return out
}

// NewSession implements smtp.Backend.
func (d *Sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{d: d}, nil }

type session struct {
	d    *Sink
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Reset()                                      { s.from, s.to = "", nil }
func (s *session) Logout() error                               { return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	key := strings.ToLower(to)
	if code := s.d.reject[key]; code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox does not exist"}
	}
	if n := s.d.tempFail[key]; n > 0 {
		s.d.tempFail[key] = n - 1
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "greylisted, try again later"}
	}
	s.to = append(s.to, to)
	return nil
}

// Data keeps the message only when its DATA ended with the final "." (go-smtp's reader fails
// on a connection closed before it), as a real server does: a sender that drops the connection
// before the "." (internal/mail's hand-over failed, its worker died) has sent nothing.
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.d.Fail.Load() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mailbox temporarily unavailable"}
	}
	s.d.Count.Add(1)
	if !s.d.Discard {
		m, err := decode(raw)
		if err != nil {
			return err
		}
		m.From, m.To = s.from, append([]string(nil), s.to...)
		if s.d.KeepRaw {
			m.Raw = raw
		}
		s.d.mu.Lock()
		s.d.msgs = append(s.d.msgs, m)
		s.d.mu.Unlock()
	}
	if s.d.holds(s.to) {
		time.Sleep(time.Duration(s.d.Delay.Load()))
	}
	return nil
}

// holds reports whether the reply to a message for to waits Delay: always, unless DelayTo
// names another address.
func (d *Sink) holds(to []string) bool {
	only, _ := d.DelayTo.Load().(string)
	return only == "" || slices.ContainsFunc(to, func(r string) bool { return strings.EqualFold(r, only) })
}

// decode parses a message: RFC 2047 subject, base64 or quoted-printable text body (also
// inside a multipart message).
func decode(raw []byte) (Message, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	var out Message
	out.Header = msg.Header
	dec := new(mime.WordDecoder)
	if out.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return out, err
	}
	out.Body, err = textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return out, err
}

func textPart(ctype, cte string, r io.Reader) (string, error) {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", errors.New("no text/plain part")
			}
			if s, err := textPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err == nil && s != "" {
				return s, nil
			}
		}
	}
	if mt != "text/plain" {
		return "", nil
	}
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	return string(b), err
}
