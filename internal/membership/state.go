// Package membership is the 入会申请 (membership application): the four-step registration,
// the application's states, staff review and the paper documents record.
package membership

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Application states.
const (
	StatusSubmitted   = "submitted"
	StatusApproved    = "approved"
	StatusRejected    = "rejected"
	StatusResubmitted = "resubmitted"
)

// Statuses lists every state in display order.
var Statuses = []string{StatusSubmitted, StatusResubmitted, StatusApproved, StatusRejected}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string {
	switch s {
	case StatusSubmitted:
		return "待审核"
	case StatusResubmitted:
		return "重新提交待审核"
	case StatusApproved:
		return "审核通过"
	case StatusRejected:
		return "已退回"
	}
	return s
}

// transitions is the one place the allowed moves are written.
var transitions = map[string][]string{
	StatusSubmitted:   {StatusApproved, StatusRejected},
	StatusResubmitted: {StatusApproved, StatusRejected},
	StatusRejected:    {StatusResubmitted},
	StatusApproved:    {},
}

// CanTransition reports whether an application may move from one state to another.
func CanTransition(from, to string) bool {
	return store.Transitions(transitions).Can(from, to)
}

// Pending reports whether the application waits for staff.
func Pending(s string) bool { return s == StatusSubmitted || s == StatusResubmitted }

// ErrTransition is returned when a review acts on an application in the wrong state (for
// example the second of two staff approving at once).
type ErrTransition struct{ From, To string }

func (e ErrTransition) Error() string { return e.UserMessage().String() }

// UserMessage says which state the application is in, in the viewer's language.
func (e ErrTransition) UserMessage() errs.Message {
	return errs.M("操作未执行：申请当前状态为「%s」，不能变为「%s」（可能已被其他管理员处理）。", StatusLabel(e.From), StatusLabel(e.To))
}

// Is makes a transition refused a conflict.
func (e ErrTransition) Is(target error) bool { return target == errs.Conflict }

// sources returns the states from which `to` can be reached.
func sources(to string) []string {
	return store.Transitions(transitions).Sources(to)
}
