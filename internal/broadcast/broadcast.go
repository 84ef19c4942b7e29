// Package broadcast is 站内信管理: staff compose a site message for an audience (all members,
// by level, province, 企业类别, chosen companies), send it now or at a time, optionally with an
// email copy, and retract it. Sending freezes the company-level recipient list
// (broadcast_recipients); members read it through the inbox of internal/notice.
package broadcast

import (
	"database/sql"
	"time"

	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Broadcast states.
const (
	Scheduled = "scheduled" // 待发送: waiting for send_at
	Sent      = "sent"      // 已发送: recipients frozen
	Retracted = "retracted" // 已撤回: hidden from every inbox (or cancelled before sending)
)

// The allowed moves, written once.
var transitions = map[string][]string{
	Scheduled: {Sent, Retracted},
	Sent:      {Retracted},
	Retracted: {},
}

// from lists the states that may move to `to`.
func from(to string) []string {
	var out []string
	for f, ts := range transitions {
		for _, t := range ts {
			if t == to {
				out = append(out, f)
			}
		}
	}
	return out
}

// StatusLabel is the Chinese label of a state.
func StatusLabel(s string) string {
	return map[string]string{Scheduled: "待发送", Sent: "已发送", Retracted: "已撤回"}[s]
}

// Broadcast is one staff message.
type Broadcast struct {
	bun.BaseModel `bun:"table:broadcasts"`
	ID            int64        `bun:"id,pk,autoincrement"`
	Title         string       `bun:"title"`
	Body          string       `bun:"body"`
	Markdown      bool         `bun:"markdown"` // the body is Markdown (rendered safely), else plain text
	Important     bool         `bun:"important"`
	Audience      Audience     `bun:"audience,type:jsonb"`
	EmailCopy     bool         `bun:"email_copy"`
	SMSCopy       bool         `bun:"sms_copy"` // 短信通知 to the main contacts (important messages only)
	Status        string       `bun:"status"`
	SendAt        time.Time    `bun:"send_at"`
	SentAt        sql.NullTime `bun:"sent_at"`
	RetractedAt   sql.NullTime `bun:"retracted_at"`
	Recipients    int          `bun:"recipients"`
	CreatedBy     int64        `bun:"created_by,nullzero"`
	CreatedAt     time.Time    `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time    `bun:"updated_at,nullzero,default:now()"`
}

// Retractable reports whether staff may still retract (or cancel) it.
func (b *Broadcast) Retractable() bool { return b.Status != Retracted }

// Extendable reports whether 补发 (sending to companies that joined since) makes sense.
func (b *Broadcast) Extendable() bool { return b.Status == Sent }

// Errors of the feature.
var (
	ErrNotFound      = errs.New(errs.NotFound, "站内信不存在")
	ErrEmptyAudience = errs.New(errs.Invalid, "请选择发送对象")
	ErrNoRecipients  = errs.New(errs.Invalid, "所选发送对象中没有会员单位")
	ErrTitle         = errs.New(errs.Invalid, "请填写标题（最多100字）")
	ErrBody          = errs.New(errs.Invalid, "请填写正文（最多10000字）")
	ErrSendAt        = errs.New(errs.Invalid, "定时发送时间须晚于现在")
	ErrState         = errs.New(errs.Conflict, "该站内信的状态已变化，请刷新页面")
	ErrAttachments   = errs.New(errs.Invalid, "附件最多 %d 个", MaxAttachments)
	ErrAttachment    = errs.New(errs.Invalid, "附件已失效，请重新上传")
	ErrNoEvent       = errs.New(errs.Invalid, "所选活动不存在")
)
