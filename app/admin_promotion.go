package app

// Staff: 晋升审核 — the queue, one application with its materials, 初审 (pass, return with
// reasons, reject). The ratification record is admin_promotion_ratify.go; terms, seats and
// templates admin_promotion_terms.go.

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/promotion"

	"github.com/gofiber/fiber/v2"
)

// promotionsQuery is the filter of 晋升审核 as it travels in the query string.
type promotionsQuery struct {
	Status string `query:"status"`
	Level  string `query:"level"`
	From   string `query:"from"`
	To     string `query:"to"`
	Q      string `query:"q"`
}

// Clean drops what the filter does not accept.
func (f *promotionsQuery) Clean() {
	f.Status, f.Level = oneOrEmpty(f.Status, promotion.Statuses), oneOrEmpty(f.Level, promotion.Levels)
	f.From, f.To = dateOrEmpty(f.From), dateOrEmpty(f.To)
	f.Q = strings.TrimSpace(f.Q)
	if utf8.RuneCountInString(f.Q) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
}

// seatRow is one level of a term's quota: how many seats, taken and left.
type seatRow struct {
	Level              string
	Limit, Taken, Left int
}

// seatRows are the quotas of a term, level by level.
func seatRows(r promotion.Rules, o promotion.Occupancy) []seatRow {
	var out []seatRow
	for _, l := range promotion.Levels {
		left := r.Left(l, o)
		lim := r.Limit(l, o)
		out = append(out, seatRow{Level: l, Limit: lim, Taken: max(lim-left, o.Seats[l]), Left: left})
	}
	return out
}

type promotionsPage struct {
	promotionsQuery
	Rows  []promotion.Application
	Pager Pager
	Term  *promotion.Term
	Seats []seatRow
}

const promotionsPerPage = 30

func (s *Server) promotionQueue(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var v promotionsPage
	q := bindFilter(c, &v.promotionsQuery)
	f := promotion.Filter{Status: v.Status, Level: v.Level, Name: v.Q, Page: pageNumber(c), Size: promotionsPerPage}
	f.From, _ = calendar.ParseDate(v.From)
	f.To, _ = calendar.ParseDate(v.To)
	if !f.From.IsZero() {
		f.From = time.Date(f.From.Year(), f.From.Month(), f.From.Day(), 0, 0, 0, 0, calendar.Zone)
	}
	if !f.To.IsZero() {
		f.To = time.Date(f.To.Year(), f.To.Month(), f.To.Day(), 0, 0, 0, 0, calendar.Zone)
	}
	rows, total, err := promotion.List(ctx, s.DB, f)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/promotions", q, f.Page, promotionsPerPage, total)
	if !isHTMX(c) {
		if v.Term, v.Seats, err = s.currentSeats(c); err != nil {
			return err
		}
	}
	p := s.page(c, "晋升审核", "promotions")
	p.Data = v
	return render(c, "pages/admin_promotions", "partials/promotions_table", p)
}

// currentSeats is the term of today and its seats left (nil when no term covers today).
func (s *Server) currentSeats(c *fiber.Ctx) (*promotion.Term, []seatRow, error) {
	ctx := c.UserContext()
	t, err := promotion.TermOn(ctx, s.DB, calendar.Today(s.Now()))
	if err != nil || t == nil {
		return nil, nil, err
	}
	o, err := promotion.OccupancyOf(ctx, s.DB, t.ID)
	if err != nil {
		return nil, nil, err
	}
	return t, seatRows(s.Promotion(), o), nil
}

// ratifyForm is the ratification record as typed.
type ratifyForm struct {
	TermID                              int64
	Meeting, Session, HeldOn            string
	Expected, Present, Yes, No, Abstain string
}

// reviewPromotionPage is one application for staff.
type reviewPromotionPage struct {
	App          *promotion.Application
	Company      *company.Company
	Items        []itemRow
	Events       []promotion.Event
	Ratification *promotion.Ratification
	Terms        []promotion.Term
	Term         *promotion.Term
	Seats        []seatRow
	Rules        promotion.Rules
	Ratify       ratifyForm
	Reason       string
	ItemReasons  map[string]string
	History      []promotion.LevelChange // the company's level changes
}

