package app

// 会员服务 — 会员晋升: 会员晋升查询 (the company's applications), 下载晋升材料 (the templates
// staff publish), 申请晋升 and the correction of a returned application.

import (
	"errors"
	"strconv"

	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/promotion"

	"github.com/gofiber/fiber/v2"
)

// promotionPage is 会员晋升: eligibility, the applications, and the templates to download.
type promotionPage struct {
	Company     *company.Company
	Apps        []promotion.Application
	Templates   []promotion.Template
	Eligibility promotion.Eligibility
	History     []promotion.LevelChange
}

func (s *Server) promotionHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	co, err := company.ByID(ctx, s.DB, pr.CompanyID)
	if err != nil {
		return err
	}
	var v promotionPage
	v.Company = co
	if v.Apps, err = promotion.ForCompany(ctx, s.DB, co.ID); err != nil {
		return err
	}
	if v.Eligibility, err = promotion.Eligible(ctx, s.DB, co, s.Promotion(), s.Now()); err != nil {
		return err
	}
	if v.History, err = promotion.History(ctx, s.DB, co.ID); err != nil {
		return err
	}
	ts, err := promotion.CurrentTemplates(ctx, s.DB)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if promotion.Rank(t.Level) > promotion.Rank(co.Level) {
			v.Templates = append(v.Templates, t)
		}
	}
	p := s.page(c, "会员晋升", "promotion")
	p.Data = v
	return render(c, "pages/promotion", "", p)
}

// applyForm is 申请晋升 as typed (files cannot be kept by a browser across a re-render).
type applyForm struct {
	Level          string
	Representative int64
}

type applyPage struct {
	Company     *company.Company
	Eligibility promotion.Eligibility
	Form        applyForm
	Checklist   []promotion.Item
	Templates   []promotion.Template
}

// applyData prepares the form for the chosen level (the level select reloads it).
func (s *Server) applyData(c *fiber.Ctx, f applyForm) (*applyPage, error) {
	ctx := c.UserContext()
	co, err := company.ByID(ctx, s.DB, principal(c).CompanyID)
	if err != nil {
		return nil, err
	}
	v := &applyPage{Company: co, Form: f}
	if v.Eligibility, err = promotion.Eligible(ctx, s.DB, co, s.Promotion(), s.Now()); err != nil {
		return nil, err
	}
	if oneOrEmpty(f.Level, v.Eligibility.Levels) == "" {
		v.Form.Level = ""
	}
	v.Checklist = promotion.Checklist(v.Form.Level)
	ts, err := promotion.CurrentTemplates(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Level == v.Form.Level {
			v.Templates = append(v.Templates, t)
		}
	}
	if v.Form.Representative == 0 {
		for _, p := range co.People {
			if p.IsPrimary {
				v.Form.Representative = p.ID
			}
		}
	}
	return v, nil
}

func (s *Server) promotionApplyForm(c *fiber.Ctx) error {
	v, err := s.applyData(c, applyForm{Level: c.Query("level"), Representative: int64(atoiDefault(c.Query("representative"), 0))})
	if err != nil {
		return err
	}
	p := s.page(c, "申请晋升", "promotion")
	p.Data = v
	return render(c, "pages/promotion_apply", "partials/promotion_apply_form", p)
}

// readMaterials reads one file per checklist item ("file_<item>"), each checked by content
// (PDF, JPG, PNG or DOCX) and size; required says a missing file is an error.
func readMaterials(c *fiber.Ctx, items []promotion.Item, required bool, fieldErrs map[string]string) ([]promotion.Upload, error) {
	var ups []promotion.Upload
	for _, it := range items {
		field := "file_" + it.Key
		up, err := readUpload(c, field)
		switch {
		case errors.Is(err, errNoUpload):
			if required {
				fieldErrs[field] = "请上传该项材料（PDF、JPG、PNG 或 DOCX）"
			}
			continue
		case errors.Is(err, files.ErrTooLarge):
			fieldErrs[field] = files.ErrTooLarge.Error()
			continue
		case err != nil:
			return nil, err
		}
		if _, err := files.SniffDocument(up.Data); err != nil {
			fieldErrs[field] = err.Error()
			continue
		}
		ups = append(ups, promotion.Upload{Item: it.Key, Name: up.Name, Data: up.Data})
	}
	return ups, nil
}

// formError puts an action's refusal for the form (bad input or a quota) next to the form;
// other errors go on to done or the error handler.
func formError(c *fiber.Ctx, err error, fieldErrs map[string]string) bool {
	if errors.Is(err, errs.Invalid) || errors.Is(err, files.ErrQuota) {
		fieldErrs["form"] = errText(c, err)
		if m, ok := errs.MessageOf(err); ok {
			fieldErrs["form"] = m.In(principal(c).Lang)
		}
		return true
	}
	return false
}

