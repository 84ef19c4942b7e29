package broadcast

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Audience is who a broadcast is for, as staff chose it; it is stored with the broadcast.
// All is every member company. Otherwise the filters (levels, provinces, categories) combine
// with AND, each one matching any of its values, and chosen companies are added to what the
// filters match. Only member companies (status member) receive anything.
type Audience struct {
	All        bool     `json:"all,omitempty"`
	Levels     []string `json:"levels,omitempty"`
	Provinces  []string `json:"provinces,omitempty"`
	Categories []string `json:"categories,omitempty"`
	CompanyIDs []int64  `json:"company_ids,omitempty"`
	// EventID adds the companies with a confirmed registration (已确认) for that event.
	EventID int64 `json:"event_id,omitempty"`
}

func (a Audience) filtered() bool {
	return len(a.Levels)+len(a.Provinces)+len(a.Categories) > 0
}

// Empty reports whether nothing was chosen.
func (a Audience) Empty() bool {
	return !a.All && !a.filtered() && len(a.CompanyIDs) == 0 && a.EventID == 0
}

// cond is the SQL condition on companies c that the audience selects.
func (a Audience) cond() (string, []any) {
	if a.All {
		return "c.status = 'member'", nil
	}
	var or []string
	var args []any
	if a.filtered() {
		var and []string
		add := func(col string, vs []string) {
			if len(vs) > 0 {
				and = append(and, "c."+col+" = ANY(?)")
				args = append(args, pgdialect.Array(vs))
			}
		}
		add("level", a.Levels)
		add("province", a.Provinces)
		add("category", a.Categories)
		or = append(or, "("+strings.Join(and, " AND ")+")")
	}
	if len(a.CompanyIDs) > 0 {
		or = append(or, "c.id = ANY(?)")
		args = append(args, pgdialect.Array(a.CompanyIDs))
	}
	if a.EventID != 0 {
		// event_registrations_event_idx (event_id, status, id) answers this.
		or = append(or, "c.id IN (SELECT er.company_id FROM event_registrations er WHERE er.event_id = ? AND er.status = 'confirmed')")
		args = append(args, a.EventID)
	}
	return "c.status = 'member' AND (" + strings.Join(or, " OR ") + ")", args
}

// Count is the live recipient count while staff choose: how many member companies the audience
// selects now. An empty audience is ErrEmptyAudience.
func Count(ctx context.Context, db bun.IDB, a Audience) (int, error) {
	if a.Empty() {
		return 0, ErrEmptyAudience
	}
	cond, args := a.cond()
	var n int
	err := db.NewRaw("SELECT count(*) FROM companies c WHERE "+cond, args...).Scan(ctx, &n)
	return n, err
}

// Resolve returns the ids of the companies the audience selects now, in id order.
func Resolve(ctx context.Context, db bun.IDB, a Audience) ([]int64, error) {
	if a.Empty() {
		return nil, ErrEmptyAudience
	}
	cond, args := a.cond()
	var ids []int64
	err := db.NewRaw("SELECT c.id FROM companies c WHERE "+cond+" ORDER BY c.id", args...).Scan(ctx, &ids)
	return ids, err
}

// Event is an event the audience builder offers for 活动报名单位.
type Event struct {
	ID       int64     `bun:"id"`
	Name     string    `bun:"name"`
	StartsAt time.Time `bun:"starts_at"`
}

// Events lists the events staff may address the registrants of: the 50 latest by start.
func Events(ctx context.Context, db bun.IDB) ([]Event, error) {
	var es []Event
	err := db.NewRaw(`SELECT id, name, starts_at FROM events ORDER BY starts_at DESC, id DESC LIMIT 50`).Scan(ctx, &es)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return es, err
}

// EventName is the name of an audience's event ("" and ErrNoEvent when there is none).
func EventName(ctx context.Context, db bun.IDB, id int64) (string, error) {
	var name string
	err := db.NewRaw(`SELECT name FROM events WHERE id = ?`, id).Scan(ctx, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoEvent
	}
	return name, err
}

// Company is a chosen company as the audience builder shows it.
type Company struct {
	ID   int64  `bun:"id"`
	Name string `bun:"name"`
	USCC string `bun:"uscc"`
}

// FindCompanies looks up chosen companies by 统一社会信用代码 or exact name, one per line; it
// returns those found and the lines that matched no member company.
func FindCompanies(ctx context.Context, db bun.IDB, lines []string) ([]Company, []string, error) {
	var keys []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			keys = append(keys, l)
		}
	}
	if len(keys) == 0 {
		return nil, nil, nil
	}
	var cs []Company
	err := db.NewRaw(`SELECT id, name, uscc FROM companies WHERE status = 'member' AND (uscc = ANY(?0) OR name = ANY(?0)) ORDER BY id`,
		pgdialect.Array(upperAll(keys))).Scan(ctx, &cs)
	if err != nil {
		return nil, nil, err
	}
	var missing []string
	for _, k := range keys {
		found := false
		for _, c := range cs {
			if strings.EqualFold(c.USCC, k) || c.Name == k {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, k)
		}
	}
	return cs, missing, nil
}

// upperAll adds the upper-case form of each key (a USCC typed in lower case).
func upperAll(keys []string) []string {
	out := append([]string(nil), keys...)
	for _, k := range keys {
		if u := strings.ToUpper(k); u != k {
			out = append(out, u)
		}
	}
	return out
}

// Chosen loads the chosen companies of an audience, for showing them again.
func Chosen(ctx context.Context, db bun.IDB, ids []int64) ([]Company, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var cs []Company
	err := db.NewRaw(`SELECT id, name, uscc FROM companies WHERE id = ANY(?) ORDER BY id`, pgdialect.Array(ids)).Scan(ctx, &cs)
	return cs, err
}
