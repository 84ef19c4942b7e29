package app

import (
	"strconv"
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/broadcast"
	"cpca/internal/calendar"
	"cpca/internal/campaign"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// 邮件管理 › 群发邮件: staff compose a campaign for an audience of member companies resolved to
// contact roles, preview it per recipient, test it on themselves, and send or schedule it.

// campaignForm is what staff typed, kept when the form comes back.
type campaignForm struct {
	Subject, Body, Layout, Companies, SendAt, PreviewTo string
	All                                                 bool
	Levels, Provinces, Categories, Roles                []string
}

// Has reports whether v is checked in the list named by field.
func (f campaignForm) Has(field, v string) bool {
	var vs []string
	switch field {
	case "levels":
		vs = f.Levels
	case "provinces":
		vs = f.Provinces
	case "categories":
		vs = f.Categories
	case "roles":
		vs = f.Roles
	}
	return v != "" && oneOrEmpty(v, vs) != ""
}

func (f campaignForm) compose() composeForm {
	return composeForm{Companies: f.Companies, All: f.All, Levels: f.Levels, Provinces: f.Provinces, Categories: f.Categories}
}

// campaignCompose is the compose page: form, live count, preview.
type campaignCompose struct {
	Form       campaignForm
	Counts     campaign.Counts
	Counted    bool
	Samples    []campaign.Recipient
	Preview    *campaign.Message
	PreviewFor campaign.Recipient
	Levels     []string
	Roles      []string
	Layouts    []string
	Vars       []string
}

func bindCampaign(c *fiber.Ctx) campaignForm {
	v := func(k string) string {
		if c.Method() == fiber.MethodGet {
			return c.Query(k)
		}
		return c.FormValue(k)
	}
	return campaignForm{Subject: strings.TrimSpace(v("subject")), Body: v("body"), Layout: oneOrEmpty(v("layout"), campaign.Layouts),
		Companies: v("companies"), SendAt: v("send_at"), PreviewTo: v("preview_to"), All: v("all") == "1",
		Levels:     keepIn(multi(c, "levels"), messageLevels),
		Provinces:  keepIn(multi(c, "provinces"), membership.Provinces),
		Categories: keepIn(multi(c, "categories"), membership.Categories),
		Roles:      keepIn(multi(c, "roles"), campaign.Roles)}
}

func (s *Server) campaignPage(c *fiber.Ctx, v campaignCompose) *Page {
	v.Levels, v.Roles, v.Layouts, v.Vars = messageLevels, campaign.Roles, campaign.Layouts, campaign.Vars
	p := s.page(c, "群发邮件", "emails")
	p.Data = v
	return p
}

// campaignAudience resolves the form's audience and counts it (errs gets field messages).
func (s *Server) campaignAudience(c *fiber.Ctx, f campaignForm, fe map[string]string) (broadcast.Audience, campaignCompose, error) {
	v := campaignCompose{Form: f}
	a, _, err := s.audience(c, f.compose(), fe)
	if err != nil || a.Empty() || len(f.Roles) == 0 {
		return a, v, err
	}
	if v.Counts, err = campaign.Count(c.UserContext(), s.DB, a, f.Roles); err != nil {
		return a, v, err
	}
	v.Counted = true
	return a, v, nil
}

func (s *Server) campaignNew(c *fiber.Ctx) error {
	return render(c, "pages/admin_campaign_new", "", s.campaignPage(c, campaignCompose{Form: campaignForm{Roles: []string{campaign.RolePrimary}}}))
}

// campaignCount is the live recipient count (fragment for htmx).
func (s *Server) campaignCount(c *fiber.Ctx) error {
	fe := map[string]string{}
	_, v, err := s.campaignAudience(c, bindCampaign(c), fe)
	if err != nil {
		return err
	}
	p := s.campaignPage(c, v)
	p.Errors = fe
	return render(c, "pages/admin_campaign_new", "partials/campaign_count", p)
}

// campaignCreate previews (action=preview), test-sends (action=test) or saves and sends /
// schedules the campaign (action=send).
func (s *Server) campaignCreate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := bindCampaign(c)
	fe := map[string]string{}
	a, v, err := s.campaignAudience(c, f, fe)
	if err != nil {
		return err
	}
	d := campaign.Draft{Subject: f.Subject, Body: f.Body, Layout: f.Layout, Audience: a, Roles: f.Roles}
	if f.SendAt != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", f.SendAt, calendar.Zone)
		if err != nil {
			fe["send_at"] = "请填写正确的发送时间"
		}
		d.SendAt = t
	}
	for k, e := range campaign.CheckDraft(d, s.Now()) {
		if fe[k] == "" {
			fe[k] = errText(c, e)
		}
	}
	if v.Counted && v.Counts.Addresses == 0 && fe["audience"] == "" {
		fe["audience"] = errText(c, campaign.ErrNoRecipients)
	}
	action := c.FormValue("action")
	if action == "send" && len(fe) == 0 {
		cp, err := campaign.Create(ctx, s.DB, d, actor(c), s.Now())
		if err != nil {
			return err
		}
		ok := msg("群发邮件已开始发送，共 %d 个收件地址。", cp.Recipients)
		switch {
		case cp.Status == campaign.AwaitingApproval:
			ok = msg("群发邮件发给全部会员单位，须由另一位工作人员审批后发送。")
		case cp.SendAt.After(s.Now().Add(time.Minute)):
			ok = msg("群发邮件将于 %s 发送。", localTime(cp.SendAt))
		default:
			_ = s.Queue.KickCampaigns(ctx)
		}
		return s.done(c, nil, ok, campaignURL(cp.ID))
	}
	// Preview and test send need a recipient: the one picked, else the first.
	if v.Counted && fe["subject"] == "" && fe["body"] == "" {
		if v.Samples, err = campaign.Sample(ctx, s.DB, a, f.Roles, 50); err != nil {
			return err
		}
		if len(v.Samples) > 0 {
			v.PreviewFor = v.Samples[0]
			for _, r := range v.Samples {
				if r.Address == f.PreviewTo {
					v.PreviewFor = r
				}
			}
			if key, err := campaign.Key(ctx, s.DB); err == nil {
				m, err := campaign.Render(d.Subject, d.Body, d.Layout, v.PreviewFor, campaign.UnsubscribeURL(s.Cfg.BaseURL, key, v.PreviewFor.Address))
				if err == nil {
					v.Preview = &m
				}
			}
		}
	}
	if action == "test" && fe["subject"] == "" && fe["body"] == "" {
		u, err := account.ByID(ctx, s.DB, principal(c).UserID)
		if err != nil {
			return err
		}
		if _, err := campaign.TestSend(ctx, s.DB, d, v.PreviewFor, u.Email, s.Cfg.BaseURL, actor(c)); err != nil {
			fe["test"] = errText(c, err)
		} else {
			s.kickOutbox()
			fe = nil
			p := s.campaignPage(c, v)
			p.Flash = p.T("测试邮件已发送到 ") + u.Email
			return renderForm(c, "pages/admin_campaign_new", "", p, nil)
		}
	}
	return renderForm(c, "pages/admin_campaign_new", "", s.campaignPage(c, v), fe)
}

func campaignURL(id int64) string { return "/admin/campaigns/" + strconv.FormatInt(id, 10) }

// campaignListPage is 群发邮件: the campaigns, newest first.
type campaignListPage struct {
	Status    string `query:"status"`
	Campaigns []campaign.Campaign
	Pager     Pager
	States    []string
}

// Clean drops what the filter does not accept.
func (f *campaignListPage) Clean() { f.Status = oneOrEmpty(f.Status, campaign.States) }

func (s *Server) campaignList(c *fiber.Ctx) error {
	v := campaignListPage{States: campaign.States}
	q := bindFilter(c, &v)
	page := pageNumber(c)
	cs, total, err := campaign.List(c.UserContext(), s.DB, v.Status, page, 20)
	if err != nil {
		return err
	}
	v.Campaigns, v.Pager = cs, newPager("/admin/campaigns", q, page, 20, total)
	p := s.page(c, "邮件管理", "emails")
	p.Data = v
	return render(c, "pages/admin_campaigns", "partials/campaigns_table", p)
}
