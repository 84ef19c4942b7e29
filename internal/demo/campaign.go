package demo

import (
	"context"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/campaign"
	"cpca/internal/company"
	"cpca/internal/mail"

	"github.com/uptrace/bun"
)

// seedCampaigns shows 邮件管理: a campaign to every person of the member companies that went
// out yesterday (most rows 已发送, one refused by the receiving server, one bounced and so on
// the suppression list), a campaign to every member written by 协会信息部 (xinxi) waiting for
// another staff user's approval (log in as admin to approve it), and a custom version of the
// 入会申请审核通过 mail.
func seedCampaigns(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	everyLevel := broadcast.Audience{Levels: []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}}
	sent, err := campaign.Create(ctx, tx, campaign.Draft{Subject: "{{企业名称}}：2027年会员大会参会回执",
		Body:     "{{联系人}}，您好：\n\n协会定于下月中旬在深圳召开2027年会员大会。请于本月底前回复参会人员名单。\n\n贵单位会员编号：{{会员编号}}",
		Audience: everyLevel, Roles: []string{campaign.RoleAll}}, by, now.Add(-26*time.Hour))
	if err != nil {
		return err
	}
	if _, _, err := campaign.Materialize(ctx, tx, sent); err != nil {
		return err
	}
	yesterday := now.Add(-25 * time.Hour)
	if _, err := tx.NewRaw(`UPDATE campaign_deliveries SET status = 'sent', smtp_code = 250, smtp_message = 'OK', attempts = 1,
		sent_at = ?, updated_at = ? WHERE campaign_id = ?`, yesterday, yesterday, sent.ID).Exec(ctx); err != nil {
		return err
	}
	// The last two rows went wrong: one refused by policy (failed, 重试失败 can send it again),
	// one address that does not exist (bounced, suppressed).
	var last []campaign.Delivery
	if err := tx.NewSelect().Model(&last).Where("campaign_id = ?", sent.ID).Order("id DESC").Limit(2).Scan(ctx); err != nil {
		return err
	}
	outcomes := []struct {
		status string
		code   int
		msg    string
	}{{campaign.DFailed, 554, "554 5.7.1 Message rejected: content policy"}, {campaign.DBounced, 550, "550 5.1.1 Mailbox does not exist"}}
	for i, d := range last {
		o := outcomes[i%2]
		if _, err := tx.NewRaw(`UPDATE campaign_deliveries SET status = ?, smtp_code = ?, smtp_message = ?, sent_at = NULL WHERE id = ?`,
			o.status, o.code, o.msg, d.ID).Exec(ctx); err != nil {
			return err
		}
		if o.status == campaign.DBounced {
			if err := campaign.Suppress(ctx, tx, d.Address, campaign.ReasonBounce, o.msg); err != nil {
				return err
			}
		}
	}
	if _, err := tx.NewRaw(`UPDATE campaigns SET status = 'sent', started_at = ?, finished_at = ?,
		recipients = (SELECT count(*) FROM campaign_deliveries WHERE campaign_id = ?) WHERE id = ?`,
		yesterday, yesterday.Add(3*time.Minute), sent.ID, sent.ID).Exec(ctx); err != nil {
		return err
	}

	var xinxi audit.Actor
	if err := tx.NewRaw(`SELECT id, username FROM users WHERE username = 'xinxi'`).Scan(ctx, &xinxi.ID, &xinxi.Name); err != nil {
		return err
	}
	if _, err := campaign.Create(ctx, tx, campaign.Draft{Subject: "2027年中国电子电路行业年度调查填报提醒",
		Body:     "{{联系人}}，您好：\n\n年度行业调查已开始，请于两周内登录会员管理系统完成填报。调查结果仅用于行业统计分析。\n\n如有疑问请联系协会信息部。",
		Audience: broadcast.Audience{All: true}, Roles: []string{campaign.RolePrimary}}, xinxi, now); err != nil {
		return err
	}
	_, err = mail.SaveTemplate(ctx, tx, "application_approved", "【CPCA】{{标题}}",
		"尊敬的会员单位：\n\n{{正文}}\n\n欢迎加入中国电子电路行业协会。登录后可在“会员缴费”中查看年度会费。\n\n中国电子电路行业协会秘书处",
		"入会审核通过邮件加入欢迎语", by)
	return err
}
