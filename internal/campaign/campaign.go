// Package campaign is 群发邮件 in 邮件管理: a mail written once for an audience of member
// companies, resolved to their contact people by role, sent in the background in throttled
// batches with one delivery row per recipient, so staff can see who did and did not get it.
package campaign

import (
	"encoding/json"
	"time"

	"cpca/internal/broadcast"
	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Campaign states.
const (
	AwaitingApproval = "awaiting_approval" // to all members: another staff user approves (四眼原则)
	Scheduled        = "scheduled"         // waits for send_at
	Sending          = "sending"
	Paused           = "paused"
	Sent             = "sent"
	Cancelled        = "cancelled"
)

// States lists the states in the order staff filter by.
var States = []string{AwaitingApproval, Scheduled, Sending, Paused, Sent, Cancelled}

// Transitions is the campaign state machine.
var Transitions = store.Transitions{
	AwaitingApproval: {Scheduled, Cancelled},
	Scheduled:        {Sending, Cancelled},
	Sending:          {Paused, Sent, Cancelled},
	Paused:           {Sending, Cancelled},
}

// StateLabel is the Chinese label of a state.
func StateLabel(s string) string {
	switch s {
	case AwaitingApproval:
		return "待审批"
	case Scheduled:
		return "待发送"
	case Sending:
		return "发送中"
	case Paused:
		return "已暂停"
	case Sent:
		return "已完成"
	case Cancelled:
		return "已取消"
	}
	return s
}

// Contact roles a campaign is sent to.
const (
	RolePrimary = "primary" // 主要联系人
	RoleFinance = "finance" // 财务联系人
	RoleMeeting = "meeting" // 会议联系人
	RoleAll     = "all"     // 全部单位成员
)

// Roles lists the roles in the compose form's order.
var Roles = []string{RolePrimary, RoleFinance, RoleMeeting, RoleAll}

// RoleLabel is the Chinese label of a contact role.
func RoleLabel(r string) string {
	switch r {
	case RolePrimary:
		return "主要联系人"
	case RoleFinance:
		return "财务联系人"
	case RoleMeeting:
		return "会议联系人"
	case RoleAll:
		return "全部单位成员"
	}
	return r
}

// Layouts frame the content: the standard one with the association's header and footer, the
// plain one with the footer only.
var Layouts = []string{"standard", "plain"}

// LayoutLabel is the Chinese label of a layout.
func LayoutLabel(l string) string {
	if l == "plain" {
		return "简洁"
	}
	return "标准（含协会抬头）"
}

// Campaign is one 群发邮件.
type Campaign struct {
	bun.BaseModel `bun:"table:campaigns"`
	ID            int64           `bun:"id,pk,autoincrement"`
	Subject       string          `bun:"subject"`
	Body          string          `bun:"body"`
	Layout        string          `bun:"layout"`
	AudienceJSON  json.RawMessage `bun:"audience,type:jsonb"`
	Roles         []string        `bun:"roles,array"`
	Status        string          `bun:"status"`
	NeedsApproval bool            `bun:"needs_approval"`
	SendAt        time.Time       `bun:"send_at,nullzero"`
	AuthorID      int64           `bun:"author_id,nullzero"`
	AuthorName    string          `bun:"author_name"`
	ApprovedBy    int64           `bun:"approved_by,nullzero"`
	ApproverName  string          `bun:"approver_name"`
	ApprovedAt    time.Time       `bun:"approved_at,nullzero"`
	Recipients    int             `bun:"recipients"`
	Suppressed    int             `bun:"suppressed"`
	StartedAt     time.Time       `bun:"started_at,nullzero"`
	FinishedAt    time.Time       `bun:"finished_at,nullzero"`
	CreatedAt     time.Time       `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time       `bun:"updated_at,nullzero,default:now()"`
}

// Audience decodes the stored audience.
func (c *Campaign) Audience() broadcast.Audience {
	var a broadcast.Audience
	_ = json.Unmarshal(c.AudienceJSON, &a)
	return a
}

// CanApprove says whether the campaign waits for approval.
func (c *Campaign) CanApprove() bool { return c.Status == AwaitingApproval }

// CanPause says whether the sending can be paused.
func (c *Campaign) CanPause() bool { return Transitions.Can(c.Status, Paused) }

// CanResume says whether a paused campaign can go on.
func (c *Campaign) CanResume() bool { return c.Status == Paused }

// CanCancel says whether the campaign can still be cancelled.
func (c *Campaign) CanCancel() bool { return Transitions.Can(c.Status, Cancelled) }

// Errors of campaign actions.
var (
	ErrNotFound     = errs.New(errs.NotFound, "群发邮件不存在")
	ErrState        = errs.New(errs.Conflict, "群发邮件当前状态不允许此操作，请刷新页面。")
	ErrOwnApproval  = errs.New(errs.Forbidden, "不能审批自己创建的群发邮件，请由另一位工作人员审批。")
	ErrNoRecipients = errs.New(errs.Invalid, "所选发送对象中没有可发送的邮箱地址。")
	ErrNoRoles      = errs.New(errs.Invalid, "请选择至少一种联系人")
)
