package promotion

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Application states.
const (
	Submitted = "submitted" // 待初审
	Returned  = "returned"  // 已退回: the company corrects and resubmits
	Passed    = "passed"    // 初审通过，待批准: waits for the meeting's vote
	Ratified  = "ratified"  // 已批准: the seat is conferred, the level changed
	Rejected  = "rejected"  // 未通过
)

// Statuses in display order.
var Statuses = []string{Submitted, Returned, Passed, Ratified, Rejected}

// Open states: a company has at most one application in them.
var Open = []string{Submitted, Returned, Passed}

// StatusLabel is a state in Chinese.
func StatusLabel(s string) string {
	return map[string]string{Submitted: "待初审", Returned: "已退回", Passed: "初审通过，待批准", Ratified: "已批准", Rejected: "未通过"}[s]
}

// The allowed moves, written once. A passed application may still be rejected: the meeting
// voted it down.
var transitions = map[string][]string{
	Submitted: {Passed, Returned, Rejected},
	Returned:  {Submitted},
	Passed:    {Ratified, Rejected},
	Ratified:  {},
	Rejected:  {},
}

// CanMove reports whether an application may go from one state to another.
func CanMove(from, to string) bool {
	return store.Transitions(transitions).Can(from, to)
}

// Sources lists the states from which to is reachable (for the conditional update).
func Sources(to string) []string {
	return store.Transitions(transitions).Sources(to, Statuses...)
}

// ErrState is an action that does not fit the application's state (another staff member
// acted first, or the company already resubmitted).
type ErrState struct{ Status, Action string }

func (e ErrState) Error() string { return e.UserMessage().String() }

// UserMessage names the state and the refused action.
func (e ErrState) UserMessage() errs.Message {
	return errs.M("操作未执行：该晋升申请当前为「%s」，不能%s（可能已被其他人处理）。", StatusLabel(e.Status), e.Action)
}

// Is makes it a conflict.
func (e ErrState) Is(target error) bool { return target == errs.Conflict }
