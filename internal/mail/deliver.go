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

// Deliver sends email id at most once automatically, and exactly once unless a worker dies in
// the last round trip. The row moves to sending in its own committed statement before the
// SMTP conversation, records the hand-over (handed_at, committed) just before the "." that
// ends DATA, and gets the outcome after, so:
//   - a duplicated task or a concurrent delivery finds it sending or sent and does nothing;
//   - a refusal by the server (or no connection) puts it back in the queue to retry, or records
//     it failed when final says this was the last attempt;
//   - a worker killed before the hand-over leaves it sending without handed_at: the server
//     discarded the unfinished message, and the relay puts the row back in the queue after
//     outbox.InterruptedTimeout (this attempt's hand-over is then refused, so a worker that
//     was only slow never ends its copy);
//   - an interruption after the hand-over (ErrUncertain, or a worker killed waiting for the
//     server's answer) records it unknown, or leaves it sending for the relay to mark unknown
//     after outbox.SendingTimeout. Unknown emails go out again only when staff press 重新发送.
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
	attempt, err := outbox.Begin(ctx, db, outbox.Emails, id)
	if err != nil || attempt == 0 {
		return err
	}
	handOver := func(ctx context.Context) error { return outbox.HandOver(ctx, db, outbox.Emails, id, attempt) }
	sendErr := s.Send(ctx, Envelope{From: from, To: e.To, Subject: e.Subject, Body: e.Body, MessageID: MessageID(e, from),
		Attachments: atts, HandOver: handOver})
	o := outbox.Outcome{Attempt: attempt, Status: StatusSent}
	switch {
	case sendErr == nil:
	case errors.Is(sendErr, outbox.ErrTakenBack):
		return nil // requeued by the relay while this attempt was slow: the row is another's now
	case errors.Is(sendErr, ErrNoServer):
		o.Status, o.Error = StatusNotSent, sendErr.Error()
	case errors.Is(sendErr, ErrUncertain):
		o.Status, o.Error = StatusUnknown, sendErr.Error()
	case final:
		o.Status, o.Error = StatusFailed, sendErr.Error()
	default:
		o.Status, o.Error = StatusQueued, sendErr.Error()
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
