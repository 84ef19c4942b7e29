package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/dues"
	"cpca/internal/events"

	"github.com/uptrace/bun"
)

// seedEvents publishes the year's exhibition, full with the plain member waiting, an open
// training with places, a council-only meeting and an exhibition of last year, through the
// staff and member actions.
func seedEvents(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	day := calendar.Today(now)
	at := func(days int) time.Time { return day.AddDate(0, 0, days) }
	mk := func(e *events.Event, publish bool) (*events.Event, error) {
		e.MaxPerCompany, e.OfferHours, e.Organiser = max(e.MaxPerCompany, 3), 48, "中国电子电路行业协会（CPCA）"
		e, err := events.Save(ctx, tx, e, by, now)
		if err != nil || !publish {
			return e, err
		}
		return e, events.Publish(ctx, tx, e.ID, by, now)
	}
	show, err := mk(&events.Event{Name: "第十六届国际电子电路（深圳）展览会", Kind: events.KindExhibition, Venue: "深圳国际会展中心（宝安新馆）",
		StartsAt: at(40), EndsAt: at(43), RegOpensAt: at(-10), RegClosesAt: at(30), CancelUntil: at(25), Capacity: 3,
		FeeMemberFen: 80000, FeeCouncilFen: 50000, CouncilFreePlaces: 2,
		Summary: "CPCA 年度展会，展示 PCB、覆铜板、专用材料与设备的最新成果，同期举办技术论坛。",
		Agenda:  "第一天 开幕式、主题论坛\n第二天 技术分论坛\n第三天 参观与商务对接",
		FeeInfo: "费用请于会前转账至协会账户（开户行：中国工商银行深圳福田支行），到账确认后可在线申请发票。"}, true)
	if err != nil {
		return err
	}
	if _, err := events.AddAttachment(ctx, tx, show.ID, "参会指南", "参会指南.pdf", []byte(demoPDF), by); err != nil {
		return err
	}
	if _, err := mk(&events.Event{Name: "PCB 可靠性与失效分析培训班", Kind: events.KindTraining, Venue: "上海浦东新区张江科学会堂",
		StartsAt: at(20), EndsAt: at(22), RegOpensAt: at(-5), RegClosesAt: at(15), CancelUntil: at(12), Capacity: 60, NeedsApproval: true,
		Summary: "面向工艺与质量工程师的三天培训，结业颁发培训证书。", FeeInfo: "每人 1500 元（含资料和午餐）。"}, true); err != nil {
		return err
	}
	if _, err := mk(&events.Event{Name: "第八届理事会第三次会议", Kind: events.KindConference, Venue: "北京 协会会议室", CouncilOnly: true,
		StartsAt: at(15), EndsAt: at(16), RegOpensAt: at(-3), RegClosesAt: at(10), CancelUntil: at(10), Capacity: 80, MaxPerCompany: 2,
		Summary: "审议年度工作报告与下一年度工作计划。仅限理事单位参加。"}, true); err != nil {
		return err
	}
	if _, err := mk(&events.Event{Name: "第十五届国际电子电路（深圳）展览会", Kind: events.KindExhibition, Venue: "深圳国际会展中心",
		StartsAt: at(-330), EndsAt: at(-327), RegOpensAt: at(-400), RegClosesAt: at(-340), CancelUntil: at(-340), Capacity: 500,
		Summary: "上一届年度展会。"}, true); err != nil {
		return err
	}
	// The council member takes every place of the show; the plain member joins the waitlist.
	for _, r := range []struct {
		user   string
		people []events.Attendee
	}{
		{"shanghaicl", []events.Attendee{{Name: "陈诚", Title: "总经理", Mobile: "13700002345", Email: "ccl@example.com"},
			{Name: "林静", Title: "市场总监", Mobile: "13700002346"}, {Name: "高远", Title: "技术经理", Mobile: "13700002347"}}},
		{"huadian", []events.Attendee{{Name: "李华", Title: "董事长", Mobile: "13800001234", Email: "huadian@example.com"},
			{Name: "王敏", Title: "销售经理", Mobile: "13800001235"}}},
	} {
		u, err := account.ByUsername(ctx, tx, r.user)
		if err != nil {
			return err
		}
		m := events.Member{CompanyID: u.CompanyID, Council: r.user == "shanghaicl"}
		if _, err := events.Register(ctx, tx, show.ID, m, r.people, "", audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}, now); err != nil {
			return err
		}
	}
	return seedEventFee(ctx, tx, at, now)
}

// seedEventFee is a paid seminar huadian registered for, with its transfer voucher uploaded
// and waiting for 财务 (待确认 in 会员缴费管理, 类别 活动费).
func seedEventFee(ctx context.Context, tx bun.Tx, at func(int) time.Time, now time.Time) error {
	staff := audit.Actor{Name: "demo"}
	e, err := events.Save(ctx, tx, &events.Event{Name: "高多层板与HDI技术研讨会", Kind: events.KindConference, Venue: "苏州国际博览中心 B 馆会议室",
		Organiser: "中国电子电路行业协会（CPCA）", StartsAt: at(28), EndsAt: at(29), RegOpensAt: at(-7), RegClosesAt: at(21), CancelUntil: at(18),
		Capacity: 120, MaxPerCompany: 4, OfferHours: 48, FeeMemberFen: 60000, FeeCouncilFen: 40000, CouncilFreePlaces: 1,
		Summary: "高多层板、任意层 HDI 与类载板工艺的技术交流，含专家报告与圆桌讨论。",
		Agenda:  "上午 专家报告\n下午 圆桌讨论与企业交流"}, staff, now)
	if err != nil {
		return err
	}
	if err := events.Publish(ctx, tx, e.ID, staff, now); err != nil {
		return err
	}
	u, err := account.ByUsername(ctx, tx, "huadian")
	if err != nil {
		return err
	}
	member := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	r, err := events.Register(ctx, tx, e.ID, events.Member{CompanyID: u.CompanyID}, []events.Attendee{
		{Name: "李华", Title: "董事长", Mobile: "13800001234", Email: "huadian@example.com"}, {Name: "周涛", Title: "工艺工程师", Mobile: "13800001236"}},
		"", member, now)
	if err != nil {
		return err
	}
	d, err := dues.ForRegistration(ctx, tx, r.ID)
	if err != nil || d == nil {
		return err
	}
	return dues.UploadVoucher(ctx, tx, d, dues.Transfer{Date: calendar.Today(now).AddDate(0, 0, -1), AmountFen: d.AmountFen,
		Payer: "深圳华电电路有限公司", Note: "研讨会参会费 2 人", FileName: "研讨会转账回单.pdf", Data: []byte(demoPDF)}, member)
}
