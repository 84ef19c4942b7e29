package app

// Staff: 届次与名额 (terms and the seats left per level) and 晋升材料 (the templates members
// download, versioned).

import (
	"errors"
	"strings"

	"cpca/internal/calendar"
	"cpca/internal/files"
	"cpca/internal/promotion"

	"github.com/gofiber/fiber/v2"
)

// termRow is a term with its quotas.
type termRow struct {
	Term  promotion.Term
	Seats []seatRow
}

type termForm struct{ Number, StartsOn, EndsOn string }

type termsPage struct {
	Terms []termRow
	Form  termForm
}

func (s *Server) termsData(c *fiber.Ctx) (*termsPage, error) {
	ctx := c.UserContext()
	ts, err := promotion.Terms(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	v := &termsPage{}
	for _, t := range ts {
		o, err := promotion.OccupancyOf(ctx, s.DB, t.ID)
		if err != nil {
			return nil, err
		}
		v.Terms = append(v.Terms, termRow{Term: t, Seats: seatRows(s.Promotion(), o)})
	}
	return v, nil
}

func (s *Server) promotionTerms(c *fiber.Ctx) error {
	v, err := s.termsData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "届次与名额", "promotions")
	p.Data = v
	return render(c, "pages/admin_promotion_terms", "", p)
}

func (s *Server) promotionTermCreate(c *fiber.Ctx) error {
	v, err := s.termsData(c)
	if err != nil {
		return err
	}
	v.Form = termForm{Number: strings.TrimSpace(c.FormValue("number")), StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on")}
	fieldErrs := map[string]string{}
	n := atoiDefault(v.Form.Number, 0)
	if n < 1 || n > 100 {
		fieldErrs["number"] = "请填写届次（1–100 的整数）"
	}
	starts, err1 := calendar.ParseDate(v.Form.StartsOn)
	ends, err2 := calendar.ParseDate(v.Form.EndsOn)
	if err1 != nil {
		fieldErrs["starts_on"] = "日期格式应为 年-月-日"
	}
	if err2 != nil {
		fieldErrs["ends_on"] = "日期格式应为 年-月-日"
	} else if err1 == nil && !ends.After(starts) {
		fieldErrs["ends_on"] = promotion.ErrTermDates.Error()
	}
	if len(fieldErrs) == 0 {
		_, err = promotion.CreateTerm(c.UserContext(), s.DB, n, starts, ends, actor(c))
		if err == nil || !errors.Is(err, promotion.ErrTermOverlap) {
			return s.done(c, err, msg("已新建第%d届。", n), "/admin/promotions/terms")
		}
		fieldErrs["number"] = promotion.ErrTermOverlap.Error()
	}
	p := s.page(c, "届次与名额", "promotions")
	p.Data = v
	return renderForm(c, "pages/admin_promotion_terms", "", p, fieldErrs)
}

type templateForm struct{ Level, Title string }

type templatesPage struct {
	Current []promotion.Template
	Form    templateForm
}

func (s *Server) templatesData(c *fiber.Ctx) (*templatesPage, error) {
	ts, err := promotion.CurrentTemplates(c.UserContext(), s.DB)
	return &templatesPage{Current: ts}, err
}

func (s *Server) promotionTemplates(c *fiber.Ctx) error {
	v, err := s.templatesData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "晋升材料模板", "promotions")
	p.Data = v
	return render(c, "pages/admin_promotion_templates", "", p)
}

// promotionTemplatePublish stores a new version of a template (same level and title: the
// next version; members download the newest).
func (s *Server) promotionTemplatePublish(c *fiber.Ctx) error {
	v, err := s.templatesData(c)
	if err != nil {
		return err
	}
	v.Form = templateForm{Level: c.FormValue("level"), Title: strings.TrimSpace(c.FormValue("title"))}
	fieldErrs := map[string]string{}
	if oneOrEmpty(v.Form.Level, promotion.Levels) == "" {
		fieldErrs["level"] = "请选择理事类型"
	}
	if v.Form.Title == "" || len([]rune(v.Form.Title)) > 40 {
		fieldErrs["title"] = promotion.ErrTitle.Error()
	}
	up, err := readUpload(c, "file")
	switch {
	case errors.Is(err, errNoUpload):
		fieldErrs["file"] = "请选择模板文件（PDF、JPG、PNG 或 DOCX）"
	case errors.Is(err, files.ErrTooLarge):
		fieldErrs["file"] = files.ErrTooLarge.Error()
	case err != nil:
		return err
	default:
		if _, err := files.SniffDocument(up.Data); err != nil {
			fieldErrs["file"] = err.Error()
		}
	}
	if len(fieldErrs) == 0 {
		t, err := promotion.PublishTemplate(c.UserContext(), s.DB, v.Form.Level, v.Form.Title, up.Name, up.Data, actor(c))
		if err != nil {
			return err
		}
		return s.done(c, nil, msg("已发布第 %d 版。", t.Version), "/admin/promotions/templates")
	}
	p := s.page(c, "晋升材料模板", "promotions")
	p.Data = v
	return renderForm(c, "pages/admin_promotion_templates", "", p, fieldErrs)
}
