package app

import (
	"fmt"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/campaign"
	"cpca/internal/company"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// deliveryQuery is the filter of a campaign's delivery rows (发送记录), in the query string.
type deliveryQuery struct {
	Status  string `query:"status"`
	Missing string `query:"missing"` // "1": who did not get it (every row not sent)
	Q       string `query:"q"`
}

// Clean drops what the filter does not accept.
func (f *deliveryQuery) Clean() {
	f.Status, f.Q = oneOrEmpty(f.Status, campaign.DeliveryStates), strings.TrimSpace(f.Q)
	if f.Missing != "1" {
		f.Missing = ""
	}
}

func (f deliveryQuery) filter(page int) campaign.DeliveryFilter {
	return campaign.DeliveryFilter{Status: f.Status, NotDelivered: f.Missing == "1", Q: f.Q, Page: page}
}

// campaignView is one campaign: its content, state, actions, tally and delivery rows.
type campaignView struct {
	deliveryQuery
	Campaign   *campaign.Campaign
	Tally      campaign.Tally
	Rows       []campaign.Delivery
	Pager      Pager
	States     []string
	ExportURL  string
	CanApprove bool // another staff user than the author
	Audience   string
}

const deliveriesPerPage = 50

func (s *Server) campaignDetail(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cp, err := campaign.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v := campaignView{Campaign: cp, States: campaign.DeliveryStates}
	q := bindFilter(c, &v.deliveryQuery)
	v.ExportURL = campaignURL(id) + "/export"
	if e := q.Encode(); e != "" {
		v.ExportURL += "?" + e
	}
	v.CanApprove = cp.CanApprove() && cp.AuthorID != principal(c).UserID
	if v.Tally, err = campaign.TallyOf(ctx, s.DB, id); err != nil {
		return err
	}
	page := pageNumber(c)
	rows, total, err := campaign.Deliveries(ctx, s.DB, id, v.filter(page), deliveriesPerPage)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = rows, newPager(campaignURL(id), q, page, deliveriesPerPage, total)
	v.Audience = audienceText(c, cp)
	p := s.page(c, "群发邮件", "emails")
	p.Title = cp.Subject
	p.Data = v
	return render(c, "pages/admin_campaign", "partials/deliveries_table", p)
}

// audienceText says in words whom the campaign is for.
func audienceText(c *fiber.Ctx, cp *campaign.Campaign) string {
	t := func(s string) string { return principalT(c, s) }
	a := cp.Audience()
	var parts []string
	if a.All {
		parts = append(parts, t("全部会员单位"))
	}
	for _, l := range a.Levels {
		parts = append(parts, t(company.LevelLabel(l)))
	}
	for _, p := range a.Provinces {
		parts = append(parts, t(p))
	}
	for _, k := range a.Categories {
		parts = append(parts, t(k))
	}
	if len(a.CompanyIDs) > 0 {
		parts = append(parts, fmt.Sprintf("%s %d", t("指定单位"), len(a.CompanyIDs)))
	}
	var roles []string
	for _, r := range cp.Roles {
		roles = append(roles, t(campaign.RoleLabel(r)))
	}
	return strings.Join(parts, " · ") + " → " + strings.Join(roles, "、")
}

// campaignAction runs one state change of the :id campaign.
func (s *Server) campaignAction(run func(c *fiber.Ctx, id int64) error, ok string, kick bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		err = run(c, id)
		if err == nil && kick {
			_ = s.Queue.KickCampaigns(c.UserContext())
		}
		return s.done(c, err, msg(ok), campaignURL(id))
	}
}

func (s *Server) campaignApprove(c *fiber.Ctx, id int64) error {
	_, err := campaign.Approve(c.UserContext(), s.DB, id, actor(c))
	return err
}

func (s *Server) campaignPause(c *fiber.Ctx, id int64) error {
	_, err := campaign.Pause(c.UserContext(), s.DB, id, actor(c))
	return err
}

func (s *Server) campaignResume(c *fiber.Ctx, id int64) error {
	_, err := campaign.Resume(c.UserContext(), s.DB, id, actor(c))
	return err
}

func (s *Server) campaignCancel(c *fiber.Ctx, id int64) error {
	_, err := campaign.Cancel(c.UserContext(), s.DB, id, actor(c))
	return err
}

func (s *Server) campaignRetry(c *fiber.Ctx, id int64) error {
	_, err := campaign.RetryFailed(c.UserContext(), s.DB, id, actor(c))
	return err
}

// campaignExport writes the filtered delivery rows to .xlsx.
func (s *Server) campaignExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cp, err := campaign.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	var v deliveryQuery
	q := bindFilter(c, &v)
	rows, err := campaign.AllDeliveries(ctx, s.DB, id, v.filter(1))
	if err != nil {
		return err
	}
	sh, err := sheet.New("发送记录", []string{"收件地址", "会员单位", "会员编号", "联系人", "状态", "SMTP 代码", "服务器回复", "尝试次数", "发送时间", "更新时间"})
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, r := range rows {
		sent := ""
		if !r.SentAt.IsZero() {
			sent = localTime(r.SentAt)
		}
		if err := sh.AddRow(r.Address, r.CompanyName, r.MemberNo, r.ContactName, campaign.DeliveryLabel(r.Status),
			r.SMTPCode, r.SMTPMessage, r.Attempts, sent, localTime(r.UpdatedAt)); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "campaign.export", ObjectType: "campaign", ObjectID: fmt.Sprint(id),
		Detail: fmt.Sprintf("%s (%d rows)", q.Encode(), len(rows))})
	return sendSheet(c, sh, fmt.Sprintf("发送记录-%d", cp.ID), s.Now().In(calendar.Zone).Format("20060102"))
}
