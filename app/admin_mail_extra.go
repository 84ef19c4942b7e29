package app

import (
	"errors"
	"strings"

	"cpca/internal/campaign"
	"cpca/internal/errs"
	"cpca/internal/mail"

	"github.com/gofiber/fiber/v2"
)

// 邮件管理 › 退订/退信名单 and 邮件模板, and the anonymous 退订 page.

// suppressionPage is the suppression list with its filter and the add form.
type suppressionPage struct {
	Reason  string `query:"reason"`
	Q       string `query:"q"`
	Rows    []campaign.Suppression
	Pager   Pager
	Reasons []string
	Address string
}

// Clean drops what the filter does not accept.
func (f *suppressionPage) Clean() {
	f.Reason = oneOrEmpty(f.Reason, []string{campaign.ReasonBounce, campaign.ReasonUnsubscribe, campaign.ReasonStaff})
	f.Q = strings.TrimSpace(f.Q)
}

func (s *Server) suppressionList(c *fiber.Ctx) error {
	v := suppressionPage{Reasons: []string{campaign.ReasonBounce, campaign.ReasonUnsubscribe, campaign.ReasonStaff}}
	q := bindFilter(c, &v)
	page := pageNumber(c)
	rows, total, err := campaign.Suppressions(c.UserContext(), s.DB, campaign.SuppressionFilter{Reason: v.Reason, Q: v.Q, Page: page}, 50)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = rows, newPager("/admin/suppressions", q, page, 50, total)
	p := s.page(c, "邮件管理", "emails")
	p.Data = v
	return render(c, "pages/admin_suppressions", "partials/suppressions_table", p)
}

func (s *Server) suppressionAdd(c *fiber.Ctx) error {
	err := campaign.AddSuppression(c.UserContext(), s.DB, c.FormValue("address"), strings.TrimSpace(c.FormValue("detail")), actor(c))
	if errs.KindOf(err) == errs.Invalid {
		flashErr(c, "请填写正确的邮箱地址")
		return redirect(c, "/admin/suppressions")
	}
	return s.done(c, err, msg("已加入退订/退信名单。"), "/admin/suppressions")
}

func (s *Server) suppressionRemove(c *fiber.Ctx) error {
	err := campaign.RemoveSuppression(c.UserContext(), s.DB, c.FormValue("address"), actor(c))
	return s.done(c, err, msg("已移出退订/退信名单。"), "/admin/suppressions")
}

// templateListPage is 邮件模板: every transactional kind and its current version.
type templateListPage struct {
	Rows []templateRow
}

type templateRow struct {
	Kind    mail.KindInfo
	Current *mail.Template
}

func (s *Server) templateList(c *fiber.Ctx) error {
	var v templateListPage
	for _, k := range mail.TransactionalKinds() {
		t, err := mail.CurrentTemplate(c.UserContext(), s.DB, k.Kind)
		if err != nil {
			return err
		}
		v.Rows = append(v.Rows, templateRow{Kind: k, Current: t})
	}
	p := s.page(c, "邮件管理", "emails")
	p.Data = v
	return render(c, "pages/admin_mail_templates", "", p)
}

// templateEditPage edits one kind's template with a preview and the version history.
type templateEditPage struct {
	Kind              mail.KindInfo
	Subject, Body     string
	Note              string
	Versions          []mail.Template
	Preview           *mail.Message
	Builtin           mail.Message
	Vars              []string
	Fallback, Default bool
}

func (s *Server) templateEdit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	k, ok := mail.KindOf(c.Params("kind"))
	if !ok || !k.Transactional {
		return mail.ErrUnknownTemplateKind
	}
	v := templateEditPage{Kind: k, Vars: mail.TemplateVars, Subject: "{{标题}}", Body: "{{正文}}", Default: true}
	vs, err := mail.TemplateVersions(ctx, s.DB, k.Kind)
	if err != nil {
		return err
	}
	v.Versions = vs
	if len(vs) > 0 {
		v.Subject, v.Body, v.Default = vs[0].Subject, vs[0].Body, false
	}
	if n := atoiDefault(c.Query("version"), 0); n > 0 {
		for _, t := range vs {
			if t.Version == n {
				v.Subject, v.Body = t.Subject, t.Body
			}
		}
	}
	v.Builtin = mail.Message{Subject: k.SampleSubject, Body: k.SampleBody, To: "member@example.com"}
	pv, err := mail.RenderTemplate(&mail.Template{Subject: v.Subject, Body: v.Body}, v.Builtin)
	v.Preview, v.Fallback = &pv, err != nil
	p := s.page(c, "邮件模板", "emails")
	p.Data = v
	return render(c, "pages/admin_mail_template", "", p)
}

