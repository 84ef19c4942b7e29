package app

import (
	"time"

	"cpca/internal/campaign"
	"cpca/internal/mail"
)

// campaignSamples are the 邮件管理 pages (群发邮件, 发送记录 of a campaign, 邮件模板, 退订/退信名单)
// and the 退订 page, with Latin data so the English check sees only the templates' own words.
func campaignSamples() map[string][]any {
	now := time.Now()
	pager := newPager("/x", nil, 1, 20, 41)
	cs := []campaign.Campaign{{ID: 1, Subject: "News", Status: campaign.Sent, Recipients: 3, SendAt: now, CreatedAt: now, AuthorName: "li"},
		{ID: 2, Subject: "All", Status: campaign.AwaitingApproval, NeedsApproval: true}, {ID: 3, Subject: "X", Status: campaign.Cancelled}}
	form := campaignForm{Subject: "Hi {{联系人}}", Body: "Text", Roles: []string{campaign.RolePrimary}, Levels: []string{"council"}}
	rec := campaign.Recipient{Address: "a@example.com", CompanyName: "Acme", ContactName: "Li"}
	compose := campaignCompose{Form: form, Counts: campaign.Counts{Companies: 2, Addresses: 3, Suppressed: 1}, Counted: true,
		Samples: []campaign.Recipient{rec}, PreviewFor: rec, Preview: &campaign.Message{Subject: "Hi Li", Body: "Text"},
		Levels: messageLevels, Roles: campaign.Roles, Layouts: campaign.Layouts, Vars: campaign.Vars}
	rows := []campaign.Delivery{{ID: 1, Address: "a@example.com", Status: campaign.DSent, SMTPCode: 250, UpdatedAt: now},
		{ID: 2, Address: "b@qq.com", Status: campaign.DBounced, SMTPCode: 550, SMTPMessage: "no such user"},
		{ID: 3, Address: "c@163.com", Status: campaign.DDeferred, SMTPCode: 451}}
	view := func(c *campaign.Campaign, canApprove bool) campaignView {
		return campaignView{Campaign: c, Tally: campaign.Tally{"sent": 1, "failed": 1}, Rows: rows, Pager: pager,
			States: campaign.DeliveryStates, ExportURL: "/x", CanApprove: canApprove, Audience: "Council"}
	}
	sending := campaign.Campaign{ID: 4, Subject: "S", Status: campaign.Sending, Recipients: 3}
	paused := campaign.Campaign{ID: 5, Subject: "P", Status: campaign.Paused, NeedsApproval: true, ApproverName: "wang", ApprovedAt: now}
	kinds := mail.TransactionalKinds()
	tpl := mail.Template{Kind: kinds[0].Kind, Version: 2, Subject: "{{标题}}", Body: "{{正文}}", AuthorName: "li", CreatedAt: now, Note: "n"}
	tplKind := mail.KindInfo{Kind: kinds[0].Kind, Label: kinds[0].Label, Transactional: true}
	return map[string][]any{
		"pages/admin_campaigns":       {campaignListPage{Campaigns: cs, Pager: pager, States: campaign.States}, campaignListPage{Pager: pager, States: campaign.States}},
		"partials/campaigns_table":    {campaignListPage{Campaigns: cs, Pager: pager}},
		"pages/admin_campaign_new":    {compose, campaignCompose{Levels: messageLevels, Roles: campaign.Roles, Layouts: campaign.Layouts}},
		"partials/campaign_count":     {compose, campaignCompose{}},
		"pages/admin_campaign":        {view(&cs[0], false), view(&cs[1], true), view(&cs[1], false), view(&sending, false), view(&paused, false)},
		"partials/deliveries_table":   {view(&cs[0], false), campaignView{Campaign: &cs[0], Pager: pager}},
		"pages/admin_suppressions":    {suppressionPage{Rows: []campaign.Suppression{{Address: "a@example.com", Reason: campaign.ReasonBounce, CreatedAt: now}, {Address: "b@example.com", Reason: campaign.ReasonUnsubscribe}, {Address: "c@example.com", Reason: campaign.ReasonStaff}}, Pager: pager, Reasons: []string{campaign.ReasonBounce, campaign.ReasonUnsubscribe, campaign.ReasonStaff}}},
		"partials/suppressions_table": {suppressionPage{Pager: pager}},
		"pages/admin_mail_templates":  {templateListPage{Rows: []templateRow{{Kind: tplKind, Current: &tpl}, {Kind: tplKind}}}},
		"pages/admin_mail_template": {templateEditPage{Kind: tplKind, Subject: "{{标题}}", Body: "{{正文}}", Versions: []mail.Template{tpl}, Vars: mail.TemplateVars,
			Preview: &mail.Message{Subject: "Hello", Body: "Text"}}, templateEditPage{Kind: tplKind, Fallback: true, Preview: &mail.Message{Subject: "Hello"}}},
		"pages/unsubscribe":  {unsubscribePage{Token: "t", Address: "a@example.com"}, unsubscribePage{Address: "a@example.com", Done: true}, unsubscribePage{Invalid: true}},
		"partials/mail_tabs": {nil},
	}
}
