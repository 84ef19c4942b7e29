package campaign

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"cpca/internal/mail"

	"github.com/uptrace/bun"
)

// Runner sends campaigns. One Runner per worker process: its throttle is shared by every
// campaign the process sends.
type Runner struct {
	DB      *bun.DB
	Sender  mail.Sender
	From    string
	BaseURL string
	Log     *slog.Logger
	// Batch is how many due rows one round loads; Concurrency how many messages are in flight
	// at once (the duplicate window after a kill, see README).
	Batch, Concurrency int
	// Budget bounds one Run; the next sweep goes on (a 50,000-address campaign at 600 a minute
	// takes over an hour, longer than any task should hold a worker).
	Budget time.Duration
	// Backoff is the first wait after a 4xx, doubled per attempt (capped at an hour);
	// MaxAttempts turns a row failed after that many deferrals.
	Backoff     time.Duration
	MaxAttempts int

	once     sync.Once
	limits   Limits
	throttle *throttle
}

// NewRunner builds a runner with the limits.
func NewRunner(db *bun.DB, s mail.Sender, from, baseURL string, l Limits, log *slog.Logger) *Runner {
	return &Runner{DB: db, Sender: s, From: from, BaseURL: baseURL, Log: log, limits: l}
}

func (r *Runner) init() {
	r.once.Do(func() {
		if r.Batch == 0 {
			r.Batch = 200
		}
		if r.Concurrency == 0 {
			r.Concurrency = 4
		}
		if r.Budget == 0 {
			r.Budget = 50 * time.Second
		}
		if r.Backoff == 0 {
			r.Backoff = 5 * time.Minute
		}
		if r.MaxAttempts == 0 {
			r.MaxAttempts = 6
		}
		if r.Log == nil {
			r.Log = slog.Default()
		}
		r.throttle = newThrottle(r.limits)
	})
}

// lockSpace is the first key of the campaign advisory locks (the second is the id).
const lockSpace = 0x6361 // "ca"

// ErrBusy means another run holds the campaign: it is not an error for a sweep.
var ErrBusy = errors.New("campaign: another run is sending this campaign")

// Result is what one Run did.
type Result struct {
	Sent, Deferred, Failed, Bounced int
	Finished                        bool
}

// Run sends campaign id for up to Budget. Exactly one run per campaign proceeds at a time: it
// holds a session advisory lock on its own connection, which PostgreSQL releases when the
// process dies, so a killed worker's campaign is picked up by the next sweep. Every row is
// marked sending (committed) before its SMTP conversation; rows a dead run left sending are
// sent again, which is the only way a recipient can get two copies (at most Concurrency rows).
func (r *Runner) Run(ctx context.Context, id int64) (Result, error) {
	r.init()
	var res Result
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?, ?)`, lockSpace, id).Scan(&got); err != nil {
		return res, err
	}
	if !got {
		return res, ErrBusy
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?, ?)`, lockSpace, id)
	}()
	if err := r.start(ctx, id); err != nil {
		return res, err
	}
	// We hold the lock: a row still sending was left by a run that died mid-message.
	if _, err := r.DB.NewRaw(`UPDATE campaign_deliveries SET status = 'queued', next_at = now()
		WHERE campaign_id = ? AND status = 'sending'`, id).Exec(ctx); err != nil {
		return res, err
	}
	key, err := Key(ctx, r.DB)
	if err != nil {
		return res, err
	}
	deadline := time.Now().Add(r.Budget)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		c, err := Get(ctx, r.DB, id)
		if err != nil {
			return res, err
		}
		if c.Status != Sending { // paused or cancelled meanwhile
			return res, nil
		}
		var due []Delivery
		if err := r.DB.NewSelect().Model(&due).Where("campaign_id = ?", id).Where("status IN ('queued', 'deferred')").
			Where("next_at <= now()").Order("next_at", "id").Limit(r.Batch).Scan(ctx); err != nil {
			return res, err
		}
		if len(due) == 0 {
			done, err := r.finish(ctx, id)
			res.Finished = done
			if err != nil || done {
				return res, err
			}
			// Rows wait for their domain's next slot or a back-off: sleep until the first one
			// is due if that is within the budget, else leave it to the next sweep.
			var next time.Time
			if err := r.DB.NewRaw(`SELECT coalesce(min(next_at), now()) FROM campaign_deliveries
				WHERE campaign_id = ? AND status IN ('queued', 'deferred')`, id).Scan(ctx, &next); err != nil {
				return res, err
			}
			if !next.Before(deadline) {
				return res, nil
			}
			select {
			case <-ctx.Done():
				return res, nil
			case <-time.After(time.Until(next)):
			}
			continue
		}
		if err := r.batch(ctx, c, due, key, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// start moves a scheduled campaign whose time has come to sending and writes its delivery rows
// (the audience is resolved now, not when it was composed), in one transaction.
func (r *Runner) start(ctx context.Context, id int64) error {
	return r.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c := new(Campaign)
		if err := tx.NewSelect().Model(c).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if c.Status != Scheduled || c.SendAt.After(time.Now()) {
			return nil
		}
		n, supp, err := Materialize(ctx, tx, c)
		if err != nil {
			return err
		}
		_, err = tx.NewRaw(`UPDATE campaigns SET status = 'sending', started_at = now(), recipients = ?, suppressed = ?, updated_at = now() WHERE id = ?`,
			n, supp, id).Exec(ctx)
		return err
	})
}

