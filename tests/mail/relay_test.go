package mail

import (
	"context"
	"testing"

	"cpca/internal/jobs"
	"cpca/internal/outbox"

	"github.com/hibiken/asynq"
)

// One sweep hands a whole bulk send to the queue (claims of outbox.ClaimBatch, claiming again
// while rows are left), for email and SMS alike. Before, a sweep took 200 rows of each every 5 s:
// about 40 messages a second per worker.
func TestRelayDrainsBulk(t *testing.T) {
	ctx := context.Background()
	const rows = 1234
	q := &jobs.Queue{Client: env.Queue.Client, Name: env.Cfg.Queue + "-bulk"} // no worker listens here
	insp := asynq.NewInspector(redisOpt(t))
	defer insp.Close()
	t.Cleanup(func() {
		_, _ = env.DB.NewRaw(`DELETE FROM emails WHERE kind = 'bulk'`).Exec(ctx)
		_, _ = env.DB.NewRaw(`DELETE FROM sms_messages WHERE kind = 'bulk'`).Exec(ctx)
		_ = insp.DeleteQueue(q.Name, true)
	})
	if _, err := env.DB.NewRaw(`INSERT INTO emails (to_addr, subject, body, kind)
		SELECT 'bulk' || g || '@example.com', '群发', '正文', 'bulk' FROM generate_series(1, ?) g`, rows).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`INSERT INTO sms_messages (to_mobile, template, params, kind)
		SELECT '138' || lpad(g::text, 8, '0'), 'legacy_text', '{"text": "x"}', 'bulk' FROM generate_series(1, ?) g`, rows).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	relay := &jobs.Relay{DB: env.DB, Queue: q, Log: env.Log}
	n, err := relay.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var left int
	if err := env.DB.NewRaw(`SELECT (SELECT count(*) FROM emails WHERE kind = 'bulk' AND enqueued_at IS NULL) +
		(SELECT count(*) FROM sms_messages WHERE kind = 'bulk' AND enqueued_at IS NULL)`).Scan(ctx, &left); err != nil {
		t.Fatal(err)
	}
	if n < 2*rows || left != 0 {
		t.Fatalf("one sweep handed over %d rows, %d bulk rows left unclaimed; want all %d", n, left, 2*rows)
	}
	info, err := insp.GetQueueInfo(q.Name)
	if err != nil || info.Pending < 2*rows {
		t.Fatalf("queue holds %v pending tasks (%v), want %d", info, err, 2*rows)
	}
	if outbox.ClaimBatch < 500 {
		t.Errorf("claim batch %d", outbox.ClaimBatch)
	}
}
