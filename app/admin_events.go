package app

import (
	"strconv"
	"strings"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/events"

	"github.com/gofiber/fiber/v2"
)

// adminEventsQuery is the filter of 展会活动管理.
type adminEventsQuery struct {
	Q         string `query:"q"`
	Kind      string `query:"kind"`
	Phase     string `query:"phase"`
	Published string `query:"published"`
}

// Clean drops what the filter does not accept.
func (f *adminEventsQuery) Clean() {
	f.Q = strings.TrimSpace(f.Q)
	f.Kind, f.Phase = oneOrEmpty(f.Kind, events.Kinds), oneOrEmpty(f.Phase, events.Phases)
	f.Published = oneOrEmpty(f.Published, []string{"yes", "no"})
}

// adminEventsPage is 展会活动管理: every event, drafts included.
type adminEventsPage struct {
	adminEventsQuery
	Rows  []events.Event
	Pager Pager
	Sort  Sorter
	Query string
	Now   time.Time
}

const adminEventsPerPage = 30

func (s *Server) adminEvents(c *fiber.Ctx) error {
	var v adminEventsPage
	q := bindFilter(c, &v.adminEventsQuery)
	v.Query = q.Encode()
	v.Now = s.Now()
	f := events.Filter{Q: v.Q, Kind: v.Kind, Phase: v.Phase, Published: v.Published, Page: pageNumber(c), Size: pageSize(c, q, adminEventsPerPage)}
	f.Sort, v.Sort = listSort(c, q, "/admin/events", events.ListSorts)
	rows, total, err := events.List(c.UserContext(), s.DB, f, v.Now)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/events", q, f.Page, f.Size, total)
	v.Pager = sized(v.Pager, adminEventsPerPage)
	p := s.page(c, "展会活动管理", "admin_events")
	p.Data = v
	return render(c, "pages/admin_events", "partials/admin_events_table", p)
}

// eventFormPage is the create / edit form.
type eventFormPage struct {
	ID   int64
	Form events.Form
}

// Action is where the form posts.
func (v eventFormPage) Action() string {
	if v.ID == 0 {
		return "/admin/events/new"
	}
	return "/admin/events/" + strconv.FormatInt(v.ID, 10) + "/edit"
}

func (s *Server) showEventForm(c *fiber.Ctx, v eventFormPage, fieldErrs map[string]string) error {
	title := "新建活动"
	if v.ID != 0 {
		title = "编辑活动"
	}
	p := s.page(c, title, "admin_events")
	p.Data = v
	return renderForm(c, "pages/admin_event_form", "", p, fieldErrs)
}

// eventNew is 新建活动 with sensible defaults (registration from today, a month ahead).
func (s *Server) eventNew(c *fiber.Ctx) error {
	today := calendar.Today(s.Now())
	d := func(days int) string { return calendar.Format(today.AddDate(0, 0, days)) }
	return s.showEventForm(c, eventFormPage{Form: events.Form{Kind: events.KindConference, StartsOn: d(30), EndsOn: d(31),
		RegOpensOn: d(0), RegClosesOn: d(23), CancelUntilOn: d(23), Capacity: "100", MaxPerCompany: "5", OfferHours: "48"}}, nil)
}

func eventForm(c *fiber.Ctx) events.Form {
	v := func(k string) string { return c.FormValue(k) }
	return events.Form{Name: v("name"), Kind: v("kind"), Venue: v("venue"), Organiser: v("organiser"), Summary: v("summary"),
		Agenda: v("agenda"), FeeInfo: v("fee_info"), StartsOn: v("starts_on"), EndsOn: v("ends_on"), RegOpensOn: v("reg_opens_on"),
		RegClosesOn: v("reg_closes_on"), CancelUntilOn: v("cancel_until_on"), Capacity: v("capacity"), MaxPerCompany: v("max_per_company"),
		OfferHours: v("offer_hours"), CouncilOnly: v("council_only") == "1", NeedsApproval: v("needs_approval") == "1",
		FeeMember: v("fee_member"), FeeCouncil: v("fee_council"), CouncilFree: v("council_free")}
}

func adminEventURL(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) }

// eventCreate stores a new, unpublished event.
func (s *Server) eventCreate(c *fiber.Ctx) error {
	f := eventForm(c)
	e, fieldErrs := f.Event()
	if len(fieldErrs) > 0 {
		return s.showEventForm(c, eventFormPage{Form: f}, fieldErrs)
	}
	e, err := events.Save(c.UserContext(), s.DB, e, actor(c), s.Now())
	if err != nil {
		return err
	}
	return s.done(c, nil, msg("活动已保存（未发布）。"), adminEventURL(e.ID))
}

func (s *Server) eventEdit(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	return s.showEventForm(c, eventFormPage{ID: id, Form: events.FormOf(e)}, nil)
}

// eventUpdate saves the edit; a raised capacity goes to the waitlist at once.
func (s *Server) eventUpdate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := events.Get(c.UserContext(), s.DB, id); err != nil {
		return err
	}
	f := eventForm(c)
	e, fieldErrs := f.Event()
	if len(fieldErrs) > 0 {
		return s.showEventForm(c, eventFormPage{ID: id, Form: f}, fieldErrs)
	}
	e.ID = id
	_, err = events.Save(c.UserContext(), s.DB, e, actor(c), s.Now())
	return s.done(c, err, msg("活动已保存。"), adminEventURL(id))
}

func (s *Server) eventPublish(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = events.Publish(c.UserContext(), s.DB, id, actor(c), s.Now())
	return s.done(c, err, msg("活动已发布，会员单位可见。"), adminEventURL(id))
}

func (s *Server) eventUnpublish(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = events.Unpublish(c.UserContext(), s.DB, id, actor(c))
	return s.done(c, err, msg("活动已撤回发布。"), adminEventURL(id))
}

func (s *Server) eventCopy(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, err := events.Copy(c.UserContext(), s.DB, id, actor(c))
	if err != nil {
		return err
	}
	return s.done(c, nil, msg("已复制为新活动（未发布），请修改日期后发布。"), adminEventURL(e.ID)+"/edit")
}