// finish marks the campaign sent once no row is waiting; deferred rows in the future keep it
// sending (the next sweep comes back for them).
func (r *Runner) finish(ctx context.Context, id int64) (bool, error) {
	res, err := r.DB.NewRaw(`UPDATE campaigns SET status = 'sent', finished_at = now(), updated_at = now()
		WHERE id = ? AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM campaign_deliveries
			WHERE campaign_id = ? AND status IN ('queued', 'deferred', 'sending'))`, id, id).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// batch sends the due rows with Concurrency messages in flight. A row whose domain is over
// its rate is moved to the domain's next free slot instead of blocking the others.
func (r *Runner) batch(ctx context.Context, c *Campaign, due []Delivery, key []byte, res *Result) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan Delivery)
	for range r.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				o, err := r.one(ctx, c, d, key)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				switch o {
				case DSent:
					res.Sent++
				case DDeferred:
					res.Deferred++
				case DFailed:
					res.Failed++
				case DBounced:
					res.Bounced++
				}
				mu.Unlock()
			}
		}()
	}
	for _, d := range due {
		if ok, at := r.throttle.takeDomain(d.Domain); !ok {
			if _, err := r.DB.NewRaw(`UPDATE campaign_deliveries SET next_at = ? WHERE id = ?`, at, d.ID).Exec(ctx); err != nil {
				first = err
				break
			}
			continue
		}
		if err := r.throttle.waitOverall(ctx); err != nil {
			break
		}
		next <- d
	}
	close(next)
	wg.Wait()
	return first
}

// one sends one row: mark sending (committed), talk SMTP, record the outcome.
func (r *Runner) one(ctx context.Context, c *Campaign, d Delivery, key []byte) (string, error) {
	q, err := r.DB.NewRaw(`UPDATE campaign_deliveries SET status = 'sending', attempts = attempts + 1, sending_at = now(), updated_at = now()
		WHERE id = ? AND status IN ('queued', 'deferred')`, d.ID).Exec(ctx)
	if err != nil {
		return "", err
	}
	if n, _ := q.RowsAffected(); n == 0 {
		return "", nil
	}
	m, err := Render(c.Subject, c.Body, c.Layout, d.Recipient(), UnsubscribeURL(r.BaseURL, key, d.Address))
	var o outcome
	if err != nil {
		o = outcome{status: DFailed, msg: err.Error()}
	} else {
		sendErr := r.Sender.Send(ctx, mail.Envelope{From: r.From, To: d.Address, Subject: m.Subject, Body: m.Body,
			MessageID: fmt.Sprintf("campaign-%d-%d@%s", c.ID, d.ID, host(r.From)), Headers: Headers(m)})
		o = classify(sendErr)
		if o.status == DDeferred && d.Attempts+1 >= r.MaxAttempts {
			o.status = DFailed
		}
	}
	wctx := context.WithoutCancel(ctx) // the outcome is recorded even when the run is stopping
	upd := r.DB.NewUpdate().Table("campaign_deliveries").Set("status = ?", o.status).Set("smtp_code = ?", o.code).
		Set("smtp_message = ?", cut(o.msg, 500)).Set("updated_at = now()").Where("id = ?", d.ID)
	switch o.status {
	case DSent:
		upd = upd.Set("sent_at = now()")
	case DDeferred:
		upd = upd.Set("next_at = ?", time.Now().Add(r.backoff(d.Attempts+1)))
	}
	if _, err := upd.Exec(wctx); err != nil {
		return o.status, err
	}
	if o.status == DBounced {
		if err := Suppress(wctx, r.DB, d.Address, ReasonBounce, strconv.Itoa(o.code)+" "+cut(o.msg, 200)); err != nil {
			return o.status, err
		}
	}
	return o.status, nil
}

func (r *Runner) backoff(attempt int) time.Duration {
	return min(r.Backoff<<min(attempt-1, 10), time.Hour)
}

// outcome is what the server said about one message.
type outcome struct {
	status string
	code   int
	msg    string
}

// classify maps a send error to a row state: 5xx on RCPT is a hard bounce (the address does
// not exist), other 5xx a failure, 4xx and connection trouble a deferral (tried again later,
// never counted as final).
func classify(err error) outcome {
	if err == nil {
		return outcome{status: DSent, code: 250, msg: "OK"}
	}
	var se *mail.SMTPError
	if errors.As(err, &se) {
		code := se.Code
		switch {
		case code >= 500 && se.Stage == mail.StageRcpt:
			return outcome{DBounced, code, err.Error()}
		case code >= 500:
			return outcome{DFailed, code, err.Error()}
		case code >= 400:
			return outcome{DDeferred, code, err.Error()}
		}
	}
	if errors.Is(err, mail.ErrNoServer) || errors.Is(err, mail.ErrUncertain) {
		return outcome{DFailed, 0, err.Error()}
	}
	return outcome{DDeferred, 0, err.Error()} // no connection, timeout: try again later
}

func host(from string) string {
	for i := len(from) - 1; i >= 0; i-- {
		if from[i] == '@' {
			h := from[i+1:]
			if j := len(h) - 1; j >= 0 && h[j] == '>' {
				h = h[:j]
			}
			return h
		}
	}
	return "cpca.local"
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
