package notice

import (
	"context"
	"database/sql"
	"errors"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// The inbox reads two sources: notices (company_id NULL = everyone, or the company) and the
// frozen recipient rows of broadcasts (broadcast_recipients, live ones only). A message is
// read when the user opened it (a row in notice_reads or broadcast_reads) or when it is not
// newer than the user's 全部标为已读 mark (inbox_marks.read_before): marking all read is one
// row however many messages there are.

// markCTE yields the user's read-before mark (-infinity without one) as m.before.
const markCTE = `WITH m AS (SELECT COALESCE((SELECT read_before FROM inbox_marks WHERE user_id = ?0), '-infinity'::timestamptz) AS before) `

// inboxSQL is the union of the two sources for user ?0 of company ?1, with is_read computed.
const inboxSQL = markCTE + `SELECT * FROM (
	SELECT n.id, n.title, n.created_at, false AS important, false AS broadcast,
		(n.created_at <= m.before OR EXISTS (SELECT 1 FROM notice_reads x WHERE x.user_id = ?0 AND x.notice_id = n.id)) AS is_read
	FROM notices n, m WHERE (n.company_id IS NULL OR n.company_id = ?1)
	UNION ALL
	SELECT r.broadcast_id, b.title, r.sent_at, r.important, true,
		(r.sent_at <= m.before OR EXISTS (SELECT 1 FROM broadcast_reads x WHERE x.user_id = ?0 AND x.broadcast_id = r.broadcast_id))
	FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id, m
	WHERE r.company_id = ?1 AND r.live
) i WHERE true`

// InboxSQL is inboxSQL for the speed benchmark's hand-written server (tests/bench), which
// must run the same statements as the pages it is compared with.
const InboxSQL = inboxSQL

// Filter narrows the inbox: 未读, 重要, or both; the zero value is 全部.
type Filter struct {
	Unread, Important bool
}

func (f Filter) where() string {
	s := ""
	if f.Unread {
		s += " AND NOT i.is_read"
	}
	if f.Important {
		s += " AND i.important"
	}
	return s
}

// List returns a page of the messages a user of companyID can read, newest first, and how many
// match the filter.
func List(ctx context.Context, db bun.IDB, userID, companyID int64, f Filter, page, size int) ([]Notice, int, error) {
	if page < 1 {
		page = 1
	}
	var total int
	if err := store.Read(ctx, db, &total, `SELECT count(*) FROM (`+inboxSQL+f.where()+`) c`, userID, companyID); err != nil {
		return nil, 0, err
	}
	var ns []Notice
	err := store.Read(ctx, db, &ns, inboxSQL+f.where()+` ORDER BY i.created_at DESC, i.id DESC LIMIT ?2 OFFSET ?3`,
		userID, companyID, size, (page-1)*size)
	return ns, total, err
}

// Unreads returns up to limit unread messages, the important ones first, then newest first,
// without counting them: 待办事项 pins the important ones and lists the rest.
func Unreads(ctx context.Context, db bun.IDB, userID, companyID int64, limit int) ([]Notice, error) {
	var ns []Notice
	err := store.Read(ctx, db, &ns, inboxSQL+Filter{Unread: true}.where()+` ORDER BY i.important DESC, i.created_at DESC, i.id DESC LIMIT ?2`,
		userID, companyID, limit)
	return ns, err
}

// Get loads a message the user may read: a notice addressed to the company or everyone, or a
// live broadcast the company received.
func Get(ctx context.Context, db bun.IDB, userID, companyID, id int64) (*Notice, error) {
	var ns []Notice
	err := db.NewRaw(`SELECT i.*, COALESCE(n.body, b.body) AS body, COALESCE(b.markdown, false) AS markdown FROM (`+inboxSQL+` AND i.id = ?2) i
		LEFT JOIN notices n ON NOT i.broadcast AND n.id = i.id
		LEFT JOIN broadcasts b ON i.broadcast AND b.id = i.id`, userID, companyID, id).Scan(ctx, &ns)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && len(ns) == 0) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &ns[0], nil
}

// MarkRead marks one message read (标记已读, or opening it); it refuses messages not addressed
// to the reader.
func MarkRead(ctx context.Context, db bun.IDB, userID, companyID, id int64) error {
	n, err := Get(ctx, db, userID, companyID, id)
	if err != nil || n.Read {
		return err
	}
	q := `INSERT INTO notice_reads (notice_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
	if n.Broadcast {
		q = `INSERT INTO broadcast_reads (broadcast_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
	}
	_, err = db.NewRaw(q, id, userID).Exec(ctx)
	return err
}

// MarkAllRead is 全部标为已读: one row, the user's read-before mark, moved to now.
func MarkAllRead(ctx context.Context, db bun.IDB, userID, companyID int64) error {
	_, err := db.NewRaw(`INSERT INTO inbox_marks (user_id, read_before) VALUES (?, now())
		ON CONFLICT (user_id) DO UPDATE SET read_before = GREATEST(inbox_marks.read_before, EXCLUDED.read_before)`, userID).Exec(ctx)
	return err
}

// UnreadSQL counts the unread messages of user ?0 of company ?1. It is what every member page
// runs for the menu badge, so each half is one range scan on an index: notices by
// (company_id, created_at), broadcast recipients by the partial inbox index
// (company_id, sent_at) INCLUDE (important) WHERE live, bounded below by the read-before mark;
// the sparse read rows are probed by their primary key. tests/broadcast asserts the plan.
const UnreadSQL = markCTE + `SELECT
	(SELECT count(*) FROM notices n, m WHERE (n.company_id IS NULL OR n.company_id = ?1) AND n.created_at > m.before
		AND NOT EXISTS (SELECT 1 FROM notice_reads x WHERE x.user_id = ?0 AND x.notice_id = n.id))
	+ (SELECT count(*) FROM broadcast_recipients r, m WHERE r.company_id = ?1 AND r.live AND r.sent_at > m.before
		AND NOT EXISTS (SELECT 1 FROM broadcast_reads x WHERE x.user_id = ?0 AND x.broadcast_id = r.broadcast_id))`

// Unread counts the unread messages of a user.
func Unread(ctx context.Context, db bun.IDB, userID, companyID int64) (int, error) {
	var n int
	err := store.Read(ctx, db, &n, UnreadSQL, userID, companyID)
	return n, err
}
