package dashboard

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

type eventRow struct {
	ID        int64  `bun:"id"`
	Name      string `bun:"name"`
	Capacity  int64  `bun:"capacity"`
	Held      int64  `bun:"held"`
	Waiting   int64  `bun:"waiting"`
	Attendees int64  `bun:"attendees"`
	Checked   int64  `bun:"checked"`
}

// RecentEvents is how many events the widget shows: the latest by start.
const RecentEvents = 10

// Events is, for the latest events, the places held (confirmed, pending approval, offered)
// against the capacity, the places waiting on the waitlist, and the check-in rate (attendees
// of confirmed registrations checked in).
func Events(ctx context.Context, db bun.IDB, _ time.Time) (*Table, error) {
	var rows []eventRow
	err := db.NewRaw(`SELECT e.id, e.name, e.capacity,
			coalesce(sum(r.places) FILTER (WHERE r.status IN ('confirmed', 'pending', 'offered')), 0) AS held,
			coalesce(sum(r.places) FILTER (WHERE r.status = 'waitlisted'), 0) AS waiting,
			coalesce(sum(a.n) FILTER (WHERE r.status = 'confirmed'), 0) AS attendees,
			coalesce(sum(a.checked) FILTER (WHERE r.status = 'confirmed'), 0) AS checked
		FROM (SELECT id, name, capacity, starts_at FROM events ORDER BY starts_at DESC, id DESC LIMIT ?) e
		LEFT JOIN event_registrations r ON r.event_id = e.id
		LEFT JOIN LATERAL (SELECT count(*) AS n, count(checked_in_at) AS checked FROM event_attendees WHERE registration_id = r.id) a ON true
		GROUP BY e.id, e.name, e.capacity, e.starts_at ORDER BY e.starts_at DESC, e.id DESC`, RecentEvents).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"活动", "名额", "已报名（名额）", "候补（名额）", "参会人数", "已签到", "签到率"},
		Chart: Chart{Type: "hbar", Series: []int{0, 1, 2}},
		Note:  "已报名含待审核与候补递补中的名额；签到率 = 已确认报名的参会人中已签到的比例。"}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		t.Rows = append(t.Rows, Row{Label: r.Name, Link: eventsList + "/" + id(r.ID), Cells: []Cell{
			{N: r.Capacity}, {N: r.Held}, {N: r.Waiting}, {N: r.Attendees}, {N: r.Checked}, {N: rate(r.Checked, r.Attendees), Kind: Rate}}})
	}
	papers, err := EventPapers(ctx, db, ids)
	if err != nil || papers == nil {
		return t, err
	}
	t.Head = append(t.Head, "投稿", "录用")
	for i, r := range rows {
		p := papers[r.ID]
		t.Rows[i].Cells = append(t.Rows[i].Cells, Cell{N: p.Submitted}, Cell{N: p.Accepted})
	}
	return t, nil
}

// PaperCount is an event's papers (参会投稿): submitted and accepted.
type PaperCount struct{ Submitted, Accepted int64 }

// EventPapers counts the papers (参会投稿) of the events ids in one query: submitted (every
// paper past its draft and not withdrawn) and accepted (录用 or 修改后录用, once released or
// staged: staff see both).
func EventPapers(ctx context.Context, db bun.IDB, ids []int64) (map[int64]PaperCount, error) {
	if len(ids) == 0 {
		return map[int64]PaperCount{}, nil
	}
	var rows []struct {
		EventID   int64 `bun:"event_id"`
		Submitted int64 `bun:"submitted"`
		Accepted  int64 `bun:"accepted"`
	}
	err := db.NewRaw(`SELECT event_id, count(*) FILTER (WHERE status NOT IN ('draft', 'withdrawn')) AS submitted,
			count(*) FILTER (WHERE status IN ('accepted', 'revise')) AS accepted
		FROM papers WHERE event_id IN (?) GROUP BY event_id`, bun.In(ids)).Scan(ctx, &rows)
	out := make(map[int64]PaperCount, len(rows))
	for _, r := range rows {
		out[r.EventID] = PaperCount{Submitted: r.Submitted, Accepted: r.Accepted}
	}
	return out, err
}
