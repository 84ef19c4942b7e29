package papers

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Paper states (稿件状态).
const (
	Draft     = "draft"     // 草稿
	Submitted = "submitted" // 已提交
	Reviewing = "reviewing" // 评审中: a reviewer was assigned
	Accepted  = "accepted"  // 录用
	Revise    = "revise"    // 修改后录用
	Rejected  = "rejected"  // 不录用
	Withdrawn = "withdrawn" // 撤回 (by the author)
)

// Statuses lists the states in display order.
var Statuses = []string{Draft, Submitted, Reviewing, Accepted, Revise, Rejected, Withdrawn}

// Outcomes are the decisions staff may stage.
var Outcomes = []string{Accepted, Revise, Rejected}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string {
	return map[string]string{Draft: "草稿", Submitted: "已提交", Reviewing: "评审中", Accepted: "录用", Revise: "修改后录用",
		Rejected: "不录用", Withdrawn: "已撤回"}[s]
}

// Transitions are the allowed moves of a paper, written once. A released decision may be
// replaced by a newer one (录用 → 不录用 ...); a withdrawn paper stays withdrawn.
var Transitions = store.Transitions{
	Draft:     {Submitted, Withdrawn},
	Submitted: {Reviewing, Withdrawn},
	Reviewing: {Accepted, Revise, Rejected, Withdrawn},
	Accepted:  {Revise, Rejected, Withdrawn},
	Revise:    {Accepted, Rejected, Withdrawn},
	Rejected:  {Accepted, Revise},
	Withdrawn: {},
}

// CanMove reports whether a paper may go from one state to another.
func CanMove(from, to string) bool { return Transitions.Can(from, to) }

// Sources lists the states from which to is reachable (for store.Move).
func Sources(to string) []string { return Transitions.Sources(to, Statuses...) }

// ErrState is an action that does not fit the paper's state.
type ErrState struct{ Status, Action string }

func (e ErrState) Error() string { return e.UserMessage().String() }

// UserMessage names the state and the refused action.
func (e ErrState) UserMessage() errs.Message {
	return errs.M("操作未执行：稿件当前状态为「%s」，不能%s。", StatusLabel(e.Status), e.Action)
}

// Is makes a refused action a conflict.
func (e ErrState) Is(target error) bool { return target == errs.Conflict }

// Errors of the paper actions.
var (
	ErrNoCall        = errs.New(errs.NotFound, "该活动没有开放投稿。")
	ErrNotFound      = errs.New(errs.NotFound, "稿件不存在。")
	ErrNotOpen       = errs.New(errs.Conflict, "投稿尚未开始。")
	ErrNotAssigned   = errs.New(errs.NotFound, "您未被分配评审该稿件。")
	ErrOwnCompany    = errs.New(errs.Conflict, "不能分配：该评审专家与投稿单位属同一单位。")
	ErrNoReviewer    = errs.New(errs.Invalid, "请选择评审专家。")
	ErrNotReviewable = errs.New(errs.Conflict, "评审结果已发布或稿件已撤回，不能再修改评分。")
	ErrNoStaged      = errs.New(errs.Conflict, "没有待发布的评审结果。")
	ErrBadOutcome    = errs.New(errs.Invalid, "请选择评审结果。")
)

// FieldErrors are validation messages by form field; the form is shown again with them and
// with what was typed. They are invalid input.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	for k, v := range f {
		return k + ": " + v
	}
	return "invalid"
}

// Is makes field errors invalid input.
func (f FieldErrors) Is(target error) bool { return target == errs.Invalid }
