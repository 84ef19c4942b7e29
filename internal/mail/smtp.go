package mail

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// SMTP transaction stages, as SMTPError names them.
const (
	StageMail    = "MAIL"
	StageRcpt    = "RCPT"
	StageData    = "DATA"     // the DATA command and writing the message
	StageDataEnd = "DATA-END" // the final "." and the server's answer to it
)

// SMTPError is the server refusing (Code ≥ 400) or the connection failing (Code 0) at one
// stage of the transaction. A 5xx on RCPT is a hard bounce; see campaign's classify.
type SMTPError struct {
	Stage string
	Code  int
	Err   error
}

func (e *SMTPError) Error() string { return e.Stage + ": " + e.Err.Error() }
func (e *SMTPError) Unwrap() error { return e.Err }

// stageErr wraps err of one stage with the server's reply code, if it gave one.
func stageErr(stage string, err error) error {
	se := &SMTPError{Stage: stage, Err: err}
	var te *textproto.Error
	if errors.As(err, &te) {
		se.Code = te.Code
	}
	return se
}

// transact runs one SMTP mail transaction on an open, greeted connection in two phases: MAIL,
// RCPT, DATA and the whole message, flushed to the wire; then handOver (nil: none); then the
// final "." and the server's answer. A server must discard a message whose DATA never ended,
// so a worker that dies or is cancelled before the "." (or whose handOver fails) sent nothing:
// only the one round trip after handOver can leave the outcome unknown (ErrUncertain).
func transact(ctx context.Context, sc *smtp.Client, m *gomail.Msg, handOver func(context.Context) error) error {
	from, err := m.GetSender(false)
	if err != nil {
		return fmt.Errorf("from: %w", err)
	}
	rcpts, err := m.GetRecipients()
	if err != nil {
		return fmt.Errorf("to: %w", err)
	}
	if err := sc.Mail(from); err != nil {
		return stageErr(StageMail, err)
	}
	for _, r := range rcpts {
		if err := sc.Rcpt(r); err != nil {
			return stageErr(StageRcpt, err)
		}
	}
	w, err := sc.Data()
	if err != nil {
		return stageErr(StageData, err)
	}
	if _, err := m.WriteTo(w); err != nil {
		return stageErr(StageData, err)
	}
	// The dot-writer writes through the connection's buffer: flushing puts all but the final
	// "." on the wire, so a broken connection shows here, before the hand-over.
	if err := sc.Text.W.Flush(); err != nil {
		return stageErr(StageData, err)
	}
	if handOver != nil {
		if err := handOver(ctx); err != nil {
			return fmt.Errorf("hand-over not recorded, message not ended (the server discards it): %w", err)
		}
	}
	if err := w.Close(); err != nil {
		se := stageErr(StageDataEnd, err).(*SMTPError)
		if se.Code == 0 {
			// The final "." may have gone out and no reply came: accepted or not, nobody knows.
			return fmt.Errorf("%w: %v", ErrUncertain, se)
		}
		return se
	}
	return nil
}
