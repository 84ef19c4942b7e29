package feedback

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// States of a feedback item, the staff side's workflow (未读 → 已读 → 处理中 → 待补充 → 已解决 →
// 已关闭). Which side has unread news is kept apart from the state (Item.StaffUnread,
// Item.MemberUnread), so a member's addition to a 处理中 item flags it for staff without
// pretending nobody has read it yet.
const (
	Unread     = "unread"     // 未读: submitted, no staff member has opened it
	Read       = "read"       // 已读: opened by staff
	Processing = "processing" // 处理中: staff are on it (a reply was given, or the member added to it)
	Waiting    = "waiting"    // 待补充: staff asked the member for more
	Resolved   = "resolved"   // 已解决: staff answered; closed automatically after N days without a reply
	Closed     = "closed"     // 已关闭
)

// Statuses lists the states in workflow order.
var Statuses = []string{Unread, Read, Processing, Waiting, Resolved, Closed}

var statusLabels = map[string]string{Unread: "未读", Read: "已读", Processing: "处理中", Waiting: "待补充", Resolved: "已解决", Closed: "已关闭"}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string { return statusLabels[s] }

// transitions are the allowed moves, written once. A move to the same state is allowed where
// an action leaves the state as it is (a note on a 已读 item, a second reply while 处理中): the
// conditional update still guards against a concurrent change.
var transitions = map[string][]string{
	Unread:     {Unread, Read, Processing, Waiting, Resolved, Closed},
	Read:       {Read, Processing, Waiting, Resolved, Closed},
	Processing: {Processing, Waiting, Resolved, Closed},
	Waiting:    {Processing, Waiting, Resolved, Closed},
	Resolved:   {Processing, Waiting, Resolved, Closed}, // a reply on a resolved item reopens the work
	Closed:     {Processing},                            // reopen
}

// CanMove reports whether an item may go from one state to another.
func CanMove(from, to string) bool {
	return store.Transitions(transitions).Can(from, to)
}

// Sources lists the states from which to is reachable (for the conditional update).
func Sources(to string) []string {
	return store.Transitions(transitions).Sources(to, Statuses...)
}

// afterMember is the state a member's addition leaves: what staff asked for arrived, or the
// answer did not settle it, so the work goes on; an unopened item stays unopened.
func afterMember(s string) string {
	switch s {
	case Waiting, Resolved:
		return Processing
	}
	return s
}

// afterNote is the state a staff note leaves: opening the item, nothing more.
func afterNote(s string) string {
	if s == Unread {
		return Read
	}
	return s
}

// ReplyStates are the states a staff reply may leave the item in (the reply form's choice).
var ReplyStates = []string{Processing, Waiting, Resolved}

// Open reports whether the thread still takes messages (a closed item must be reopened).
func Open(s string) bool { return s != Closed }

// ErrState is returned when an action does not fit the item's state, or the state changed
// under the user (another staff member acted first).
type ErrState struct{ Status, Action string }

func (e ErrState) Error() string { return e.UserMessage().String() }

// UserMessage names the state and the refused action, in the viewer's language.
func (e ErrState) UserMessage() errs.Message {
	return errs.M("操作未执行：该反馈当前状态为「%s」，不能%s（可能已被其他人处理）。", StatusLabel(e.Status), e.Action)
}

// Is makes a refused action a conflict.
func (e ErrState) Is(target error) bool { return target == errs.Conflict }