func (s *Server) reviewPromotionData(c *fiber.Ctx) (*reviewPromotionPage, error) {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return nil, err
	}
	a, err := promotion.Get(ctx, s.DB, id, 0)
	if err != nil {
		return nil, err
	}
	v := &reviewPromotionPage{App: a, Rules: s.Promotion(), ItemReasons: map[string]string{}}
	if v.Company, err = company.ByID(ctx, s.DB, a.CompanyID); err != nil {
		return nil, err
	}
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
	if v.History, err = promotion.History(ctx, s.DB, a.CompanyID); err != nil {
		return nil, err
	}
	if v.Terms, err = promotion.Terms(ctx, s.DB); err != nil {
		return nil, err
	}
	if v.Term, v.Seats, err = s.currentSeats(c); err != nil {
		return nil, err
	}
	v.Ratify = ratifyForm{Meeting: promotion.MeetingCouncil, HeldOn: calendar.Format(s.Now())}
	if v.Term != nil {
		v.Ratify.TermID = v.Term.ID
	}
	return v, nil
}

func (s *Server) reviewPromotion(c *fiber.Ctx) error {
	v, err := s.reviewPromotionData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "晋升审核", "promotion_detail")
	p.Data = v
	return render(c, "pages/admin_promotion", "", p)
}

func adminPromotionURL(id int64) string { return "/admin/promotions/" + strconv.FormatInt(id, 10) }

// reviewPromotionForm re-renders the detail with field errors (422).
func (s *Server) reviewPromotionForm(c *fiber.Ctx, v *reviewPromotionPage, fieldErrs map[string]string) error {
	p := s.page(c, "晋升审核", "promotion_detail")
	p.Data = v
	return renderForm(c, "pages/admin_promotion", "", p, fieldErrs)
}

// promotionPass is 初审通过.
func (s *Server) promotionPass(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	note := strings.TrimSpace(c.FormValue("note"))
	if utf8.RuneCountInString(note) > 500 {
		note = string([]rune(note)[:500])
	}
	_, err = promotion.Pass(c.UserContext(), s.DB, id, note, actor(c))
	return s.done(c, err, msg("已通过初审，待理事会或会员代表大会批准。"), adminPromotionURL(id))
}

// promotionReturn is 退回修改, with a reason overall and per item.
func (s *Server) promotionReturn(c *fiber.Ctx) error {
	v, err := s.reviewPromotionData(c)
	if err != nil {
		return err
	}
	v.Reason = strings.TrimSpace(c.FormValue("reason"))
	for _, it := range promotion.Checklist(v.App.Level) {
		if r := strings.TrimSpace(c.FormValue("item_" + it.Key)); r != "" {
			v.ItemReasons[it.Key] = r
		}
	}
	fieldErrs := map[string]string{}
	if v.Reason == "" && len(v.ItemReasons) == 0 {
		fieldErrs["reason"] = "请填写退回原因（总体或逐项）"
	}
	if utf8.RuneCountInString(v.Reason) > 1000 {
		fieldErrs["reason"] = "退回原因最多1000字"
	}
	for k, r := range v.ItemReasons {
		if utf8.RuneCountInString(r) > 300 {
			fieldErrs["item_"+k] = "每项原因最多300字"
		}
	}
	if len(fieldErrs) > 0 {
		return s.reviewPromotionForm(c, v, fieldErrs)
	}
	_, err = promotion.Return(c.UserContext(), s.DB, v.App.ID, v.Reason, v.ItemReasons, actor(c))
	return s.done(c, err, msg("已退回修改，并通知该单位。"), adminPromotionURL(v.App.ID))
}

// promotionReject is 不予通过 with a reason.
func (s *Server) promotionReject(c *fiber.Ctx) error {
	v, err := s.reviewPromotionData(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reject_reason"))
	if reason == "" || utf8.RuneCountInString(reason) > 1000 {
		return s.reviewPromotionForm(c, v, map[string]string{"reject_reason": "请填写不予通过的原因（最多1000字）"})
	}
	_, err = promotion.Reject(c.UserContext(), s.DB, v.App.ID, reason, actor(c))
	return s.done(c, err, msg("已标记为未通过，并通知该单位。"), adminPromotionURL(v.App.ID))
}
