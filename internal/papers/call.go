package papers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/calendar"

	"github.com/uptrace/bun"
)

// GetCall loads an event's call, nil when staff never set one up.
func GetCall(ctx context.Context, db bun.IDB, eventID int64) (*Call, error) {
	c := new(Call)
	err := db.NewSelect().Model(c).ColumnExpr("pc.*, e.name AS event_name").ModelTableExpr("paper_calls AS pc").
		Join("JOIN events e ON e.id = pc.event_id").Where("pc.event_id = ?", eventID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// CallForm is 征稿设置 as typed: dates as 年-月-日 (the close date counts whole), topics one
// per line, criteria one per line as "名称 权重".
type CallForm struct {
	Enabled       bool
	OpensOn       string
	ClosesOn      string
	LateCode      string
	Topics        string
	AbstractLimit string
	Blind         bool
	Criteria      string
}

// FormOf is the form showing a call (or the defaults for an event without one).
func FormOf(c *Call, now time.Time) CallForm {
	if c == nil {
		today := calendar.Today(now)
		var cs []string
		for _, k := range DefaultCriteria {
			cs = append(cs, fmt.Sprintf("%s %d", k.Name, k.Weight))
		}
		return CallForm{OpensOn: calendar.Format(today), ClosesOn: calendar.Format(today.AddDate(0, 0, 30)), AbstractLimit: "500",
			Blind: true, Criteria: strings.Join(cs, "\n")}
	}
	var cs []string
	for _, k := range c.Criteria {
		cs = append(cs, fmt.Sprintf("%s %d", k.Name, k.Weight))
	}
	return CallForm{Enabled: c.Enabled, OpensOn: calendar.Format(c.OpensAt), ClosesOn: calendar.Format(c.ClosesAt.Add(-time.Minute)),
		LateCode: c.LateCode, Topics: strings.Join(c.Topics, "\n"), AbstractLimit: strconv.Itoa(c.AbstractLimit), Blind: c.Blind,
		Criteria: strings.Join(cs, "\n")}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Call checks the form and returns the call it describes, or the messages by field.
func (f CallForm) Call(eventID int64) (*Call, FieldErrors) {
	fe := FieldErrors{}
	c := &Call{EventID: eventID, Enabled: f.Enabled, Blind: f.Blind, LateCode: strings.TrimSpace(f.LateCode), Topics: []string{}}
	opens, err1 := time.ParseInLocation(calendar.Layout, strings.TrimSpace(f.OpensOn), calendar.Zone)
	closes, err2 := time.ParseInLocation(calendar.Layout, strings.TrimSpace(f.ClosesOn), calendar.Zone)
	if err1 != nil {
		fe["opens_on"] = "日期格式应为 年-月-日"
	}
	if err2 != nil {
		fe["closes_on"] = "日期格式应为 年-月-日"
	} else if err1 == nil && closes.Before(opens) {
		fe["closes_on"] = "截止日期不能早于开始日期"
	}
	c.OpensAt, c.ClosesAt = opens, closes.AddDate(0, 0, 1)
	if utf8.RuneCountInString(c.LateCode) > 40 {
		fe["late_code"] = "逾期投稿码最多40个字符"
	}
	for _, t := range lines(f.Topics) {
		if utf8.RuneCountInString(t) > 50 || len(c.Topics) >= 30 {
			fe["topics"] = "最多30个主题，每个最多50字"
			break
		}
		c.Topics = append(c.Topics, t)
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.AbstractLimit))
	if err != nil || n < 50 || n > 5000 {
		fe["abstract_limit"] = "摘要字数上限应为50到5000"
	}
	c.AbstractLimit = n
	sum := 0
	for _, l := range lines(f.Criteria) {
		i := strings.LastIndexAny(l, " \t")
		w, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(l[max(i, 0):]), "%"))
		name := strings.TrimSpace(l[:max(i, 0)])
		if i < 0 || err != nil || w <= 0 || name == "" || utf8.RuneCountInString(name) > 20 {
			fe["criteria"] = "每行一个评分项：名称 权重，如「创新性 40」"
			break
		}
		c.Criteria = append(c.Criteria, Criterion{Name: name, Weight: w})
		sum += w
	}
	if fe["criteria"] == "" && (len(c.Criteria) == 0 || sum != 100) {
		fe["criteria"] = "评分项的权重之和应为100"
	}
	if len(fe) > 0 {
		return nil, fe
	}
	return c, nil
}

// SaveCall stores an event's call (征稿设置) and audits it.
func SaveCall(ctx context.Context, db bun.IDB, c *Call, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(c).On("CONFLICT (event_id) DO UPDATE").
			Set("enabled = EXCLUDED.enabled, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, late_code = EXCLUDED.late_code").
			Set("topics = EXCLUDED.topics, abstract_limit = EXCLUDED.abstract_limit, blind = EXCLUDED.blind, criteria = EXCLUDED.criteria, updated_at = now()").
			Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.call", ObjectType: "event", ObjectID: strconv.FormatInt(c.EventID, 10),
			Detail: fmt.Sprintf("enabled=%v %s ~ %s blind=%v", c.Enabled, calendar.Format(c.OpensAt), calendar.Format(c.ClosesAt), c.Blind)})
	})
}
