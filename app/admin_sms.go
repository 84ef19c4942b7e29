package app

import (
	"cpca/internal/calendar"
	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// 短信管理: every text message the system wrote, with its outcome and receipt, filtered by
// status, template, day and a part of the number (shown masked); the template registry is
// admin_sms_templates.go.

// smsQuery is the filter of 短信管理 as it travels in the query string.
type smsQuery struct {
	Status   string `query:"status"`
	Template string `query:"template"`
	From     string `query:"from"`
	To       string `query:"to"`
	Phone    string `query:"phone"`
}

// Clean drops what the filter does not accept; the phone keeps its digits only.
func (f *smsQuery) Clean() {
	f.Status = oneOrEmpty(f.Status, sms.Statuses)
	f.From, f.To = dateOrEmpty(f.From), dateOrEmpty(f.To)
	digits := []rune{}
	for _, r := range f.Phone {
		if r >= '0' && r <= '9' && len(digits) < 11 {
			digits = append(digits, r)
		}
	}
	f.Phone = string(digits)
	if len(f.Template) > 40 {
		f.Template = ""
	}
}

func (f smsQuery) filter() sms.Filter {
	out := sms.Filter{Status: f.Status, Template: f.Template, Phone: f.Phone}
	out.From, _ = calendar.ParseDate(f.From)
	out.To, _ = calendar.ParseDate(f.To)
	return out
}

// smsRow is one text as 短信管理 shows it: the number masked, the text rendered with the
// registry, the status label and its badge colour.
type smsRow struct {
	sms.Message
	Masked, Body, Label, Badge, Code string
}

// smsStatusOption is a status of the filter with its label and count.
type smsStatusOption struct {
	Value, Label string
	N            int
}

// smsPage is 短信管理.
type smsPage struct {
	smsQuery
	Statuses  []smsStatusOption
	Templates []sms.Template
	Messages  []smsRow
	Pager     Pager
}

const smsPerPage = 30

func smsBadge(status string) string {
	switch status {
	case sms.StatusDelivered, sms.StatusSubmitted:
		return "ok"
	case sms.StatusFailed, sms.StatusUnknown, sms.StatusLimited:
		return "bad"
	}
	return "warn"
}

func (s *Server) smsList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var v smsPage
	q := bindFilter(c, &v.smsQuery)
	page := pageNumber(c)
	counts, err := sms.Counts(ctx, s.DB)
	if err != nil {
		return err
	}
	for _, st := range sms.Statuses {
		v.Statuses = append(v.Statuses, smsStatusOption{Value: st, Label: sms.StatusLabel(st), N: counts[st]})
	}
	reg, err := sms.RegistryMap(ctx, s.DB)
	if err != nil {
		return err
	}
	if v.Templates, err = sms.Registry(ctx, s.DB); err != nil {
		return err
	}
	ms, total, err := sms.List(ctx, s.DB, v.filter(), page, smsPerPage)
	if err != nil {
		return err
	}
	for _, m := range ms {
		v.Messages = append(v.Messages, smsRow{Message: m, Masked: sms.Mask(m.To), Body: m.TextWith(reg),
			Label: sms.StatusLabel(m.Status), Badge: smsBadge(m.Status), Code: reg[m.Template].Code})
	}
	v.Pager = newPager("/admin/sms", q, page, smsPerPage, total)
	p := s.page(c, "短信管理", "sms")
	p.Data = v
	return render(c, "pages/admin_sms", "partials/sms_table", p)
}
