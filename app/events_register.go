package app

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"cpca/internal/company"
	"cpca/internal/events"

	"github.com/gofiber/fiber/v2"
)

// attendeeRow is one attendee line of the form as typed.
type attendeeRow struct {
	Name, Title, Mobile, Email string
}

// eventRegisterPage is 报名参会 (and 修改参会人员): 单位成员 to pick and lines to add.
type eventRegisterPage struct {
	Event  *events.Event
	People []company.Person
	Picked map[int64]bool
	Rows   []attendeeRow
	Note   string
	Change bool // 修改参会人员 of an existing registration
}

// Action is where the form posts.
func (v eventRegisterPage) Action() string {
	if v.Change {
		return "/events/" + strconv.FormatInt(v.Event.ID, 10) + "/attendees"
	}
	return "/events/" + strconv.FormatInt(v.Event.ID, 10) + "/register"
}

// extraRows is how many empty lines the form offers for people not in 单位成员.
const extraRows = 3

var (
	mobileRe = regexp.MustCompile(`^1\d{10}$`)
	emailRe  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func (s *Server) registerForm(c *fiber.Ctx) error {
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	return s.showRegister(c, e, false, nil, nil, "", nil)
}

func (s *Server) attendeesForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	own, err := events.Own(ctx, s.DB, e.ID, principal(c).CompanyID)
	if err != nil {
		return err
	}
	if own == nil || !events.IsLive(own.Status) {
		return events.ErrRegNotFound
	}
	var rows []attendeeRow
	for _, a := range own.Attendees {
		rows = append(rows, attendeeRow{Name: a.Name, Title: a.Title, Mobile: a.Mobile, Email: a.Email})
	}
	return s.showRegister(c, e, true, nil, rows, "", nil)
}

func (s *Server) showRegister(c *fiber.Ctx, e *events.Event, change bool, picked map[int64]bool, rows []attendeeRow, note string, fieldErrs map[string]string) error {
	co, err := company.ByID(c.UserContext(), s.DB, principal(c).CompanyID)
	if err != nil {
		return err
	}
	for len(rows) < extraRows || (len(rows) < e.MaxPerCompany && rows[len(rows)-1].Name != "") {
		rows = append(rows, attendeeRow{})
		if len(rows) >= e.MaxPerCompany+extraRows {
			break
		}
	}
	title := "报名参会"
	if change {
		title = "修改参会人员"
	}
	p := s.page(c, title, "events")
	p.Data = eventRegisterPage{Event: e, People: co.People, Picked: picked, Rows: rows, Note: note, Change: change}
	return renderForm(c, "pages/event_register", "", p, fieldErrs)
}

// readAttendees reads the picked 单位成员 and the typed lines, with field errors.
func (s *Server) readAttendees(c *fiber.Ctx, e *events.Event) ([]events.Attendee, map[int64]bool, []attendeeRow, map[string]string, error) {
	fieldErrs := map[string]string{}
	picked := map[int64]bool{}
	co, err := company.ByID(c.UserContext(), s.DB, principal(c).CompanyID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	args := c.Request().PostArgs()
	for _, v := range args.PeekMulti("person") {
		if id, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			picked[id] = true
		}
	}
	var out []events.Attendee
	for _, p := range co.People { // only the company's own people can be picked
		if picked[p.ID] {
			out = append(out, events.Attendee{Name: p.Name, Title: p.Title, Mobile: p.Mobile, Email: p.Email})
		}
	}
	var rows []attendeeRow
	for i := 0; i < 60; i++ {
		k := strconv.Itoa(i)
		if !args.Has("name_" + k) {
			break
		}
		r := attendeeRow{Name: strings.TrimSpace(c.FormValue("name_" + k)), Title: strings.TrimSpace(c.FormValue("title_" + k)),
			Mobile: strings.TrimSpace(c.FormValue("mobile_" + k)), Email: strings.TrimSpace(c.FormValue("email_" + k))}
		rows = append(rows, r)
		if r == (attendeeRow{}) {
			continue
		}
		switch n := utf8.RuneCountInString(r.Name); {
		case n == 0:
			fieldErrs["name_"+k] = "请填写姓名"
		case n > 30:
			fieldErrs["name_"+k] = "姓名最多30个字"
		}
		if utf8.RuneCountInString(r.Title) > 30 {
			fieldErrs["title_"+k] = "职务最多30个字"
		}
		if r.Mobile != "" && !mobileRe.MatchString(r.Mobile) {
			fieldErrs["mobile_"+k] = "请填写11位手机号码"
		}
		if r.Email != "" && (!emailRe.MatchString(r.Email) || len(r.Email) > 100) {
			fieldErrs["email_"+k] = "邮箱格式不正确"
		}
		out = append(out, events.Attendee{Name: r.Name, Title: r.Title, Mobile: r.Mobile, Email: r.Email})
	}
	switch {
	case len(out) == 0:
		fieldErrs["form"] = events.ErrNoAttendee.Error()
	case len(out) > e.MaxPerCompany:
		fieldErrs["form"] = errText(c, events.ErrTooMany{Max: e.MaxPerCompany})
	}
	return out, picked, rows, fieldErrs, nil
}

