package app

import (
	"cpca/internal/errs"
	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// 短信管理 — 短信模板: the registry staff manage (key, the provider's template code, kind,
// signature, parameters with their limits, enabled). Built-in templates show until edited.

// smsTemplatesPage lists the registry.
type smsTemplatesPage struct{ Templates []sms.Template }

// smsTemplatePage is the edit form of one template.
type smsTemplatePage struct {
	Form  sms.Form
	New   bool
	Kinds []string
}

func (s *Server) smsTemplates(c *fiber.Ctx) error {
	ts, err := sms.Registry(c.UserContext(), s.DB)
	if err != nil {
		return err
	}
	p := s.page(c, "短信模板", "sms")
	p.Data = smsTemplatesPage{Templates: ts}
	return render(c, "pages/admin_sms_templates", "", p)
}

func (s *Server) smsTemplateNew(c *fiber.Ctx) error {
	p := s.page(c, "新增短信模板", "sms")
	p.Data = smsTemplatePage{New: true, Kinds: sms.Kinds, Form: sms.Form{Kind: sms.KindNotice, Enabled: true}}
	return render(c, "pages/admin_sms_template", "", p)
}

func (s *Server) smsTemplateEdit(c *fiber.Ctx) error {
	t, err := sms.Find(c.UserContext(), s.DB, c.Params("key"))
	if err != nil {
		return errSMSTemplate
	}
	p := s.page(c, "编辑短信模板", "sms")
	p.Data = smsTemplatePage{Kinds: sms.Kinds, Form: sms.FormOf(t)}
	return render(c, "pages/admin_sms_template", "", p)
}

// smsTemplateSave creates (POST /admin/sms/templates) or saves (POST …/:key) a template; the
// form comes back with its errors by field.
func (s *Server) smsTemplateSave(c *fiber.Ctx) error {
	key := c.Params("key")
	f := sms.Form{Key: c.FormValue("key"), Code: c.FormValue("code"), Kind: c.FormValue("kind"),
		SignName: c.FormValue("sign_name"), Params: c.FormValue("params"), Body: c.FormValue("body"),
		Enabled: c.FormValue("enabled") == "1"}
	if key != "" {
		if _, err := sms.Find(c.UserContext(), s.DB, key); err != nil {
			return errSMSTemplate
		}
		f.Key = key
	}
	if _, bad := f.Check(); len(bad) > 0 {
		fe := map[string]string{}
		for k, e := range bad {
			fe[k] = errText(c, e)
		}
		p := s.page(c, "编辑短信模板", "sms")
		p.Data = smsTemplatePage{New: key == "", Kinds: sms.Kinds, Form: f}
		return renderForm(c, "pages/admin_sms_template", "", p, fe)
	}
	err := sms.Save(c.UserContext(), s.DB, f, actor(c))
	return s.done(c, err, msg("短信模板已保存"), "/admin/sms/templates")
}

// errSMSTemplate is the answer for a template key that is neither stored nor built in.
var errSMSTemplate = errs.New(errs.NotFound, "您要找的内容不存在或已被删除。")