func (s *Server) promotionApply(c *fiber.Ctx) error {
	f := applyForm{Level: c.FormValue("level"), Representative: int64(atoiDefault(c.FormValue("representative"), 0))}
	v, err := s.applyData(c, f)
	if err != nil {
		return err
	}
	fieldErrs := map[string]string{}
	if !v.Eligibility.OK() {
		fieldErrs["form"] = promotion.ErrNotEligible.Error()
	}
	if v.Form.Level == "" {
		fieldErrs["level"] = "请选择高于当前级别的理事类型"
	}
	if !hasPerson(v.Company, f.Representative) {
		fieldErrs["representative"] = "请从本单位成员中选择代表人"
	}
	ups, err := readMaterials(c, v.Checklist, true, fieldErrs)
	if err != nil {
		return err
	}
	if len(fieldErrs) == 0 {
		var a *promotion.Application
		a, err = promotion.Apply(c.UserContext(), s.DB, v.Company.ID, promotion.Request{Level: v.Form.Level,
			RepresentativeID: f.Representative, Materials: ups}, s.Promotion(), actor(c), s.Now())
		if err == nil {
			return s.done(c, nil, msg("晋升申请已提交，协会秘书处初审后将通知您。"), promotionURL(a.ID))
		}
		if !formError(c, err, fieldErrs) {
			return s.done(c, err, msg(""), "/promotion")
		}
	}
	p := s.page(c, "申请晋升", "promotion")
	p.Data = v
	return renderForm(c, "pages/promotion_apply", "", p, fieldErrs)
}

func hasPerson(co *company.Company, id int64) bool {
	for _, p := range co.People {
		if p.ID == id {
			return true
		}
	}
	return false
}

func promotionURL(id int64) string { return "/promotion/" + strconv.FormatInt(id, 10) }

// itemRow is one checklist item of an application: its current file, the earlier ones, the
// reason it was returned, and whether the last resubmission replaced it.
type itemRow struct {
	Item    promotion.Item
	Current *promotion.Material
	Older   []promotion.Material
	Reason  string
	Changed bool
}

func itemRows(a *promotion.Application, ms []promotion.Material) []itemRow {
	var rows []itemRow
	for _, it := range promotion.Checklist(a.Level) {
		r := itemRow{Item: it, Reason: a.ItemReasons[it.Key]}
		for i := range ms {
			if ms[i].Item != it.Key {
				continue
			}
			if r.Current == nil {
				r.Current = &ms[i]
			} else {
				r.Older = append(r.Older, ms[i])
			}
		}
		r.Changed = r.Current != nil && a.Round > 1 && r.Current.Round == a.Round
		rows = append(rows, r)
	}
	return rows
}

// promotionDetail is one application as its company sees it, with the correction form when
// it was returned.
type promotionDetail struct {
	App          *promotion.Application
	Items        []itemRow
	Events       []promotion.Event
	Ratification *promotion.Ratification
	People       []company.Person
	Form         applyForm
}

func (s *Server) promotionData(c *fiber.Ctx) (*promotionDetail, error) {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return nil, err
	}
	pr := principal(c)
	a, err := promotion.Get(ctx, s.DB, id, pr.CompanyID)
	if err != nil {
		return nil, err
	}
	v := &promotionDetail{App: a, Form: applyForm{Level: a.Level, Representative: a.RepresentativeID}}
	ms, err := promotion.Materials(ctx, s.DB, a.ID)
	if err != nil {
		return nil, err
	}
	v.Items = itemRows(a, ms)
	if v.Events, err = promotion.Events(ctx, s.DB, a.ID); err != nil {
		return nil, err
	}
	if v.Ratification, err = promotion.RatificationOf(ctx, s.DB, a.ID); err != nil {
		return nil, err
	}
	co, err := company.ByID(ctx, s.DB, pr.CompanyID)
	if err != nil {
		return nil, err
	}
	v.People = co.People
	return v, nil
}

func (s *Server) promotionShow(c *fiber.Ctx) error {
	v, err := s.promotionData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "晋升申请", "promotion")
	p.Data = v
	return render(c, "pages/promotion_detail", "", p)
}

// promotionResubmit is the correction of a returned application: replaced files and the
// representative; items not replaced keep their file.
func (s *Server) promotionResubmit(c *fiber.Ctx) error {
	v, err := s.promotionData(c)
	if err != nil {
		return err
	}
	a := v.App
	fieldErrs := map[string]string{}
	v.Form.Representative = int64(atoiDefault(c.FormValue("representative"), 0))
	found := false
	for _, p := range v.People {
		found = found || p.ID == v.Form.Representative
	}
	if !found {
		fieldErrs["representative"] = "请从本单位成员中选择代表人"
	}
	ups, err := readMaterials(c, promotion.Checklist(a.Level), false, fieldErrs)
	if err != nil {
		return err
	}
	if len(fieldErrs) == 0 {
		_, err = promotion.Resubmit(c.UserContext(), s.DB, a.ID, a.CompanyID, promotion.Request{Level: a.Level,
			RepresentativeID: v.Form.Representative, Materials: ups}, actor(c), s.Now())
		if err == nil || !formError(c, err, fieldErrs) {
			return s.done(c, err, msg("晋升申请已重新提交。"), promotionURL(a.ID))
		}
	}
	p := s.page(c, "晋升申请", "promotion")
	p.Data = v
	return renderForm(c, "pages/promotion_detail", "", p, fieldErrs)
}
