package app

import (
	"errors"
	"strconv"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/internal/directory"
	"cpca/internal/errs"
	"cpca/internal/membership"
	"cpca/internal/ratelimit"

	"github.com/gofiber/fiber/v2"
)

// directoryQuery is the 通讯录 filter as it travels in the query string.
type directoryQuery struct {
	Q        string `query:"q"`
	Province string `query:"province"`
	Category string `query:"category"`
	Product  string `query:"product"`
	Level    string `query:"level"`
}

// Clean drops what the filter does not accept.
func (f *directoryQuery) Clean() {
	f.Q, f.Province, f.Product = cut(f.Q, 50), cut(f.Province, 20), cut(f.Product, 30)
	f.Category = oneOrEmpty(f.Category, membership.Categories)
	f.Level = oneOrEmpty(f.Level, directoryLevels)
}

var directoryLevels = []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}

// directoryPage is 通讯录: the entries as the viewer may see them.
type directoryPage struct {
	directoryQuery
	Rows  []directory.Entry
	Pager Pager
	Query string
}

const directoryPerPage = 20

// audience is the viewer's audience in the directory: staff, council or members.
func audience(c *fiber.Ctx) string {
	pr := principal(c)
	switch {
	case pr.Role == account.RoleAdmin:
		return directory.Staff
	case pr.Role == account.RoleCouncil:
		return directory.Council
	}
	return directory.Members
}

// directoryAllowed counts one directory view or search of the user: 429 past the limit.
func (s *Server) directoryAllowed(c *fiber.Ctx) error {
	ok, err := ratelimit.Take(c.UserContext(), s.DB, directory.SearchLimit, strconv.FormatInt(principal(c).UserID, 10))
	if err == nil && !ok {
		err = directory.ErrTooMany
	}
	return err
}

// directoryList is 通讯录 — search by name (2-character fragments), province, 企业类别,
// 主要产品 and level; each field as the viewer's audience may see it, mobiles masked.
func (s *Server) directoryList(c *fiber.Ctx) error {
	if err := s.directoryAllowed(c); err != nil {
		return err
	}
	var v directoryPage
	q := bindFilter(c, &v.directoryQuery)
	v.Query = q.Encode()
	f := directory.Filter{Q: v.Q, Province: v.Province, Category: v.Category, Product: v.Product, Level: v.Level,
		Page: pageNumber(c), Size: directoryPerPage}
	rows, total, err := directory.Search(c.UserContext(), s.DB, audience(c), f)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/directory", q, f.Page, directoryPerPage, total)
	p := s.page(c, "通讯录", "directory")
	p.Data = v
	return render(c, "pages/directory", "partials/directory_table", p)
}

// directorySettingsPage is 通讯录设置 with "How others see us".
type directorySettingsPage struct {
	Own      *directory.Settings
	Defaults map[string]directory.Default
	Preview  []previewEntry
}

type previewEntry struct {
	Audience string
	Entry    directory.Entry
}

// Choice is the company's current choice for a field ("" = the default).
func (v directorySettingsPage) Choice(f string) string { return v.Own.Fields[f] }

// Allowed are the audiences a company may choose for f: the default and tighter ones.
func (v directorySettingsPage) Allowed(f string) []string {
	d := v.Defaults[f]
	var out []string
	for _, a := range directory.Audiences {
		if directory.Sees(a, d.Audience) && a != d.Audience {
			out = append(out, a)
		}
	}
	return out
}

// directorySettings is 通讯录设置: hide the company, tighten fields, preview the entry.
func (s *Server) directorySettings(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), principal(c).CompanyID
	own, err := directory.Own(ctx, s.DB, id)
	if err != nil {
		return err
	}
	defs, err := directory.Defaults(ctx, s.DB)
	if err != nil {
		return err
	}
	pv, err := directory.Preview(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v := directorySettingsPage{Own: own, Defaults: defs}
	for _, a := range []string{directory.Members, directory.Council, directory.Staff} {
		v.Preview = append(v.Preview, previewEntry{Audience: a, Entry: pv[a]})
	}
	p := s.page(c, "通讯录设置", "directory")
	p.Data = v
	return render(c, "pages/directory_settings", "", p)
}

