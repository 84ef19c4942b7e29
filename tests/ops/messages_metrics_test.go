package ops

import (
	"context"
	"errors"
	"testing"

	"cpca/internal/mail"
	"cpca/internal/metrics"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

type refusing struct{}

func (refusing) Send(context.Context, mail.Envelope) error {
	return errors.New("550 mailbox unavailable")
}

type accepting struct{}

func (accepting) Send(context.Context, mail.Envelope) error { return nil }

// Every delivery outcome recorded in the outbox is counted in cpca_messages_total: one sent,
// one failed (a final attempt refused by the server).
func TestMessageCounters(t *testing.T) {
	ctx := context.Background()
	sent := testutil.ToFloat64(metrics.Messages.WithLabelValues("email", "sent"))
	failed := testutil.ToFloat64(metrics.Messages.WithLabelValues("email", "failed"))
	for i, s := range []mail.Sender{accepting{}, refusing{}} {
		to := []string{"ops-sent@example.com", "ops-failed@example.com"}[i]
		id, err := mail.Queue(ctx, env.DB, mail.Message{To: to, Subject: "计数", Body: "x", Kind: "ops_count", DedupeKey: "ops:count:" + to})
		if err != nil {
			t.Fatal(err)
		}
		_ = mail.Deliver(ctx, env.DB, s, env.Cfg.MailFrom, id, true)
	}
	if d := testutil.ToFloat64(metrics.Messages.WithLabelValues("email", "sent")) - sent; d != 1 {
		t.Errorf("sent counter moved by %v, want 1", d)
	}
	if d := testutil.ToFloat64(metrics.Messages.WithLabelValues("email", "failed")) - failed; d != 1 {
		t.Errorf("failed counter moved by %v, want 1", d)
	}
}
