package demo

import (
	"context"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// seedBroadcasts sends three 站内信 through the staff action: an important one to the council
// levels only (pinned on their 待办事项), one to every member, and a Markdown one to every
// member with two attachments (the agenda as PDF, the reply form as XLSX) that only the
// recipients can download.
func seedBroadcasts(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	council := broadcast.Audience{Levels: []string{company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}}
	drafts := []broadcast.Draft{
		{Title: "关于召开第八届理事会第三次会议的通知", Important: true, Audience: council,
			Body: "各理事单位：\n\n协会定于下月中旬在深圳召开第八届理事会第三次会议，审议年度工作报告和新会员单位入会事项。\n请于本月底前回复参会人员名单。\n\n会议议程见 https://www.cpca.org.cn/ 通知公告栏目。"},
		{Title: "2027年中国电子电路行业年度调查开始填报", Audience: broadcast.Audience{All: true},
			Body: "各会员单位：\n\n年度行业调查已开始，请于两周内完成填报，调查结果仅用于行业统计分析。\n\n如有疑问请联系协会信息部。"},
	}
	agenda, err := broadcast.SaveAttachment(ctx, tx, "2027年会议程.pdf",
		agendaPDF("CPCA Annual Meeting 2027 - Agenda", "", "09:00  Registration", "09:30  Opening address",
			"10:00  Industry report 2026", "14:00  Technical sessions", "17:00  Close"), by.ID)
	if err != nil {
		return err
	}
	form, err := demoReplyForm()
	if err != nil {
		return err
	}
	reply, err := broadcast.SaveAttachment(ctx, tx, "参会回执.xlsx", form, by.ID)
	if err != nil {
		return err
	}
	drafts = append(drafts, broadcast.Draft{Title: "2027年中国电子电路行业年会报名通知", Markdown: true,
		Audience: broadcast.Audience{All: true}, Files: []string{agenda.ID, reply.ID},
		Body: "各会员单位：\n\n**2027年中国电子电路行业年会**定于明年三月在上海举行。\n\n" +
			"- 会期：两天，含行业报告和技术分会场\n- 报名：请填写附件《参会回执》并于二月底前发送至协会会展部\n" +
			"- 议程：见附件《2027年会议程》\n\n更多信息请访问 [协会网站](https://www.cpca.org.cn/)。"})
	for _, d := range drafts {
		if _, err := broadcast.Create(ctx, tx, d, by, now); err != nil {
			return err
		}
	}
	return nil
}
