// Package profile is 会员信息 after joining: the member company edits its profile (the
// registration's 公司信息 and 产品及销售信息, validated by the same rules); the key fields
// change only through a change request with evidence that 会员部 approves; every change is
// kept as a row, so staff and the company see the history.
package profile

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Change kinds.
const (
	KindKey     = "key"     // a request to change key fields, with evidence
	KindProfile = "profile" // other fields, applied at once
)

// Change states.
const (
	Pending  = "pending"  // 待审核
	Approved = "approved" // 已通过
	Rejected = "rejected" // 已驳回
	Applied  = "applied"  // 已生效 (a change of other fields, no review)
)

// Statuses lists the states staff filter the queue by.
var Statuses = []string{Pending, Approved, Rejected, Applied}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string {
	return map[string]string{Pending: "待审核", Approved: "已通过", Rejected: "已驳回", Applied: "已生效"}[s]
}

// transitions are the allowed moves of a key-field request, written once.
var transitions = map[string][]string{
	Pending: {Approved, Rejected},
}

func sources(to string) []string {
	return store.Transitions(transitions).Sources(to)
}

// CanMove reports whether a request may go from one state to another.
func CanMove(from, to string) bool {
	return store.Transitions(transitions).Can(from, to)
}

// ErrTransition is a decision on a request that is no longer pending (another staff member
// decided first).
type ErrTransition struct{ From, To string }

func (e ErrTransition) Error() string { return e.UserMessage().String() }

// UserMessage names the request's state.
func (e ErrTransition) UserMessage() errs.Message {
	return errs.M("操作未执行：变更申请当前状态为「%s」，不能变为「%s」（可能已被其他管理员处理）。", StatusLabel(e.From), StatusLabel(e.To))
}

// Is makes it a conflict.
func (e ErrTransition) Is(target error) bool { return target == errs.Conflict }

// Errors of the actions.
var (
	ErrNotFound   = errs.New(errs.NotFound, "变更申请不存在")
	ErrOpen       = errs.New(errs.Conflict, "已有一项关键信息变更申请正在审核中，请等待协会处理后再提交。")
	ErrNoChange   = errs.New(errs.Invalid, "没有修改任何内容。")
	ErrNoEvidence = errs.New(errs.Invalid, "请上传营业执照或其他证明材料")
	ErrReason     = errs.New(errs.Invalid, "请填写驳回原因")
)