// templateSave previews (action=preview) or saves a new version.
func (s *Server) templateSave(c *fiber.Ctx) error {
	ctx := c.UserContext()
	k, ok := mail.KindOf(c.Params("kind"))
	if !ok || !k.Transactional {
		return mail.ErrUnknownTemplateKind
	}
	v := templateEditPage{Kind: k, Vars: mail.TemplateVars, Subject: c.FormValue("subject"), Body: c.FormValue("body"), Note: c.FormValue("note")}
	bad, err := mail.TemplateCheck(k.Kind, v.Subject, v.Body)
	if err != nil {
		return err
	}
	fe := map[string]string{}
	for f, e := range bad {
		fe[f] = errText(c, e)
	}
	if len(fe) == 0 && c.FormValue("action") == "save" {
		n, err := mail.SaveTemplate(ctx, s.DB, k.Kind, v.Subject, v.Body, v.Note, actor(c))
		return s.done(c, err, msg("已保存为第 %d 版。", n), "/admin/mail-templates/"+k.Kind)
	}
	if v.Versions, err = mail.TemplateVersions(ctx, s.DB, k.Kind); err != nil {
		return err
	}
	v.Builtin = mail.Message{Subject: k.SampleSubject, Body: k.SampleBody, To: "member@example.com"}
	if len(fe) == 0 {
		pv, _ := mail.RenderTemplate(&mail.Template{Subject: v.Subject, Body: v.Body}, v.Builtin)
		v.Preview = &pv
	}
	p := s.page(c, "邮件模板", "emails")
	p.Data = v
	return renderForm(c, "pages/admin_mail_template", "", p, fe)
}

// unsubscribePage is the anonymous 退订 page: one button confirms.
type unsubscribePage struct {
	Token, Address string
	Done, Invalid  bool
}

func (s *Server) unsubscribeForm(c *fiber.Ctx) error {
	p := s.page(c, "退订邮件", "")
	key, err := campaign.Key(c.UserContext(), s.DB)
	if err != nil {
		return err
	}
	addr, err := campaign.ParseToken(key, c.Params("token"))
	if err != nil {
		p.Data = unsubscribePage{Invalid: true}
		return render(c, "pages/unsubscribe", "", p)
	}
	done, err := campaign.Suppressed(c.UserContext(), s.DB, addr)
	if err != nil {
		return err
	}
	p.Data = unsubscribePage{Token: c.Params("token"), Address: addr, Done: done}
	return render(c, "pages/unsubscribe", "", p)
}

// unsubscribe confirms: from the page's button or a mail client's one-click POST (RFC 8058).
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	addr, err := campaign.Unsubscribe(c.UserContext(), s.DB, c.Params("token"))
	invalid := errors.Is(err, campaign.ErrBadToken)
	if err != nil && !invalid {
		return err
	}
	if oneClick(c) {
		if invalid {
			return c.SendStatus(fiber.StatusNotFound)
		}
		return c.SendStatus(fiber.StatusOK)
	}
	p := s.page(c, "退订邮件", "")
	p.Data = unsubscribePage{Token: c.Params("token"), Address: addr, Done: !invalid, Invalid: invalid}
	return render(c, "pages/unsubscribe", "", p)
}

// oneClick says whether the request is a mail client's RFC 8058 one-click unsubscribe: a POST
// to /unsubscribe/:token with the body List-Unsubscribe=One-Click, which carries no CSRF token
// (the signed token in the path is the authorization, and unsubscribing is all it can do).
func oneClick(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodPost && strings.HasPrefix(c.Path(), "/unsubscribe/") &&
		c.FormValue("List-Unsubscribe") == "One-Click"
}
