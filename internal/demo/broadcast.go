package demo

import (
	"context"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// seedBroadcasts sends two 站内信 through the staff action: an important one to the council
// levels only (pinned on their 待办事项) and one to every member.
func seedBroadcasts(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	council := broadcast.Audience{Levels: []string{company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}}
	drafts := []broadcast.Draft{
		{Title: "关于召开第八届理事会第三次会议的通知", Important: true, Audience: council,
			Body: "各理事单位：\n\n协会定于下月中旬在深圳召开第八届理事会第三次会议，审议年度工作报告和新会员单位入会事项。\n请于本月底前回复参会人员名单。\n\n会议议程见 https://www.cpca.org.cn/ 通知公告栏目。"},
		{Title: "2027年中国电子电路行业年度调查开始填报", Audience: broadcast.Audience{All: true},
			Body: "各会员单位：\n\n年度行业调查已开始，请于两周内完成填报，调查结果仅用于行业统计分析。\n\n如有疑问请联系协会信息部。"},
	}
	for _, d := range drafts {
		if _, err := broadcast.Create(ctx, tx, d, by, now); err != nil {
			return err
		}
	}
	return nil
}