func eventURL(e *events.Event) string { return "/events/" + strconv.FormatInt(e.ID, 10) }

// register is 报名参会: places are taken in the same transaction, or the company waits.
func (s *Server) register(c *fiber.Ctx) error {
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	people, picked, rows, fieldErrs, err := s.readAttendees(c, e)
	if err != nil {
		return err
	}
	note := strings.TrimSpace(c.FormValue("note"))
	if utf8.RuneCountInString(note) > 300 {
		fieldErrs["note"] = "备注最多300字"
	}
	if len(fieldErrs) > 0 {
		return s.showRegister(c, e, false, picked, rows, note, fieldErrs)
	}
	r, err := events.Register(c.UserContext(), s.DB, e.ID, member(c), people, note, actor(c), s.Now())
	ok := msg("报名成功，电子票已发送，也可在本页查看。")
	if r != nil {
		switch r.Status {
		case events.Waitlisted:
			ok = msg("名额已满，贵单位已进入候补名单，当前排第 %d 位。", r.Position)
		case events.Pending:
			ok = msg("报名已提交，待协会审核。")
		}
	}
	return s.done(c, err, ok, eventURL(e), eventURL(e))
}

// attendeesSave is 修改参会人员 (until the registration deadline).
func (s *Server) attendeesSave(c *fiber.Ctx) error {
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	people, picked, rows, fieldErrs, err := s.readAttendees(c, e)
	if err != nil {
		return err
	}
	if len(fieldErrs) > 0 {
		return s.showRegister(c, e, true, picked, rows, "", fieldErrs)
	}
	_, err = events.ChangeAttendees(c.UserContext(), s.DB, e.ID, member(c), people, actor(c), s.Now())
	return s.done(c, err, msg("参会人员已修改。"), eventURL(e), eventURL(e))
}

// eventCancel is 取消报名 (or declining a waitlist offer).
func (s *Server) eventCancel(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	m := member(c)
	own, err := events.Own(ctx, s.DB, e.ID, m.CompanyID)
	if err != nil {
		return err
	}
	if own == nil || !events.IsLive(own.Status) {
		return s.done(c, events.ErrState{Status: statusOf(own), Action: "取消报名"}, msg(""), eventURL(e))
	}
	_, err = events.Cancel(ctx, s.DB, e.ID, own.ID, m, "", actor(c), s.Now())
	return s.done(c, err, msg("报名已取消。"), eventURL(e), eventURL(e))
}

func statusOf(r *events.Registration) string {
	if r == nil {
		return events.Cancelled
	}
	return r.Status
}

// eventAccept is 确认参会 of a waitlist offer.
func (s *Server) eventAccept(c *fiber.Ctx) error {
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	_, err = events.Accept(c.UserContext(), s.DB, e.ID, member(c), actor(c), s.Now())
	return s.done(c, err, msg("已确认参会，电子票已发送。"), eventURL(e), eventURL(e))
}

// ticketImage is the QR code of one of the company's own confirmed attendees; another
// company's attendee id is not found.
func (s *Server) ticketImage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	own, err := events.Own(ctx, s.DB, e.ID, principal(c).CompanyID)
	if err != nil {
		return err
	}
	if err := events.Codes(ctx, s.DB, own); err != nil {
		return err
	}
	if own != nil {
		for _, a := range own.Attendees {
			if a.ID == aid && a.Code != "" {
				png, err := events.QR(a.Code)
				if err != nil {
					return err
				}
				c.Set("Content-Type", "image/png")
				return c.Send(png)
			}
		}
	}
	return events.ErrRegNotFound
}
