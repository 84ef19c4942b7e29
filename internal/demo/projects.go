package demo

import (
	"context"
	"strconv"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/projects"

	"github.com/uptrace/bun"
)

// seedProjects publishes two 项目申报 projects through the staff actions: a group standard
// call open with days left and a template attachment (huadian asked 提醒我, and staff recorded
// its emailed application with an item missing), and last year's award with its results.
func seedProjects(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	day := calendar.Today(now)
	at := func(days int) time.Time { return day.AddDate(0, 0, days) }
	mk := func(p *projects.Project) (*projects.Project, error) {
		p, err := projects.Save(ctx, tx, p, by, now)
		if err != nil {
			return nil, err
		}
		return p, projects.Publish(ctx, tx, p.ID, by)
	}
	year := day.Year()
	open, err := mk(&projects.Project{Name: strconv.Itoa(year+1) + "年度团体标准立项申报", Kind: projects.KindStandard, Year: year + 1,
		Publisher: "中国电子电路行业协会 标准化工作委员会", StartsAt: at(-10), Deadline: at(12), Postmark: true,
		Conditions:  "申报单位须为本会会员单位，具备相关技术基础，并承诺参与标准起草与验证工作。",
		Materials:   "团体标准立项申请书（加盖公章）\n标准草案或大纲\n主要起草单位及起草人名单",
		SubmitEmail: "standard@cpca.org.cn", PaperCopies: 2, MailAddress: "上海市徐汇区 中国电子电路行业协会 标准化工作委员会（收）",
		ReviewProcess: "形式审查 → 专家评审会 → 公示 5 个工作日 → 发布立项通知。",
		Contacts:      "标准化工作委员会 张老师 021-00000001 standard@cpca.org.cn"})
	if err != nil {
		return err
	}
	if _, err := projects.AddAttachment(ctx, tx, open.ID, "团体标准立项申请书", "申请书模板.pdf", []byte(demoPDF), by); err != nil {
		return err
	}
	if _, err := mk(&projects.Project{Name: strconv.Itoa(year) + "年度中国电子电路行业优秀企业评选", Kind: projects.KindAward, Year: year,
		Publisher: "中国电子电路行业协会", StartsAt: at(-120), Deadline: at(-60), SubmitEmail: "award@cpca.org.cn",
		Conditions: "会员单位，近三年无重大质量、安全、环保事故。", Materials: "评选申报表\n近三年财务报表\n获奖及专利证明",
		ReviewProcess: "初审 → 专家评审 → 理事会审议 → 公示。", Contacts: "会员服务部 021-00000000",
		Results: "经专家评审和理事会审议，以下单位入选：上海精诚覆铜板股份有限公司等 10 家单位。公示期内无异议。"}); err != nil {
		return err
	}
	u, err := account.ByUsername(ctx, tx, "huadian")
	if err != nil {
		return err
	}
	if err := projects.Watch(ctx, tx, open.ID, projects.Member{CompanyID: u.CompanyID}, audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}, now); err != nil {
		return err
	}
	_, _, err = projects.Record(ctx, tx, open.ID, projects.AppForm{CompanyID: strconv.FormatInt(u.CompanyID, 10),
		ReceivedOn: calendar.Format(at(-2)), Channel: projects.ChannelEmail, Missing: "标准草案或大纲", Decision: projects.DecisionPending,
		Note: "请在截止日前补交标准草案。"}, by)
	return err
}