// directorySave stores 通讯录设置; a looser or locked choice is refused with its message.
func (s *Server) directorySave(c *fiber.Ctx) error {
	fields := map[string]string{}
	for _, f := range directory.Fields {
		fields[f] = c.FormValue("f_" + f)
	}
	err := directory.Save(c.UserContext(), s.DB, principal(c).CompanyID, c.FormValue("hidden") == "on", fields, actor(c))
	if errors.Is(err, errs.Invalid) {
		if m, ok := errs.MessageOf(err); ok {
			flashMsg(c, "flash_err", m)
			return redirect(c, "/directory/settings")
		}
	}
	return s.done(c, err, msg("通讯录设置已保存"), "/directory/settings")
}

// adminDirectoryPage is 通讯录设置 for 会员部: the default audience of each field and its lock.
type adminDirectoryPage struct {
	Defaults map[string]directory.Default
}

// adminDirectory shows the defaults.
func (s *Server) adminDirectory(c *fiber.Ctx) error {
	defs, err := directory.Defaults(c.UserContext(), s.DB)
	if err != nil {
		return err
	}
	p := s.page(c, "通讯录默认设置", "admin_directory")
	p.Data = adminDirectoryPage{Defaults: defs}
	return render(c, "pages/admin_directory", "", p)
}

// adminDirectorySave stores every field's default and lock.
func (s *Server) adminDirectorySave(c *fiber.Ctx) error {
	var defs []directory.Default
	for _, f := range directory.Fields {
		defs = append(defs, directory.Default{Field: f, Audience: c.FormValue("a_" + f), Locked: c.FormValue("l_"+f) == "on"})
	}
	err := directory.SetDefaults(c.UserContext(), s.DB, defs, actor(c))
	if errors.Is(err, errs.Invalid) {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "可见范围不正确")
	}
	return s.done(c, err, msg("通讯录默认设置已保存"), "/admin/directory")
}

// directoryBrochure uploads 附件简介 (PDF or image, checked by content); a refused file is
// flashed on 通讯录设置.
func (s *Server) directoryBrochure(c *fiber.Ctx) error {
	up, err := readUpload(c, "file")
	if errors.Is(err, errNoUpload) {
		flashMsg(c, "flash_err", msg("请选择附件简介文件（PDF、JPG 或 PNG）"))
		return redirect(c, "/directory/settings")
	}
	if err == nil {
		_, err = directory.SaveBrochure(c.UserContext(), s.DB, principal(c).CompanyID, up.Name, up.Data, actor(c))
	}
	if m, ok := errs.MessageOf(err); ok && (errors.Is(err, errs.Invalid) || errors.Is(err, errs.Conflict)) {
		flashMsg(c, "flash_err", m)
		return redirect(c, "/directory/settings")
	}
	return s.done(c, err, msg("附件简介已上传"), "/directory/settings")
}

// directoryBrochureRemove deletes 附件简介.
func (s *Server) directoryBrochureRemove(c *fiber.Ctx) error {
	err := directory.RemoveBrochure(c.UserContext(), s.DB, principal(c).CompanyID, actor(c))
	return s.done(c, err, msg("附件简介已删除"), "/directory/settings")
}

// directoryReveal is "显示": one person's full mobile where the viewer may see it, logged and
// limited per user. htmx swaps the number in; without JS it comes back as a flash.
func (s *Server) directoryReveal(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ok, err := ratelimit.Take(c.UserContext(), s.DB, directory.RevealLimit, strconv.FormatInt(principal(c).UserID, 10))
	if err != nil {
		return err
	}
	if !ok {
		return directory.ErrRevealTooMany
	}
	mobile, err := directory.Reveal(c.UserContext(), s.DB, audience(c), id, actor(c))
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	if c.Get("HX-Request") == "true" {
		c.Type("html")
		return c.SendString(`<span class="revealed">` + mobile + `</span>`)
	}
	flashMsg(c, "flash", msg("手机号码：%s", mobile))
	return redirect(c, "/directory")
}
