// Package audit records who did what, from where, with which result: logins and their
// failures, reviews, account changes, exports.
package audit

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/calendar"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Entry is one audit log row.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log"`
	ID            int64     `bun:"id,pk,autoincrement"`
	At            time.Time `bun:"at,nullzero,default:now()"`
	ActorID       int64     `bun:"actor_id,nullzero"`
	ActorName     string    `bun:"actor_name"`
	IP            string    `bun:"ip"`
	Action        string    `bun:"action"`
	ObjectType    string    `bun:"object_type"`
	ObjectID      string    `bun:"object_id"`
	Result        string    `bun:"result"`
	Detail        string    `bun:"detail"`
}

// Record writes e with db, which may be the transaction of the change it describes. Every
// text field is cut to its bound first (see bound), so no input makes a large row.
func Record(ctx context.Context, db bun.IDB, e Entry) error {
	if e.Result == "" {
		e.Result = "ok"
	}
	e.bound()
	_, err := db.NewInsert().Model(&e).Exec(ctx)
	return err
}

// Filter narrows List: by action code, by the actor's login name (exact), and by Shanghai
// calendar days From..To inclusive (zero: open).
type Filter struct {
	Action   string
	Actor    string
	From, To time.Time // calendar.ParseDate days (UTC midnights)
	Before   int64     // keyset: entries with id < Before
	Limit    int
}

// MaxPage is the most entries one page of List returns; exports use Export.
const MaxPage = 200

// List returns the newest entries first, at most MaxPage, as one parameterised statement
// (store.Params: one text per filter shape, whatever the values).
func List(ctx context.Context, db bun.IDB, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = 50
	}
	var out []Entry
	p := &store.Params{}
	return out, store.Select(ctx, db, &out, f.query(db, p), p)
}

// Export returns up to max entries of the filter, newest first (the Excel export).
func Export(ctx context.Context, db bun.IDB, f Filter, max int) ([]Entry, error) {
	f.Limit = max
	var out []Entry
	return out, f.query(db, nil).Scan(ctx, &out)
}

// query is the filter's entries, newest first, its values through p (nil: into the text, for
// bun).
func (f Filter) query(db bun.IDB, p *store.Params) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("audit_log").ColumnExpr("*").OrderExpr("id DESC").Limit(f.Limit)
	if f.Action != "" {
		q = q.Where("action = ?", p.Add(f.Action))
	}
	if f.Actor != "" {
		q = q.Where("actor_name = ?", p.Add(f.Actor))
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", p.Add(shanghaiMidnight(f.From)))
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", p.Add(shanghaiMidnight(f.To.AddDate(0, 0, 1))))
	}
	if f.Before > 0 {
		q = q.Where("id < ?", p.Add(f.Before))
	}
	return q
}

// shanghaiMidnight is the instant a calendar day (a UTC midnight) begins in Asia/Shanghai.
func shanghaiMidnight(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.Zone)
}

// Bounds of the text fields, in characters: names and ids are short, the detail can hold a
// reason or a filter. A failed login once stored a typed username of 2 MiB.
const (
	MaxName   = 256
	MaxDetail = 2000
)

// bound cuts every text field of e to its size.
func (e *Entry) bound() {
	for _, f := range []*string{&e.ActorName, &e.IP, &e.Action, &e.ObjectType, &e.ObjectID, &e.Result} {
		*f = Cut(*f, MaxName)
	}
	e.Detail = Cut(e.Detail, MaxDetail)
}

// Cut shortens s to at most n characters, the last one an ellipsis when it had to cut, and
// never splits a UTF-8 sequence. Bytes PostgreSQL would refuse in text (invalid UTF-8, NUL)
// become U+FFFD, so a hostile input can not make the entry fail either.
func Cut(s string, n int) string {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for k < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		k++
	}
	return s[:i] + "…"
}
