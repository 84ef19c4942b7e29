package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Envelope is one message ready for the wire.
type Envelope struct {
	From, To, Subject, Body string
	// MessageID is derived from the outbox row (see MessageID), the same on every attempt, so
	// a receiver can drop the second copy of a message staff chose to send again.
	MessageID string
	// Attachments are sent as parts after the text.
	Attachments []Attachment
	// Headers are extra header fields, such as List-Unsubscribe on campaign mail.
	Headers map[string]string
	// HandOver, when set, is called once the whole message is on the wire and before the "."
	// that ends DATA: the outbox commits handed_at in it. If it fails the connection is dropped
	// without the ".", so the server discards the message, and Send returns its error.
	HandOver func(context.Context) error
}

// Sender puts one message on the wire. A Sender reports ErrUncertain when it cannot tell
// whether the server accepted the message, and calls Envelope.HandOver before the point from
// which the server may have it (a Sender that never calls it is one that never hands over, and
// a row it leaves sending is sent again).
type Sender interface {
	Send(ctx context.Context, e Envelope) error
}

// ErrNoServer is the outcome recorded when CPCA_SMTP_URL is not set.
var ErrNoServer = errors.New("未配置邮件服务器（CPCA_SMTP_URL），邮件仅写入日志")

// ErrUncertain means the message was fully transmitted but the server's answer never came
// (connection lost, worker stopped): it may have been accepted, so it is not retried.
var ErrUncertain = errors.New("邮件已传给服务器但未收到确认，无法确定是否已接收")

// LogSender writes messages to the log and reports ErrNoServer.
type LogSender struct{ Log *slog.Logger }

// Send logs the message.
func (l LogSender) Send(_ context.Context, e Envelope) error {
	l.Log.Info("email not sent: no SMTP server configured", "to", e.To, "subject", e.Subject, "message_id", e.MessageID, "body", e.Body)
	return ErrNoServer
}

// SMTPSender talks to a mail server given as smtp://user:pass@host:port (smtps:// for TLS on connect).
type SMTPSender struct {
	host     string
	port     int
	user     string
	pass     string
	implicit bool
}

// NewSMTPSender parses the URL.
func NewSMTPSender(raw string) (*SMTPSender, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	s := &SMTPSender{host: u.Hostname(), implicit: u.Scheme == "smtps", port: 25}
	if s.implicit {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("CPCA_SMTP_URL: bad port")
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

// conversation is how long one SMTP conversation may last, from the connection to the reply
// to the end of DATA; the worker's ShutdownTimeout is longer, so a stopping worker lets a send
// in flight finish.
const conversation = 30 * time.Second

// Send delivers one UTF-8 plain-text message in two phases (smtp.go): everything up to the
// end of DATA, then e.HandOver, then the final ".". Cancelling ctx closes the connection at
// once (go-mail only watches ctx while dialling), so a stopping worker does not hang on a slow
// server; an interruption after the "." went out is reported as ErrUncertain.
func (s *SMTPSender) Send(ctx context.Context, e Envelope) error {
	m, err := message(e)
	if err != nil {
		return err
	}
	// Our own dialer, so cancelling ctx can close the connection mid-conversation and the whole
	// conversation has one deadline. go-mail then skips its own TLS dialer, so implicit TLS
	// (smtps) is set up here; the *tls.Conn is handed over unwrapped, since the SMTP client
	// only allows PLAIN auth on a connection it sees is TLS.
	var dialer net.Dialer
	var hooks []func() bool
	var conns []net.Conn
	defer func() {
		for _, stop := range hooks {
			stop()
		}
		for _, c := range conns { // also when go-mail gave up after connecting (HELO, AUTH)
			_ = c.Close()
		}
	}()
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(20 * time.Second),
		gomail.WithDialContextFunc(func(dctx context.Context, network, addr string) (net.Conn, error) {
			raw, err := dialer.DialContext(dctx, network, addr)
			if err != nil {
				return nil, err
			}
			conns = append(conns, raw)
			_ = raw.SetDeadline(time.Now().Add(conversation))
			hooks = append(hooks, context.AfterFunc(ctx, func() { _ = raw.Close() }))
			if !s.implicit {
				return raw, nil
			}
			tc := tls.Client(raw, &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12})
			if err := tc.HandshakeContext(dctx); err != nil {
				_ = raw.Close()
				return nil, err
			}
			return tc, nil
		})}
	if s.implicit {
		opts = append(opts, gomail.WithSSL()) // no STARTTLS on top of our TLS connection
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	// go-mail dials, greets, does STARTTLS and AUTH; the transaction itself is ours (smtp.go).
	sc, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return err
	}
	defer sc.Close()
	if err := transact(ctx, sc, m, e.HandOver); err != nil {
		return err
	}
	_ = sc.Quit() // the message is accepted: a lost QUIT changes nothing
	return nil
}

// message builds the MIME message of e.
func message(e Envelope) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := m.From(e.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := m.To(e.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	m.Subject(e.Subject)
	m.SetDate()
	if e.MessageID != "" {
		m.SetMessageIDWithValue(e.MessageID)
	} else {
		m.SetMessageID()
	}
	for k, v := range e.Headers {
		m.SetGenHeader(gomail.Header(k), v)
	}
	m.SetBodyString(gomail.TypeTextPlain, e.Body)
	for _, a := range e.Attachments {
		if err := m.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Name, err)
		}
	}
	return m, nil
}
