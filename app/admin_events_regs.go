package app

import (
	"cpca/internal/errs"
	"errors"
	"fmt"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/dues"
	"cpca/internal/events"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// regsQuery is the filter of an event's registration list.
type regsQuery struct {
	Status    string `query:"status"`
	Q         string `query:"q"`
	CheckedIn string `query:"checked_in"`
}

// Clean drops what the filter does not accept.
func (f *regsQuery) Clean() {
	f.Status, f.Q = oneOrEmpty(f.Status, events.Statuses), strings.TrimSpace(f.Q)
	f.CheckedIn = oneOrEmpty(f.CheckedIn, []string{"yes", "no"})
}

// adminEventPage is one event for staff: its state, capacity and waitlist, and registrations.
type adminEventPage struct {
	regsQuery
	Event     *events.Event
	Rows      []events.Registration
	Pager     Pager
	Query     string
	ExportURL string
	Now       time.Time
	// Attachments are the event's published files (活动附件).
	Attachments []events.Attachment
}

const regsPerPage = 50

func (s *Server) adminEvent(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v := adminEventPage{Event: e, Now: s.Now()}
	q := bindFilter(c, &v.regsQuery)
	v.Query = q.Encode()
	v.ExportURL = adminEventURL(id) + "/export"
	if v.Query != "" {
		v.ExportURL += "?" + v.Query
	}
	f := events.RegFilter{Status: v.Status, Q: v.Q, CheckedIn: v.CheckedIn, Page: pageNumber(c), Size: regsPerPage}
	rows, total, err := events.Registrations(ctx, s.DB, id, f)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, adminEventURL(id), q, f.Page, regsPerPage, total)
	if v.Attachments, err = events.Attachments(ctx, s.DB, id); err != nil {
		return err
	}
	p := s.page(c, "展会活动管理", "admin_events")
	p.Title = e.Name
	p.Data = v
	return render(c, "pages/admin_event", "partials/admin_regs_table", p)
}

// eventExport writes the filtered registrations, one row per attendee, to .xlsx.
func (s *Server) eventExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	var v regsQuery
	q := bindFilter(c, &v)
	rows, _, err := events.Registrations(ctx, s.DB, id, events.RegFilter{Status: v.Status, Q: v.Q, CheckedIn: v.CheckedIn})
	if err != nil {
		return err
	}
	sh, err := sheet.New("报名名单", []string{"报名编号", "会员单位", "报名状态", "人数", "姓名", "职务", "手机", "邮箱", "签到时间", "应缴(元)", "缴费状态", "报名时间"})
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, r := range rows {
		for _, a := range r.Attendees {
			at := ""
			if a.CheckedInAt != nil {
				at = localTime(*a.CheckedInAt)
			}
			if err := sh.AddRow(r.ID, r.CompanyName, events.StatusLabel(r.Status), r.Places, a.Name, a.Title, a.Mobile, a.Email,
				at, feeCell(r), feeStateCell(r), localTime(r.CreatedAt)); err != nil {
				return err
			}
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "event.export", ObjectType: "event", ObjectID: fmt.Sprint(id),
		Detail: fmt.Sprintf("%s (%d registrations)", q.Encode(), len(rows))})
	return sendSheet(c, sh, "报名名单-"+e.Name, s.Now().In(calendar.Zone).Format("20060102"))
}

// regAction runs a staff action on a registration of the :id event.
func (s *Server) regAction(c *fiber.Ctx, run func(eventID, regID int64) error, ok string) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return err
	}
	return s.done(c, run(id, rid), msg(ok), adminEventURL(id))
}

func (s *Server) regApprove(c *fiber.Ctx) error {
	return s.regAction(c, func(e, r int64) error {
		_, err := events.Approve(c.UserContext(), s.DB, e, r, actor(c), s.Now())
		return err
	}, "已审核通过，电子票已发送。")
}

func (s *Server) regReject(c *fiber.Ctx) error {
	reason := strings.TrimSpace(c.FormValue("reason"))
	if len([]rune(reason)) > 500 {
		reason = string([]rune(reason)[:500])
	}
	return s.regAction(c, func(e, r int64) error {
		_, err := events.Reject(c.UserContext(), s.DB, e, r, reason, actor(c), s.Now())
		return err
	}, "已审核不通过，单位已收到通知。")
}

func (s *Server) regCancel(c *fiber.Ctx) error {
	reason := strings.TrimSpace(c.FormValue("reason"))
	if len([]rune(reason)) > 500 {
		reason = string([]rune(reason)[:500])
	}
	return s.regAction(c, func(e, r int64) error {
		_, err := events.Cancel(c.UserContext(), s.DB, e, r, events.Member{}, reason, actor(c), s.Now())
		return err
	}, "报名已取消，名额已释放给候补单位。")
}

// checkinPage is 签到: a code field that a phone's scanner app or a keyboard fills.
type checkinPage struct {
	Event  *events.Event
	Code   string
	Result *events.CheckIn
	Count  int
}

func (s *Server) checkinForm(c *fiber.Ctx) error {
	return s.showCheckin(c, "", nil, nil)
}

func (s *Server) showCheckin(c *fiber.Ctx, code string, res *events.CheckIn, fieldErrs map[string]string) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	n, err := events.CheckedIn(ctx, s.DB, id)
	if err != nil {
		return err
	}
	p := s.page(c, "现场签到", "admin_events")
	p.Data = checkinPage{Event: e, Code: code, Result: res, Count: n}
	return renderForm(c, "pages/admin_checkin", "partials/checkin_result", p, fieldErrs)
}

// checkin verifies a code and checks the attendee in; a second scan is warned about.
func (s *Server) checkin(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(c.FormValue("code"))
	res, err := events.Scan(c.UserContext(), s.DB, id, code, actor(c), s.Now())
	if err != nil {
		if isInvalid(err) {
			return s.showCheckin(c, code, nil, map[string]string{"code": errText(c, err)})
		}
		return err
	}
	return s.showCheckin(c, "", res, nil)
}

func isInvalid(err error) bool { return errors.Is(err, errs.Invalid) }

// feeCell is the registration's fee in 元 for the export ("免费" when nothing is owed).
func feeCell(r events.Registration) string {
	if r.ChargeID == 0 {
		return "免费"
	}
	return dues.YuanPlain(r.ChargeFen)
}

// feeStateCell is the fee's 缴费状态 for the export.
func feeStateCell(r events.Registration) string {
	if r.ChargeID == 0 {
		return "—"
	}
	return dues.StatusLabel(r.ChargeStatus)
}
