package broadcast

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
)

// Get loads a broadcast.
func Get(ctx context.Context, db bun.IDB, id int64) (*Broadcast, error) {
	b := new(Broadcast)
	err := db.NewSelect().Model(b).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}

// List returns a page of broadcasts, newest first, and the total.
func List(ctx context.Context, db bun.IDB, page, size int) ([]Broadcast, int, error) {
	if page < 1 {
		page = 1
	}
	var bs []Broadcast
	n, err := db.NewSelect().Model(&bs).Order("created_at DESC", "id DESC").Limit(size).Offset((page - 1) * size).ScanAndCount(ctx)
	return bs, n, err
}

// LevelRead is the read rate of one level: how many recipient companies, and how many of
// them had at least one user read the message (opened it, or marked everything read after it).
type LevelRead struct {
	Level      string `bun:"level"`
	Recipients int    `bun:"recipients"`
	Read       int    `bun:"read"`
}

// Percent is the read rate in whole percent.
func (l LevelRead) Percent() int {
	if l.Recipients == 0 {
		return 0
	}
	return l.Read * 100 / l.Recipients
}

// Delivery counts the email copies by outbox status.
type Delivery struct {
	Status string `bun:"status"`
	Count  int    `bun:"count"`
}

// Stats is what staff see per message.
type Stats struct {
	Levels []LevelRead
	Emails []Delivery
}

// StatsOf computes the read rate by level (levels as they were when sent) and the email
// delivery counts.
func StatsOf(ctx context.Context, db bun.IDB, id int64) (Stats, error) {
	var s Stats
	err := db.NewRaw(`SELECT r.level, count(*) AS recipients,
		count(*) FILTER (WHERE EXISTS (SELECT 1 FROM users u WHERE u.company_id = r.company_id AND (
			EXISTS (SELECT 1 FROM broadcast_reads x WHERE x.user_id = u.id AND x.broadcast_id = r.broadcast_id)
			OR EXISTS (SELECT 1 FROM inbox_marks k WHERE k.user_id = u.id AND k.read_before >= r.sent_at)))) AS read
		FROM broadcast_recipients r WHERE r.broadcast_id = ?
		GROUP BY r.level ORDER BY array_position(ARRAY['president','vice_president','standing','council','member'], r.level)`, id).Scan(ctx, &s.Levels)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, err
	}
	err = db.NewRaw(`SELECT e.status, count(*) AS count FROM broadcast_recipients r JOIN emails e ON e.id = r.email_id
		WHERE r.broadcast_id = ? GROUP BY e.status ORDER BY e.status`, id).Scan(ctx, &s.Emails)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return s, err
}
