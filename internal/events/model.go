// Package events is 展会活动: the events staff publish, the registrations of member companies
// with their attendees, the waitlist with expiring offers, e-tickets and check-in.
//
// Places are counted in attendees. Every change to an event's registrations locks the event
// row first (lockEvent), then counts the places held, so two companies taking the last place
// at once are served one after the other: one gets it, the other joins the waitlist.
package events

import (
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dues"

	"github.com/uptrace/bun"
)

// Event kinds (活动类型).
const (
	KindExhibition = "exhibition" // 展会
	KindConference = "conference" // 会议
	KindTraining   = "training"   // 培训
	KindOther      = "other"      // 其他
)

// Kinds lists the kinds in display order.
var Kinds = []string{KindExhibition, KindConference, KindTraining, KindOther}

// KindLabel is the Chinese label of a kind.
func KindLabel(k string) string {
	return map[string]string{KindExhibition: "展会", KindConference: "会议", KindTraining: "培训", KindOther: "其他"}[k]
}

// Phases of a published event, derived from its dates (活动状态).
const (
	PhaseUpcoming = "upcoming" // 即将开始: registration not open or closed, event not begun
	PhaseOpen     = "open"     // 报名中
	PhaseRunning  = "running"  // 进行中
	PhaseEnded    = "ended"    // 已结束
)

// Phases lists the phases of the member's filter.
var Phases = []string{PhaseOpen, PhaseUpcoming, PhaseRunning, PhaseEnded}

// PhaseLabel is the Chinese label of a phase.
func PhaseLabel(p string) string {
	return map[string]string{PhaseOpen: "报名中", PhaseUpcoming: "即将开始", PhaseRunning: "进行中", PhaseEnded: "已结束"}[p]
}

// Event is one exhibition, conference, training or meeting.
type Event struct {
	bun.BaseModel `bun:"table:events"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Name          string    `bun:"name"`
	NameBigrams   []string  `bun:"name_bigrams,array,scanonly"` // filled by a trigger, for search
	Kind          string    `bun:"kind"`
	Published     bool      `bun:"published"`
	CouncilOnly   bool      `bun:"council_only"`
	StartsAt      time.Time `bun:"starts_at"`
	EndsAt        time.Time `bun:"ends_at"`
	Venue         string    `bun:"venue"`
	Organiser     string    `bun:"organiser"`
	Summary       string    `bun:"summary"`
	Agenda        string    `bun:"agenda"`
	FeeInfo       string    `bun:"fee_info"`
	RegOpensAt    time.Time `bun:"reg_opens_at"`
	RegClosesAt   time.Time `bun:"reg_closes_at"`
	CancelUntil   time.Time `bun:"cancel_until"`
	Capacity      int       `bun:"capacity"`
	MaxPerCompany int       `bun:"max_per_company"`
	NeedsApproval bool      `bun:"needs_approval"`
	OfferHours    int       `bun:"offer_hours"`
	// Fees per attendee in fen, paid offline like dues: members pay FeeMemberFen; council
	// companies (理事单位 and above) get CouncilFreePlaces places free, then pay FeeCouncilFen.
	FeeMemberFen      int64     `bun:"fee_member_fen"`
	FeeCouncilFen     int64     `bun:"fee_council_fen"`
	CouncilFreePlaces int       `bun:"council_free_places"`
	CreatedBy         int64     `bun:"created_by,nullzero"`
	CreatedAt         time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt         time.Time `bun:"updated_at,nullzero,default:now()"`

	// Held is the number of places held (confirmed, pending approval, offered), and Waiting the
	// registrations on the waitlist; filled by the queries that show them.
	Held    int `bun:"held,scanonly"`
	Waiting int `bun:"waiting,scanonly"`
}

// Phase is the event's phase at now.
func (e *Event) Phase(now time.Time) string {
	switch {
	case !now.Before(e.EndsAt):
		return PhaseEnded
	case !now.Before(e.StartsAt):
		return PhaseRunning
	case e.RegistrationOpen(now):
		return PhaseOpen
	}
	return PhaseUpcoming
}

// RegistrationOpen reports whether companies may register (or change attendees) at now.
func (e *Event) RegistrationOpen(now time.Time) bool {
	return e.Published && !now.Before(e.RegOpensAt) && now.Before(e.RegClosesAt) && now.Before(e.StartsAt)
}

// CancelOpen reports whether a member may still cancel its registration at now.
func (e *Event) CancelOpen(now time.Time) bool {
	return now.Before(e.CancelUntil) && now.Before(e.StartsAt)
}

// Left is the number of free places (never negative).
func (e *Event) Left() int { return max(e.Capacity-e.Held, 0) }

// Full reports whether no place is free.
func (e *Event) Full() bool { return e.Left() == 0 }

// Dates is the event's dates for a list: one day, or first – last day.
func (e *Event) Dates() string {
	a, b := calendar.Format(e.StartsAt), calendar.Format(e.EndsAt)
	if a == b {
		return a
	}
	return a + " ~ " + b
}

// VisibleTo reports whether a member company (council says 理事单位 and above) may see it;
// staff see every event.
func (e *Event) VisibleTo(council bool) bool { return e.Published && (!e.CouncilOnly || council) }

// Registration is one company's registration for one event.
type Registration struct {
	bun.BaseModel  `bun:"table:event_registrations"`
	ID             int64      `bun:"id,pk,autoincrement"`
	EventID        int64      `bun:"event_id"`
	CompanyID      int64      `bun:"company_id"`
	Status         string     `bun:"status"`
	Places         int        `bun:"places"`
	WaitlistedAt   *time.Time `bun:"waitlisted_at"`
	OfferExpiresAt *time.Time `bun:"offer_expires_at"`
	Offers         int        `bun:"offers"`
	Note           string     `bun:"note"`
	Reason         string     `bun:"reason"`
	CreatedBy      int64      `bun:"created_by,nullzero"`
	CreatedAt      time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time  `bun:"updated_at,nullzero,default:now()"`

	CompanyName string     `bun:"company_name,scanonly"`
	Attendees   []Attendee `bun:"-"`
	// Position is the place in the waitlist (1 = next), filled for waitlisted registrations.
	Position int `bun:"-"`
	// CheckedIn counts the attendees checked in, filled by staff lists.
	CheckedIn int `bun:"checked_in,scanonly"`
	// The fee charge (a dues row): its id, amount and 缴费状态, filled by staff lists; empty
	// when nothing is owed.
	ChargeID     int64  `bun:"charge_id,scanonly"`
	ChargeFen    int64  `bun:"charge_fen,scanonly"`
	ChargeStatus string `bun:"charge_status,scanonly"`
	// Charge is the fee with its vouchers and invoice, filled for the member's own registration.
	Charge *dues.Dues `bun:"-"`
}

// Attendee is one person a company sends (参会人员). ID numbers are not collected.
type Attendee struct {
	bun.BaseModel  `bun:"table:event_attendees"`
	ID             int64      `bun:"id,pk,autoincrement"`
	RegistrationID int64      `bun:"registration_id"`
	Position       int        `bun:"position"`
	Name           string     `bun:"name"`
	Title          string     `bun:"title"`
	Mobile         string     `bun:"mobile"`
	Email          string     `bun:"email"`
	CheckedInAt    *time.Time `bun:"checked_in_at"`
	CheckedInBy    int64      `bun:"checked_in_by,nullzero"`
	// Code is the signed check-in code of the e-ticket, filled for confirmed registrations.
	Code string `bun:"-"`
}
