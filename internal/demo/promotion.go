package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/promotion"

	"github.com/uptrace/bun"
)

// seedPromotion opens the 第五届 term, publishes the 晋升材料 templates, gives the council
// member its seat of the term, and has it apply for 常务理事单位 through the same actions as
// the UI; 会员部 has passed 初审, so the application waits for the ratification.
func seedPromotion(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	today := calendar.Today(now)
	term, err := promotion.CreateTerm(ctx, tx, 5, today.AddDate(-1, 0, 0), today.AddDate(4, 0, 0), by)
	if err != nil {
		return err
	}
	for _, t := range []struct{ level, title string }{
		{company.LevelCouncil, "理事单位申请表"}, {company.LevelCouncil, "推荐表"},
		{company.LevelStanding, "常务理事单位申请表"}, {company.LevelStanding, "推荐表"},
		{company.LevelVicePresident, "副理事长单位申请表"},
	} {
		if _, err := promotion.PublishTemplate(ctx, tx, t.level, t.title, t.title+".pdf", []byte(demoPDF), by); err != nil {
			return err
		}
	}
	u, err := account.ByUsername(ctx, tx, "shanghaicl")
	if err != nil {
		return err
	}
	// An established member: joined three years ago, a 理事单位 seat of this term since it began.
	if _, err := tx.NewRaw(`UPDATE companies SET joined_on = ? WHERE id = ?`, today.AddDate(-3, 0, 0), u.CompanyID).Exec(ctx); err != nil {
		return err
	}
	seat := &promotion.Seat{CompanyID: u.CompanyID, Level: company.LevelCouncil, TermID: term.ID, RepresentativeName: "陈诚",
		Since: term.StartsOn, Status: promotion.SeatActive}
	if _, err := tx.NewInsert().Model(seat).Exec(ctx); err != nil {
		return err
	}
	co, err := company.ByID(ctx, tx, u.CompanyID)
	if err != nil {
		return err
	}
	var ups []promotion.Upload
	for _, it := range promotion.Checklist(company.LevelStanding) {
		ups = append(ups, promotion.Upload{Item: it.Key, Name: it.Label + ".pdf", Data: []byte(demoPDF)})
	}
	member := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	a, err := promotion.Apply(ctx, tx, co.ID, promotion.Request{Level: company.LevelStanding, RepresentativeID: co.People[0].ID,
		Materials: ups}, promotion.DefaultRules, member, now.Add(-6*24*time.Hour))
	if err != nil {
		return err
	}
	_, err = promotion.Pass(ctx, tx, a.ID, "材料齐全，符合常务理事单位条件，提交理事会审议。", by)
	return err
}
