package metrics

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

var (
	dbOnce   sync.Once
	backlogD = prometheus.NewDesc("cpca_outbox_backlog", "Outbox rows not yet delivered (queued or sending), by channel, kind and status.",
		[]string{"channel", "kind", "status"}, nil)
	backlogErr = prometheus.NewDesc("cpca_outbox_backlog_error", "1 when the last backlog query failed.", nil, nil)
)

// WatchDB adds the database pool's statistics (go_sql_*, from sql.DB.Stats) and the outbox
// backlog to the registry. Only the first call counts: one pool per process.
func WatchDB(db *sql.DB) {
	dbOnce.Do(func() {
		Registry.MustRegister(collectors.NewDBStatsCollector(db, "cpca"), &backlog{db: db})
	})
}

// backlog queries the outbox tables on scrape. The query reads the partial indexes on
// undelivered rows only (emails_backlog_idx, sms_backlog_idx), is bounded by a 2 s statement
// timeout, and its answer is kept for 10 s so several scrapers cost one query.
type backlog struct {
	db   *sql.DB
	mu   sync.Mutex
	at   time.Time
	rows []backlogRow
	err  bool
}

type backlogRow struct {
	channel, kind, status string
	n                     float64
}

const backlogSQL = `SELECT 'email', kind, status, count(*) FROM emails WHERE status IN ('queued', 'sending') GROUP BY kind, status
	UNION ALL SELECT 'sms', kind, status, count(*) FROM sms_messages WHERE status IN ('queued', 'sending') GROUP BY kind, status`

func (b *backlog) Describe(ch chan<- *prometheus.Desc) { ch <- backlogD; ch <- backlogErr }

func (b *backlog) Collect(ch chan<- prometheus.Metric) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if time.Since(b.at) > 10*time.Second {
		b.rows, b.err = b.query()
		b.at = time.Now()
	}
	for _, r := range b.rows {
		ch <- prometheus.MustNewConstMetric(backlogD, prometheus.GaugeValue, r.n, r.channel, r.kind, r.status)
	}
	e := 0.0
	if b.err {
		e = 1
	}
	ch <- prometheus.MustNewConstMetric(backlogErr, prometheus.GaugeValue, e)
}

func (b *backlog) query() ([]backlogRow, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rs, err := b.db.QueryContext(ctx, backlogSQL)
	if err != nil {
		return nil, true
	}
	defer rs.Close()
	var out []backlogRow
	for rs.Next() {
		var r backlogRow
		if err := rs.Scan(&r.channel, &r.kind, &r.status, &r.n); err != nil {
			return nil, true
		}
		out = append(out, r)
	}
	return out, rs.Err() != nil
}
