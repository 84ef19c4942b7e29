// Package feedback is 反馈信息 (a member company's feedback to the association, manual 2.4.1)
// and 反馈建议管理 (the 信息 staff's queue): items, their threads, the workflow states, the
// notices to the other side, and the auto-close of answered items.
package feedback

import (
	"database/sql"
	"time"

	"github.com/uptrace/bun"
)

// Categories of feedback, in the order the form offers them.
const (
	Suggestion  = "suggestion" // 建议
	Complaint   = "complaint"  // 投诉
	Question    = "question"   // 咨询
	SystemIssue = "system"     // 系统问题
	Billing     = "billing"    // 缴费开票
)

// Categories lists the categories in form order.
var Categories = []string{Suggestion, Complaint, Question, SystemIssue, Billing}

var categoryLabels = map[string]string{Suggestion: "建议", Complaint: "投诉", Question: "咨询", SystemIssue: "系统问题", Billing: "缴费开票"}

// CategoryLabel is the Chinese label of a category.
func CategoryLabel(c string) string { return categoryLabels[c] }

// Limits of what a member or staff member types.
const (
	MaxSubject  = 100
	MaxBody     = 5000
	MaxFiles    = 3
	MaxRateNote = 300
)

// Item is one feedback item, as lists and the thread page show it.
type Item struct {
	bun.BaseModel `bun:"table:feedback,alias:f"`
	ID            int64         `bun:"id,pk,autoincrement"`
	CompanyID     int64         `bun:"company_id"`
	CreatedBy     int64         `bun:"created_by,nullzero"`
	Category      string        `bun:"category"`
	Subject       string        `bun:"subject"`
	DuesYear      sql.NullInt64 `bun:"dues_year"`
	Status        string        `bun:"status"`
	AssigneeID    sql.NullInt64 `bun:"assignee_id"`
	StaffUnread   bool          `bun:"staff_unread"`
	MemberUnread  bool          `bun:"member_unread"`
	Rating        sql.NullInt16 `bun:"rating"`
	RatingNote    string        `bun:"rating_note"`
	FirstReplyAt  sql.NullTime  `bun:"first_reply_at"`
	ResolvedAt    sql.NullTime  `bun:"resolved_at"`
	ClosedAt      sql.NullTime  `bun:"closed_at"`
	LastMessageAt time.Time     `bun:"last_message_at,nullzero,default:now()"`
	CreatedAt     time.Time     `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time     `bun:"updated_at,nullzero,default:now()"`

	// Joined for lists: the company's name and the assignee's display name.
	CompanyName  string `bun:"company_name,scanonly"`
	AssigneeName string `bun:"assignee_name,scanonly"`
}

// Open reports whether the thread takes messages.
func (i *Item) Open() bool { return Open(i.Status) }

// CanRate reports whether the member may rate the answer: once staff replied, and the item is
// resolved or closed.
func (i *Item) CanRate() bool {
	return i.FirstReplyAt.Valid && (i.Status == Resolved || i.Status == Closed)
}

// Message is one entry of a thread: the member's text, a staff reply or (Internal) a staff
// note members never see.
type Message struct {
	bun.BaseModel `bun:"table:feedback_messages,alias:m"`
	ID            int64        `bun:"id,pk,autoincrement"`
	FeedbackID    int64        `bun:"feedback_id"`
	AuthorID      int64        `bun:"author_id,nullzero"`
	AuthorName    string       `bun:"author_name"`
	FromStaff     bool         `bun:"from_staff"`
	Internal      bool         `bun:"internal"`
	Body          string       `bun:"body"`
	CreatedAt     time.Time    `bun:"created_at,nullzero,default:now()"`
	Files         []Attachment `bun:"-"`
}

// Attachment is a file of a message, for the download link.
type Attachment struct {
	MessageID int64  `bun:"message_id"`
	FileID    string `bun:"file_id"`
	Name      string `bun:"name"`
	Size      int    `bun:"size"`
}

// Upload is one attached file as the handler read it (its type is checked by content on save).
type Upload struct {
	Name string
	Data []byte
}
