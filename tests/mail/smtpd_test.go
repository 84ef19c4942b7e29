package mail

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

// received is one message as the SMTP server got it, decoded.
type received struct {
	From    string
	To      []string
	Subject string
	Body    string
	Header  netmail.Header
}

// smtpd is an in-process SMTP server that keeps every message.
type smtpd struct {
	srv  *smtp.Server
	Addr string
	Fail atomic.Bool // Data refuses the message
	// Delay (nanoseconds) holds the final reply to DATA after the message is kept: a slow
	// server that has the message and has not said so yet. With DelayTo set, only messages to
	// that address are held.
	Delay   atomic.Int64
	DelayTo atomic.Value // string

	mu   sync.Mutex
	msgs []received
}

func startSMTP(t *testing.T) *smtpd {
	t.Helper()
	d := &smtpd{}
	s := smtp.NewServer(d)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.MaxMessageBytes = 1 << 20
	s.MaxRecipients = 10
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
func (d *smtpd) URL() string { return "smtp://" + d.Addr }

// NewSession implements smtp.Backend.
func (d *smtpd) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{d: d}, nil }

// To returns the messages received for one address.
func (d *smtpd) To(addr string) []received {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []received
	for _, m := range d.msgs {
		for _, r := range m.To {
			if strings.EqualFold(r, addr) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

type smtpSession struct {
	d    *smtpd
	from string
	to   []string
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *smtpSession) Reset()                                      { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error                               { return nil }

// Data keeps the message only when its DATA ended with the final "." (go-smtp's reader fails
// on a connection closed before it): what the hand-over tests count on.
func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.d.Fail.Load() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "mailbox temporarily unavailable"}
	}
	m, err := decode(raw)
	if err != nil {
		return err
	}
	m.From, m.To = s.from, append([]string(nil), s.to...)
	s.d.mu.Lock()
	s.d.msgs = append(s.d.msgs, m)
	s.d.mu.Unlock()
	if only, _ := s.d.DelayTo.Load().(string); only == "" || slices.Contains(m.To, only) {
		time.Sleep(time.Duration(s.d.Delay.Load()))
	}
	return nil
}

// decode parses a message: RFC 2047 subject, base64 or quoted-printable text body (also
// inside a multipart message).
func decode(raw []byte) (received, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return received{}, err
	}
	var out received
	out.Header = msg.Header
	dec := new(mime.WordDecoder)
	if out.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return out, err
	}
	body, err := textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	out.Body = body
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
		r = base64.NewDecoder(base64.StdEncoding, r) // skips line breaks
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	return string(b), err
}
