package events

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Registration states (报名状态).
const (
	Pending    = "pending"    // 待审核: the event needs staff approval; the places are held
	Confirmed  = "confirmed"  // 已确认: e-tickets issued
	Waitlisted = "waitlisted" // 候补中
	Offered    = "offered"    // 候补待确认: a place was freed and held for the company until the offer expires
	Cancelled  = "cancelled"  // 已取消
	Rejected   = "rejected"   // 未通过 (staff)
	Expired    = "expired"    // 候补已过期: the offer was not accepted in time
)

// Statuses lists the states in display order.
var Statuses = []string{Pending, Confirmed, Waitlisted, Offered, Cancelled, Rejected, Expired}

// Live are the states of a registration that still counts (one per company and event).
var Live = []string{Pending, Confirmed, Waitlisted, Offered}

// Holding are the states that hold places.
var Holding = []string{Pending, Confirmed, Offered}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string {
	return map[string]string{Pending: "待审核", Confirmed: "已确认", Waitlisted: "候补中", Offered: "候补待确认",
		Cancelled: "已取消", Rejected: "未通过", Expired: "候补已过期"}[s]
}

// The allowed moves, written once.
var transitions = map[string][]string{
	Pending:    {Confirmed, Rejected, Cancelled},
	Confirmed:  {Cancelled},
	Waitlisted: {Offered, Cancelled},
	Offered:    {Confirmed, Pending, Expired, Cancelled}, // accepted (Pending when staff approve), not in time, declined
	Cancelled:  {},
	Rejected:   {},
	Expired:    {},
}

// CanMove reports whether a registration may go from one state to another.
func CanMove(from, to string) bool {
	return store.Transitions(transitions).Can(from, to)
}

// Sources lists the states from which to is reachable (for store.Move).
func Sources(to string) []string {
	return store.Transitions(transitions).Sources(to, Statuses...)
}

// IsLive reports whether s is one of Live.
func IsLive(s string) bool { return s == Pending || s == Confirmed || s == Waitlisted || s == Offered }

// Holds reports whether a registration in state s holds places.
func Holds(s string) bool { return s == Pending || s == Confirmed || s == Offered }

// ErrState is an action that does not fit the registration's state (e.g. accepting an offer
// that expired meanwhile, or staff approving what the company cancelled).
type ErrState struct{ Status, Action string }

func (e ErrState) Error() string { return e.UserMessage().String() }

// UserMessage names the state and the refused action.
func (e ErrState) UserMessage() errs.Message {
	return errs.M("操作未执行：当前报名状态为「%s」，不能%s。", StatusLabel(e.Status), e.Action)
}

// Is makes a refused action a conflict.
func (e ErrState) Is(target error) bool { return target == errs.Conflict }

// Errors of registering and checking in.
var (
	ErrNotFound     = errs.New(errs.NotFound, "活动不存在或未发布。")
	ErrRegNotFound  = errs.New(errs.NotFound, "报名记录不存在。")
	ErrClosed       = errs.New(errs.Conflict, "该活动当前不在报名时间内。")
	ErrCouncilOnly  = errs.New(errs.Forbidden, "该活动仅限理事单位报名。")
	ErrTwice        = errs.New(errs.Conflict, "贵单位已报名该活动，可在活动详情中修改参会人员。")
	ErrCancelClosed = errs.New(errs.Conflict, "已过取消截止时间，如需取消请联系协会。")
	ErrOfferExpired = errs.New(errs.Conflict, "候补名额的确认时间已过，名额已让给下一家单位。")
	ErrNoPlaces     = errs.New(errs.Conflict, "剩余名额不足，不能增加参会人员。")
	ErrChangeClosed = errs.New(errs.Conflict, "报名已截止，不能再修改参会人员。")
	ErrNotPublished = errs.New(errs.Conflict, "活动未发布。")
	ErrNoAttendee   = errs.New(errs.Invalid, "请至少填写一位参会人员。")
	ErrBadCode      = errs.New(errs.Invalid, "签到码无效：不是本系统签发的电子票，或已作废。")
	ErrOtherEvent   = errs.New(errs.Invalid, "该电子票不属于本活动。")
	ErrHasLive      = errs.New(errs.Conflict, "已有单位报名，不能撤回发布；请先处理报名。")
)

// ErrTooMany is more attendees than the event allows per company.
type ErrTooMany struct{ Max int }

func (e ErrTooMany) Error() string { return e.UserMessage().String() }

// UserMessage names the limit.
func (e ErrTooMany) UserMessage() errs.Message {
	return errs.M("每家单位最多报名 %d 人。", e.Max)
}

// Is makes it invalid input.
func (e ErrTooMany) Is(target error) bool { return target == errs.Invalid }
