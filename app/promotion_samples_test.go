package app

import (
	"database/sql"
	"time"

	"cpca/internal/company"
	"cpca/internal/promotion"
)

// promotionSamples are the 会员晋升 pages with data in Latin letters (the English test needs
// data without Chinese; the render test takes the same), several per page where the text
// depends on the state.
func promotionSamples() map[string][]any {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	co := &company.Company{ID: 1, Name: "Acme Circuits Ltd", Level: company.LevelMember, Status: company.StatusMember,
		JoinedOn: sql.NullTime{Time: now.AddDate(-3, 0, 0), Valid: true}, MemberNo: sql.NullString{String: "CPCA1", Valid: true},
		People: []company.Person{{ID: 1, Name: "Li Hua", Title: "CEO", IsPrimary: true}, {ID: 2, Name: "Wang"}}}
	app := func(status string, round int) *promotion.Application {
		return &promotion.Application{ID: 5, CompanyID: 1, FromLevel: company.LevelMember, Level: company.LevelCouncil, RepresentativeID: 1,
			RepresentativeName: "Li Hua", RepresentativeTitle: "CEO", Status: status, Round: round, SubmittedAt: now, CompanyName: "Acme",
			Reason: "Unclear", ItemReasons: map[string]string{"form": "No stamp"}}
	}
	ms := []promotion.Material{{ID: 2, Item: "form", Round: 2, FileID: "f2", FileName: "form2.pdf"}, {ID: 1, Item: "form", Round: 1, FileID: "f1", FileName: "form.pdf"},
		{ID: 3, Item: "license", Round: 1, FileID: "f3", FileName: "lic.pdf"}}
	items := func(a *promotion.Application) []itemRow { return itemRows(a, ms) }
	events := []promotion.Event{{ID: 1, Status: promotion.Submitted, Note: "submitted", ActorName: "li", CreatedAt: now},
		{ID: 2, Status: promotion.Returned, Note: "returned", ActorName: "staff", CreatedAt: now}}
	el := promotion.Eligibility{Levels: promotion.Above(company.LevelMember), Checks: []promotion.Check{
		{Label: "已是正式会员单位", OK: true}, {Label: "%d年度会费已确认到账", Args: []any{2026}, OK: true},
		{Label: "入会满 %d 年（贵单位入会 %d 年）", Args: []any{1, 3}, OK: true}, {Label: "没有正在办理的晋升申请", OK: true},
		{Label: "当前级别之上还有可申请的理事类型", OK: true}}}
	notOK := promotion.Eligibility{Checks: []promotion.Check{{Label: "已是正式会员单位", OK: false}}}
	tpl := []promotion.Template{{ID: 1, Level: company.LevelCouncil, Title: "Form", Version: 2, FileID: "t", CreatedAt: now}}
	term := &promotion.Term{ID: 1, Number: 5, StartsOn: now.AddDate(-1, 0, 0), EndsOn: now.AddDate(3, 0, 0)}
	seats := seatRows(promotion.DefaultRules, promotion.Occupancy{Members: 30, Seats: map[string]int{company.LevelCouncil: 10}})
	rat := &promotion.Ratification{MeetingType: promotion.MeetingCouncil, Session: "S3", HeldOn: now, Expected: 30, Present: 25, Yes: 20, ResolutionFileID: "r"}
	review := func(a *promotion.Application, r *promotion.Ratification) *reviewPromotionPage {
		return &reviewPromotionPage{App: a, Company: co, Items: items(a), Events: events, Ratification: r, Terms: []promotion.Term{*term}, Term: term,
			Seats: seats, Rules: promotion.DefaultRules, Ratify: ratifyForm{TermID: 1, Meeting: promotion.MeetingCouncil}, ItemReasons: map[string]string{}}
	}
	pager := newPager("/x", nil, 1, 20, 41)
	apply := &applyPage{Company: co, Eligibility: el, Form: applyForm{Level: company.LevelCouncil, Representative: 1},
		Checklist: promotion.Checklist(company.LevelCouncil), Templates: tpl}
	return map[string][]any{
		"pages/promotion": {promotionPage{Company: co, Apps: []promotion.Application{*app(promotion.Returned, 1), *app(promotion.Ratified, 2)}, Templates: tpl, Eligibility: el},
			promotionPage{Company: co, Eligibility: notOK}},
		"pages/promotion_apply":         {apply, &applyPage{Company: co, Eligibility: el}, &applyPage{Company: co, Eligibility: notOK}},
		"partials/promotion_apply_form": {apply},
		"pages/promotion_detail": {&promotionDetail{App: app(promotion.Returned, 2), Items: items(app(promotion.Returned, 2)), Events: events, People: co.People},
			&promotionDetail{App: app(promotion.Ratified, 1), Items: items(app(promotion.Ratified, 1)), Events: events, Ratification: rat}},
		"pages/admin_promotions": {promotionsPage{Rows: []promotion.Application{*app(promotion.Submitted, 2)}, Pager: pager, Term: term, Seats: seats},
			promotionsPage{Pager: pager}, promotionsPage{Pager: pager, promotionsQuery: promotionsQuery{Status: promotion.Passed}}},
		"partials/promotions_table":       {promotionsPage{Pager: pager, Rows: []promotion.Application{*app(promotion.Passed, 1)}}},
		"pages/admin_promotion":           {review(app(promotion.Submitted, 2), nil), review(app(promotion.Passed, 1), nil), review(app(promotion.Ratified, 1), rat)},
		"pages/admin_promotion_terms":     {&termsPage{Terms: []termRow{{Term: *term, Seats: seats}}}, &termsPage{}},
		"pages/admin_promotion_templates": {&templatesPage{Current: tpl}, &templatesPage{}},
	}
}

// promotionDirect are the 会员晋升 partials that take a dict, for page p.
func promotionDirect(p *Page) map[string][]any {
	s := promotionSamples()
	d := s["pages/admin_promotion"][0].(*reviewPromotionPage)
	return map[string][]any{
		"partials/promotion_items":   {dict("T", p, "Items", d.Items)},
		"partials/promotion_history": {dict("T", p, "Events", d.Events)},
		"partials/promotion_seats":   {dict("T", p, "Seats", d.Seats)},
		"partials/level_history": {dict("T", p, "History", []promotion.LevelChange{{FromLevel: "member", ToLevel: "council", Reason: "vote"}}),
			dict("T", p, "History", nil)},
	}
}
