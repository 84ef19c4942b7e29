package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/events"
	"cpca/internal/papers"

	"github.com/uptrace/bun"
)

// seedPapers publishes a conference with an open call for papers (blind review, weighted
// categories, a late code), an external reviewer `pingshen`, a paper of huadian just
// submitted and one of shanghaicl under review with pingshen's scores, through the actions
// authors, staff and reviewers use.
func seedPapers(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	day := calendar.Today(now)
	at := func(days int) time.Time { return day.AddDate(0, 0, days) }
	e, err := events.Save(ctx, tx, &events.Event{Name: "2026 中国印制电路技术研讨会", Kind: events.KindConference, Venue: "苏州国际博览中心",
		Organiser: "中国电子电路行业协会（CPCA）", StartsAt: at(60), EndsAt: at(61), RegOpensAt: at(-5), RegClosesAt: at(50), CancelUntil: at(45),
		Capacity: 300, MaxPerCompany: 5, OfferHours: 48,
		Summary: "年度技术研讨会，征集高密度互连、先进封装基板、材料与工艺、绿色制造方向的论文，录用论文在会上报告并收入论文集。"}, by, now)
	if err != nil {
		return err
	}
	if err := events.Publish(ctx, tx, e.ID, by, now); err != nil {
		return err
	}
	if err := papers.SaveCall(ctx, tx, &papers.Call{EventID: e.ID, Enabled: true, OpensAt: at(-15), ClosesAt: at(20), LateCode: "CPCA-LATE-2026",
		Topics: []string{"高密度互连（HDI）", "先进封装基板", "材料与工艺", "绿色制造"}, AbstractLimit: 500, Blind: true,
		Criteria: papers.DefaultCriteria}, by); err != nil {
		return err
	}
	rv := &account.User{Username: "pingshen", Name: "周教授", Email: "pingshen@example.edu.cn", Role: account.RoleReviewer}
	if err := account.Create(ctx, tx, rv, Password); err != nil {
		return err
	}
	if _, err := tx.NewRaw(`INSERT INTO paper_reviewers (user_id, affiliation) VALUES (?, '电子科技大学')`, rv.ID).Exec(ctx); err != nil {
		return err
	}
	submit := func(username, title, abstract, topic string, authors []papers.Author) (*papers.Paper, error) {
		u, err := account.ByUsername(ctx, tx, username)
		if err != nil {
			return nil, err
		}
		f := papers.Form{Title: title, Abstract: abstract, Keywords: "印制电路板, 可靠性", Topic: topic, Authors: authors, Declared: true,
			File: &papers.Upload{Name: "全文.pdf", Data: []byte(demoPDF)}}
		return papers.Save(ctx, tx, e.ID, 0, papers.Member{CompanyID: u.CompanyID, UserID: u.ID, Council: true}, f, true,
			audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}, now)
	}
	if _, err := submit("huadian", "高频高速印制板信号完整性的设计与验证",
		"针对 5G 通信设备用高频高速印制板，分析叠层结构、介质损耗与表面粗糙度对插入损耗的影响，提出设计规则并通过样板测试验证。", "高密度互连（HDI）",
		[]papers.Author{{Name: "李华", Affiliation: "深圳华电电路有限公司", Presenting: true}, {Name: "王敏", Affiliation: "深圳华电电路有限公司"}}); err != nil {
		return err
	}
	p, err := submit("shanghaicl", "任意层互连 HDI 板微孔填铜工艺优化",
		"研究脉冲电镀参数对微盲孔填孔率和凹陷度的影响，通过正交试验得到优化窗口，填孔率提高到 95% 以上。", "材料与工艺",
		[]papers.Author{{Name: "陈诚", Affiliation: "上海精诚覆铜板股份有限公司", Presenting: true}})
	if err != nil {
		return err
	}
	if err := papers.Assign(ctx, tx, p.ID, rv.ID, by); err != nil {
		return err
	}
	_, err = papers.Score(ctx, tx, p.ID, rv.ID, map[string]string{"创新性": "8", "技术水平": "9", "写作": "7"},
		"实验设计完整，数据可信；建议补充可靠性测试结果。", audit.Actor{ID: rv.ID, Name: "pingshen (demo)"}, now)
	return err
}
