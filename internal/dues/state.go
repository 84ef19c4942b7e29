package dues

import (
	"cpca/internal/errs"
	"cpca/internal/store"
)

// Dues states (缴费状态).
const (
	Unpaid    = "unpaid"    // 未缴费
	Pending   = "pending"   // 待确认: a voucher was uploaded
	Confirmed = "confirmed" // 已缴费: staff confirmed the money arrived
	Rejected  = "rejected"  // 已退回: staff returned the voucher with a reason
	Waived    = "waived"    // 免缴
)

// Invoice states (开票状态).
const (
	InvoiceNone      = "none"      // 未申请
	InvoiceRequested = "requested" // 待开票
	InvoiceIssued    = "issued"    // 已开票
)

// Statuses and InvoiceStatuses list the states in display order.
var (
	Statuses        = []string{Unpaid, Pending, Confirmed, Rejected, Waived}
	InvoiceStatuses = []string{InvoiceNone, InvoiceRequested, InvoiceIssued}
)

// StatusLabel is the Chinese label of a dues state.
func StatusLabel(s string) string {
	return map[string]string{Unpaid: "未缴费", Pending: "待确认", Confirmed: "已缴费", Rejected: "已退回", Waived: "免缴"}[s]
}

// InvoiceLabel is the Chinese label of an invoice state.
func InvoiceLabel(s string) string {
	return map[string]string{InvoiceNone: "未申请", InvoiceRequested: "待开票", InvoiceIssued: "已开票"}[s]
}

// The allowed moves, written once.
var transitions = map[string][]string{
	Unpaid:    {Pending, Waived},
	Pending:   {Pending, Confirmed, Rejected, Waived, Unpaid}, // Pending→Pending: another or replaced voucher; →Unpaid: last voucher removed
	Rejected:  {Pending, Waived},
	Confirmed: {},
	Waived:    {},
}

var invoiceTransitions = map[string][]string{
	InvoiceNone:      {InvoiceRequested},
	InvoiceRequested: {InvoiceRequested, InvoiceIssued}, // the request can be edited until issued
	InvoiceIssued:    {},
}

// CanMove reports whether dues may go from one state to another.
func CanMove(from, to string) bool { return store.Transitions(transitions).Can(from, to) }

// CanMoveInvoice reports whether the invoice may go from one state to another.
func CanMoveInvoice(from, to string) bool {
	return store.Transitions(invoiceTransitions).Can(from, to)
}

// Sources lists the states from which `to` is reachable (for conditional updates).
func Sources(to string) []string {
	return store.Transitions(transitions).Sources(to, Statuses...)
}

// InvoiceSources lists the invoice states from which `to` is reachable.
func InvoiceSources(to string) []string {
	return store.Transitions(invoiceTransitions).Sources(to, InvoiceStatuses...)
}

// Paid reports whether the year counts as paid: only a confirmation or a waiver does, never
// an invoice or an uploaded voucher.
func Paid(s string) bool { return s == Confirmed || s == Waived }

// CanUploadVoucher reports whether the member may add or replace vouchers now.
func CanUploadVoucher(s string) bool { return s == Unpaid || s == Pending || s == Rejected }

// ErrState is returned when an action does not fit the current state (e.g. the second of two
// staff confirming at once).
type ErrState struct{ Status, Action string }

func (e ErrState) Error() string { return e.UserMessage().String() }

// UserMessage names the state and the refused action, in the viewer's language.
func (e ErrState) UserMessage() errs.Message {
	return errs.M("操作未执行：当前缴费状态为「%s」，不能%s（可能已被其他人处理）。", StatusLabel(e.Status), e.Action)
}

// Is makes a refused action a conflict.
func (e ErrState) Is(target error) bool { return target == errs.Conflict }
