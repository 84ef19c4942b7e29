package app

import (
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/events"

	"github.com/gofiber/fiber/v2"
)

// eventsQuery is the filter of 展会活动 (查询活动) as it travels in the query string.
type eventsQuery struct {
	Q     string `query:"q"`
	Kind  string `query:"kind"`
	Phase string `query:"phase"`
	From  string `query:"from"`
	To    string `query:"to"`
}

// Clean drops what the filter does not accept.
func (f *eventsQuery) Clean() {
	f.Q = strings.TrimSpace(f.Q)
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	f.Kind, f.Phase = oneOrEmpty(f.Kind, events.Kinds), oneOrEmpty(f.Phase, events.Phases)
	f.From, f.To = dateOrEmpty(f.From), dateOrEmpty(f.To)
}

func (f eventsQuery) filter(page, size int) events.Filter {
	out := events.Filter{Q: f.Q, Kind: f.Kind, Phase: f.Phase, Page: page, Size: size}
	if t, err := time.ParseInLocation(calendar.Layout, f.From, calendar.Zone); err == nil {
		out.From = t
	}
	if t, err := time.ParseInLocation(calendar.Layout, f.To, calendar.Zone); err == nil {
		out.To = t
	}
	return out
}

// eventsPage is 展会活动: the events the company may see, filtered.
type eventsPage struct {
	eventsQuery
	Rows  []events.Event
	Pager Pager
	Query string
	Now   time.Time
}

const eventsPerPage = 20

// member is the company acting, as the events package sees it.
func member(c *fiber.Ctx) events.Member {
	pr := principal(c)
	return events.Member{CompanyID: pr.CompanyID, Council: pr.Role == account.RoleCouncil}
}

// eventList is 展会活动 — 查询活动: by name (2-character fragments), type, status and dates;
// council-only events only for council members.
func (s *Server) eventList(c *fiber.Ctx) error {
	var v eventsPage
	q := bindFilter(c, &v.eventsQuery)
	v.Query = q.Encode()
	m := member(c)
	f := v.filter(pageNumber(c), eventsPerPage)
	f.Member, f.Council = true, m.Council
	v.Now = s.Now()
	rows, total, err := events.List(c.UserContext(), s.DB, f, v.Now)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/events", q, f.Page, eventsPerPage, total)
	p := s.page(c, "展会活动", "events")
	p.Data = v
	return render(c, "pages/events", "partials/events_table", p)
}

// eventPage is 查看详情: the event, and the company's registration with its tickets.
type eventPage struct {
	Event *events.Event
	Own   *events.Registration
	Now   time.Time
	// Attachments are the files the association published with the event.
	Attachments []events.Attachment
}

// CanRegister says the 报名参会 button is shown.
func (v eventPage) CanRegister() bool {
	return v.Event.RegistrationOpen(v.Now) && (v.Own == nil || !events.IsLive(v.Own.Status))
}

// CanChange says 修改参会人员 is offered.
func (v eventPage) CanChange() bool {
	return v.Own != nil && events.IsLive(v.Own.Status) && v.Event.RegistrationOpen(v.Now)
}

// CanCancel says 取消报名 is offered to the member.
func (v eventPage) CanCancel() bool {
	if v.Own == nil || !events.IsLive(v.Own.Status) || !v.Now.Before(v.Event.StartsAt) {
		return false
	}
	return v.Own.Status == events.Waitlisted || v.Own.Status == events.Offered || v.Event.CancelOpen(v.Now)
}

// CanAccept says the offer can be taken now.
func (v eventPage) CanAccept() bool {
	return v.Own != nil && v.Own.Status == events.Offered && v.Own.OfferExpiresAt != nil && v.Now.Before(*v.Own.OfferExpiresAt)
}

// visibleEvent loads the :id event as the member may see it.
func (s *Server) visibleEvent(c *fiber.Ctx) (*events.Event, error) {
	id, err := idParam(c)
	if err != nil {
		return nil, err
	}
	return events.Visible(c.UserContext(), s.DB, id, member(c).Council)
}

// eventDetail is 查看详情.
func (s *Server) eventDetail(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := s.visibleEvent(c)
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
	p := s.page(c, "查看详情", "events")
	p.Title = e.Name
	atts, err := events.Attachments(ctx, s.DB, e.ID)
	if err != nil {
		return err
	}
	p.Data = eventPage{Event: e, Own: own, Now: s.Now(), Attachments: atts}
	return render(c, "pages/event", "", p)
}
