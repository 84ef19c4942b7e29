package promotion

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// More errors of the staff forms.
var (
	ErrMeetingType = errs.New(errs.Invalid, "请选择会议类型")
	ErrSession     = errs.New(errs.Invalid, "请填写会议届次，如：第五届理事会第三次会议")
	ErrTitle       = errs.New(errs.Invalid, "请填写材料名称（最多40字）")
)

// CreateTerm adds a 届; terms never overlap (the database refuses it).
func CreateTerm(ctx context.Context, db bun.IDB, number int, starts, ends time.Time, by audit.Actor) (*Term, error) {
	if !ends.After(starts) {
		return nil, ErrTermDates
	}
	t := &Term{Number: number, StartsOn: starts, EndsOn: ends}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(t).Returning("id").Exec(ctx); err != nil {
			if s := err.Error(); strings.Contains(s, "terms_number_key") || strings.Contains(s, "exclusion") || strings.Contains(s, "23P01") {
				return ErrTermOverlap
			}
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.term_create", ObjectType: "term", ObjectID: id(t.ID),
			Detail: fmt.Sprintf("第%d届 %s–%s", number, starts.Format("2006-01-02"), ends.Format("2006-01-02"))})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// PublishTemplate stores a new version of a level's template (the members' download becomes
// this one); PDF, images and DOCX by content.
func PublishTemplate(ctx context.Context, db bun.IDB, level, title, name string, data []byte, by audit.Actor) (*Template, error) {
	title = strings.TrimSpace(title)
	if Checklist(level) == nil {
		return nil, ErrLevel
	}
	if title == "" || len([]rune(title)) > 40 {
		return nil, ErrTitle
	}
	var t *Template
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('promotion.templates'), hashtext(? || '/' || ?))`, level, title); err != nil {
			return err
		}
		var v int
		if err := tx.NewRaw(`SELECT coalesce(max(version), 0) + 1 FROM promotion_templates WHERE level = ? AND title = ?`, level, title).Scan(ctx, &v); err != nil {
			return err
		}
		f, err := files.SavePublished(ctx, tx, files.KindPromotionTemplate, files.Members,
			fmt.Sprintf("%s-%s-v%d-%s", company.LevelLabel(level), title, v, name), data, by.ID)
		if err != nil {
			return err
		}
		t = &Template{Level: level, Title: title, Version: v, FileID: f.ID, CreatedBy: by.ID}
		if _, err := tx.NewInsert().Model(t).Returning("id, created_at").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.template_publish", ObjectType: "promotion_template", ObjectID: id(t.ID),
			Detail: fmt.Sprintf("%s %s v%d", level, title, v)})
	})
	return t, err
}

// ExpireSeats ends the seats of terms that ended before now's day: each becomes expired and,
// unless the company holds an active seat of a later term (ratified again), its level goes
// back to 会员单位, with a history row, a notice and an audit entry. Run daily; idempotent.
func ExpireSeats(ctx context.Context, db bun.IDB, by audit.Actor, now time.Time) (int, error) {
	n := 0
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ss []Seat
		if err := tx.NewRaw(`UPDATE seats s SET status = 'expired', until = t.ends_on FROM terms t
			WHERE t.id = s.term_id AND s.status = 'active' AND t.ends_on < ? RETURNING s.*`, today(now)).Scan(ctx, &ss); err != nil {
			return err
		}
		for _, s := range ss {
			var again bool
			if err := tx.NewRaw(`SELECT EXISTS (SELECT 1 FROM seats WHERE company_id = ? AND status = 'active')`, s.CompanyID).Scan(ctx, &again); err != nil {
				return err
			}
			if again {
				continue
			}
			co, err := lockCompany(ctx, tx, s.CompanyID)
			if err != nil {
				return err
			}
			if co.Level == company.LevelMember {
				continue
			}
			if err := setLevel(ctx, tx, co, company.LevelMember, today(now), "届满，未获新一届批准", 0); err != nil {
				return err
			}
			if err := tell(ctx, tx, &Application{CompanyID: co.ID}, fmt.Sprintf("seat:%d:expired", s.ID), "理事单位任期届满",
				fmt.Sprintf("贵单位%s的任期已于 %s 届满，未获新一届批准，会员级别恢复为会员单位。", company.LevelLabel(s.Level), s.Until.Time.Format("2006-01-02"))); err != nil {
				return err
			}
			if err := by.Record(ctx, tx, audit.Entry{Action: "promotion.seat_expire", ObjectType: "seat", ObjectID: id(s.ID), Detail: s.Level}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
