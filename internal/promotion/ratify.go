package promotion

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Meeting is the ratification record as staff type it: which meeting, of which term, when,
// the counts, and the resolution (决议) as a PDF.
type Meeting struct {
	TermID         int64
	Type           string
	Session        string // e.g. 第五届理事会第三次会议
	HeldOn         time.Time
	Vote           Vote
	ResolutionName string
	Resolution     []byte
}

// Outcome is what a ratification changed: the application, the company's seat and, when
// this year's dues are paid, the dues row whose certificate must be re-issued with the new
// level (the caller kicks the worker; the sweep catches it otherwise).
type Outcome struct {
	Application *Application
	Seat        *Seat
	PaidDuesID  int64
}

// Ratify records the meeting's vote and confers the seat: refused without quorum or
// majority (Rules.Check) and when the term's seats of the level are taken (Rules.Fits, in
// the same transaction as the seat: ratifications of one term wait for each other on an
// advisory lock, so two for the last seat cannot both win). Then, and only then, the
// company's level changes; its role follows on its next request (account.PrincipalOf reads
// the level). This year's dues keep the old level's fee: the row is created first if the
// year has a fee schedule but no row yet, so the new fee applies from the next dues year.
func Ratify(ctx context.Context, db bun.IDB, appID int64, m Meeting, r Rules, by audit.Actor, now time.Time) (*Outcome, error) {
	if err := r.Check(m.Vote); err != nil {
		return nil, err
	}
	if ct, err := files.Sniff(m.Resolution); err != nil || ct != "application/pdf" {
		return nil, ErrResolution
	}
	if MeetingLabel(m.Type) == "" {
		return nil, ErrMeetingType
	}
	if strings.TrimSpace(m.Session) == "" {
		return nil, ErrSession
	}
	var out Outcome
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		term, err := TermByID(ctx, tx, m.TermID)
		if err != nil {
			return err
		}
		day := today(now)
		if m.HeldOn.Before(term.StartsOn) || m.HeldOn.After(term.EndsOn) || m.HeldOn.After(day) {
			return ErrHeldOn
		}
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('promotion.seats'), (?::bigint % 2147483647)::int)`, term.ID); err != nil {
			return err
		}
		a, err := Get(ctx, tx, appID, 0)
		if err != nil {
			return err
		}
		co, err := lockCompany(ctx, tx, a.CompanyID)
		if err != nil {
			return err
		}
		if a.Status != Passed {
			return ErrState{Status: a.Status, Action: "批准"}
		}
		if Rank(a.Level) <= Rank(co.Level) {
			return ErrLevel
		}
		occ, err := OccupancyOf(ctx, tx, term.ID)
		if err != nil {
			return err
		}
		if err := r.Fits(co.Level, a.Level, occ); err != nil {
			return err
		}
		// This year's dues at the old level, before the level changes.
		if _, err := dues.EnsureFor(ctx, tx, co.ID, calendar.Year(now)); err != nil {
			return err
		}
		f, err := files.Save(ctx, tx, co.ID, files.KindPromotionResolution, "决议-"+m.ResolutionName, m.Resolution, by.ID)
		if err != nil {
			return err
		}
		rec := &Ratification{ApplicationID: a.ID, TermID: term.ID, MeetingType: m.Type, Session: strings.TrimSpace(m.Session),
			HeldOn: m.HeldOn, Expected: m.Vote.Expected, Present: m.Vote.Present, Yes: m.Vote.Yes, No: m.Vote.No,
			Abstain: m.Vote.Abstain, ResolutionFileID: f.ID, CreatedBy: by.ID}
		if _, err := tx.NewInsert().Model(rec).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE seats SET status = 'replaced', until = ? WHERE company_id = ? AND term_id = ? AND status = 'active'`,
			m.HeldOn, co.ID, term.ID).Exec(ctx); err != nil {
			return err
		}
		seat := &Seat{CompanyID: co.ID, Level: a.Level, TermID: term.ID, RepresentativeName: a.RepresentativeName,
			Since: m.HeldOn, Status: SeatActive, RatificationID: rec.ID}
		if _, err := tx.NewInsert().Model(seat).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if err := setLevel(ctx, tx, co, a.Level, m.HeldOn, fmt.Sprintf("%s批准（%s，第%d届）", strings.TrimSpace(m.Session), MeetingLabel(m.Type), term.Number), rec.ID); err != nil {
			return err
		}
		name := a.CompanyName
		ok, err := store.Move(ctx, tx, a, a.ID, Ratified, Sources(Ratified), nil)
		if err != nil {
			return err
		}
		if !ok {
			return ErrState{Status: a.Status, Action: "批准"}
		}
		a.CompanyName = name
		v := m.Vote
		note := fmt.Sprintf("%s（%s，%s）批准：应到 %d，实到 %d，赞成 %d，反对 %d，弃权 %d", MeetingLabel(m.Type), rec.Session,
			calendar.Format(m.HeldOn), v.Expected, v.Present, v.Yes, v.No, v.Abstain)
		if err := event(ctx, tx, a, "ratify", note, by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, "ratified", "晋升申请已批准",
			fmt.Sprintf("经%s审议通过，贵单位自 %s 起为本会%s（第%d届）。会员证书将按新的会员级别重新颁发，可在“信息管理—会员证书”中下载；新级别的会费标准自下一缴费年度起适用。",
				MeetingLabel(m.Type), calendar.Format(m.HeldOn), company.LevelLabel(a.Level), term.Number)); err != nil {
			return err
		}
		if err := tx.NewRaw(`SELECT coalesce(max(id), 0) FROM dues WHERE company_id = ? AND year = ? AND status IN ('confirmed', 'waived')`,
			co.ID, calendar.Year(now)).Scan(ctx, &out.PaidDuesID); err != nil {
			return err
		}
		out.Application, out.Seat = a, seat
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.ratify", ObjectType: "promotion", ObjectID: id(a.ID),
			Detail: fmt.Sprintf("%s→%s %s", co.Level, a.Level, note)})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// setLevel changes the company's level and writes the history row.
func setLevel(ctx context.Context, tx bun.IDB, co *company.Company, to string, on time.Time, reason string, ratID int64) error {
	if _, err := tx.NewRaw(`UPDATE companies SET level = ?, updated_at = now() WHERE id = ?`, to, co.ID).Exec(ctx); err != nil {
		return err
	}
	_, err := tx.NewInsert().Model(&LevelChange{CompanyID: co.ID, FromLevel: co.Level, ToLevel: to, ChangedOn: on,
		Reason: reason, RatificationID: ratID}).Exec(ctx)
	return err
}
