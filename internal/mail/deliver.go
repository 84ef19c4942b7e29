package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"

	"cpca/internal/outbox"

	"github.com/uptrace/bun"
)

// MessageID is the Message-ID of an outbox email: the row's id and creation time at the
// sender's domain. It is the same on every attempt and on a staff resend, so a receiver (or
// its mail server) can recognise a second copy.
func MessageID(e *Email, from string) string {
	host := "cpca.local"
	if a, err := netmail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i < len(a.Address)-1 {
			host = a.Address[i+1:]
		}
	}
	return fmt.Sprintf("outbox-%d.%d@%s", e.ID, e.CreatedAt.Unix(), host)
}

// Deliver sends email id at most once automatically. The row moves to sending in its own
// committed statement before the SMTP conversation and gets the outcome after, so:
//   - a duplicated task or a concurrent delivery finds it sending or sent and does nothing;
//   - a refusal by the server (or no connection) puts it back in the queue to retry, or records
//     it failed when final says this was the last attempt;
//   - an interruption after the message went out (ErrUncertain) records it unknown, and a
//     worker killed mid-send leaves it sending, which the relay marks unknown after
//     outbox.SendingTimeout. Unknown emails go out again only when staff press 重新发送.
func Deliver(ctx context.Context, db *bun.DB, s Sender, from string, id int64, final bool) error {
	e, err := Get(ctx, db, id)
	if errors.Is(err, ErrNotFound) {
		return nil // deleted: nothing to do
	}
	if err != nil || e.Status != StatusQueued {
		return err
	}
	atts, err := Attachments(ctx, db, id)
	if err != nil {
		return err
	}
	ok, err := outbox.Begin(ctx, db, outbox.Emails, id)
	if err != nil || !ok {
		return err
	}
	sendErr := s.Send(ctx, Envelope{From: from, To: e.To, Subject: e.Subject, Body: e.Body, MessageID: MessageID(e, from), Attachments: atts})
	o := outbox.Outcome{Status: StatusSent}
	switch {
	case sendErr == nil:
	case errors.Is(sendErr, ErrNoServer):
		o = outbox.Outcome{Status: StatusNotSent, Error: sendErr.Error()}
	case errors.Is(sendErr, ErrUncertain):
		o = outbox.Outcome{Status: StatusUnknown, Error: sendErr.Error()}
	case final:
		o = outbox.Outcome{Status: StatusFailed, Error: sendErr.Error()}
	default:
		o = outbox.Outcome{Status: StatusQueued, Error: sendErr.Error()}
	}
	if err := outbox.Finish(ctx, db, outbox.Emails, id, o); err != nil {
		return fmt.Errorf("record outcome of email %d (left sending): %w", id, err)
	}
	if o.Status == StatusQueued || o.Status == StatusFailed {
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
