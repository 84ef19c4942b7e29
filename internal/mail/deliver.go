package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/uptrace/bun"
	gomail "github.com/wneessen/go-mail"
)

// Sender puts one message on the wire.
type Sender interface {
	Send(ctx context.Context, from, to, subject, body string) error
}

// ErrNoServer is the outcome recorded when CPCA_SMTP_URL is not set.
var ErrNoServer = errors.New("未配置邮件服务器（CPCA_SMTP_URL），邮件仅写入日志")

// LogSender writes messages to the log and reports ErrNoServer.
type LogSender struct{ Log *slog.Logger }

// Send logs the message.
func (l LogSender) Send(_ context.Context, from, to, subject, body string) error {
	l.Log.Info("email not sent: no SMTP server configured", "to", to, "subject", subject, "body", body)
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

// Send delivers one UTF-8 plain-text message.
func (s *SMTPSender) Send(ctx context.Context, from, to, subject, body string) error {
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := m.From(from); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := m.To(to); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	m.Subject(subject)
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(gomail.TypeTextPlain, body)
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(20 * time.Second)}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
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
	return c.DialAndSendWithContext(ctx, m)
}

// Deliver sends email id once. The row is locked for the whole send, so a duplicated task
// waits and then finds it sent; an email already sent is never sent again. final says this
// is the last attempt: a failure then is recorded as failed instead of left queued.
func Deliver(ctx context.Context, db *bun.DB, s Sender, from string, id int64, final bool) error {
	var sendErr error
	err := db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		e := new(Email)
		err := tx.NewSelect().Model(e).Where("id = ?", id).For("UPDATE").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // deleted: nothing to do
		}
		if err != nil {
			return err
		}
		if e.Status != StatusQueued {
			return nil
		}
		sendErr = s.Send(ctx, from, e.To, e.Subject, e.Body)
		q := tx.NewUpdate().Model(e).Set("attempts = attempts + 1").WherePK()
		switch {
		case sendErr == nil:
			q = q.Set("status = ?", StatusSent).Set("sent_at = now()").Set("last_error = ''")
		case errors.Is(sendErr, ErrNoServer):
			q = q.Set("status = ?", StatusNotSent).Set("last_error = ?", sendErr.Error())
		case final:
			q = q.Set("status = ?", StatusFailed).Set("last_error = ?", sendErr.Error())
		default:
			q = q.Set("last_error = ?", sendErr.Error())
		}
		_, err = q.Exec(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if sendErr != nil && !errors.Is(sendErr, ErrNoServer) {
		return &retryable{sendErr}
	}
	return nil
}

type retryable struct{ err error }

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// IsSendFailure reports whether err came from the mail server (the task is retried).
func IsSendFailure(err error) bool {
	var r *retryable
	return errors.As(err, &r)
}
