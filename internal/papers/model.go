// Package papers is 参会投稿: an event's call for papers (征稿设置), the papers member
// companies submit and revise (each submission of a change keeps a version), review by
// assigned reviewers (staff of 会展 or invited external reviewers) with weighted scores,
// and decisions that are staged and released together, each mailed through one outbox row
// linked to the decision.
//
// A paper belongs to the company that submitted it: every author-side query is scoped by
// company id, so another company's paper id answers "not found". A reviewer reaches a paper
// only through an assignment (paper_reviews), and never one of their own company.
package papers

import (
	"time"

	"github.com/uptrace/bun"
)

// Criterion is one score category of a call, with its weight in percent (the weights of a
// call add up to 100).
type Criterion struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// DefaultCriteria are offered when a call is first set up.
var DefaultCriteria = []Criterion{{"创新性", 40}, {"技术水平", 30}, {"写作", 30}}

// Call is an event's call for papers (征稿设置).
type Call struct {
	bun.BaseModel `bun:"table:paper_calls"`
	EventID       int64       `bun:"event_id,pk"`
	Enabled       bool        `bun:"enabled"`
	OpensAt       time.Time   `bun:"opens_at"`
	ClosesAt      time.Time   `bun:"closes_at"`
	LateCode      string      `bun:"late_code"`
	Topics        []string    `bun:"topics,array"`
	AbstractLimit int         `bun:"abstract_limit"`
	Blind         bool        `bun:"blind"`
	Criteria      []Criterion `bun:"criteria,type:jsonb"`
	UpdatedAt     time.Time   `bun:"updated_at,nullzero,default:now()"`

	// EventName is filled by the queries that show it.
	EventName string `bun:"event_name,scanonly"`
}

// Open reports whether papers are taken at now without the late-submission code.
func (c *Call) Open(now time.Time) bool {
	return c.Enabled && !now.Before(c.OpensAt) && now.Before(c.ClosesAt)
}

// Late reports whether the close date has passed (only the access code lets authors in).
func (c *Call) Late(now time.Time) bool { return c.Enabled && !now.Before(c.ClosesAt) }

// Started reports whether the call has opened.
func (c *Call) Started(now time.Time) bool { return c.Enabled && !now.Before(c.OpensAt) }

// Author is one author of a paper (作者): name, affiliation (单位) and whether they present.
type Author struct {
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
	Presenting  bool   `json:"presenting"`
}

// Paper is one submission of a member company.
type Paper struct {
	bun.BaseModel `bun:"table:papers"`
	ID            int64      `bun:"id,pk,autoincrement"`
	EventID       int64      `bun:"event_id"`
	CompanyID     int64      `bun:"company_id"`
	CreatedBy     int64      `bun:"created_by,nullzero"`
	Status        string     `bun:"status"`
	Title         string     `bun:"title"`
	Authors       []Author   `bun:"authors,type:jsonb"`
	Abstract      string     `bun:"abstract"`
	Keywords      string     `bun:"keywords"`
	Topic         string     `bun:"topic"`
	FileID        string     `bun:"file_id,nullzero"`
	Declared      bool       `bun:"declared"`
	Version       int        `bun:"version"`
	SubmittedAt   *time.Time `bun:"submitted_at"`
	CreatedAt     time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time  `bun:"updated_at,nullzero,default:now()"`

	// Filled by the lists that show them.
	EventName   string  `bun:"event_name,scanonly"`
	CompanyName string  `bun:"company_name,scanonly"`
	Reviewers   int     `bun:"reviewers,scanonly"`
	Reviewed    int     `bun:"reviewed,scanonly"`
	Staged      string  `bun:"staged,scanonly"` // the outcome of a staged decision, "" when none
	Score       float64 `bun:"-"`
}

// StatusLabel is the Chinese label of the paper's state.
func (p *Paper) StatusLabel() string { return StatusLabel(p.Status) }

// Editable reports whether the author may still change the paper (before the review).
func (p *Paper) Editable() bool { return p.Status == Draft || p.Status == Submitted }

// Withdrawable reports whether the author may withdraw it (撤回).
func (p *Paper) Withdrawable() bool { return CanMove(p.Status, Withdrawn) }

// Presenter is the name of the presenting author, "" when none is marked.
func (p *Paper) Presenter() string {
	for _, a := range p.Authors {
		if a.Presenting {
			return a.Name
		}
	}
	return ""
}

// Version is one submitted version of a paper, kept as it was.
type Version struct {
	bun.BaseModel `bun:"table:paper_versions"`
	ID            int64     `bun:"id,pk,autoincrement"`
	PaperID       int64     `bun:"paper_id"`
	Number        int       `bun:"number"`
	Title         string    `bun:"title"`
	Authors       []Author  `bun:"authors,type:jsonb"`
	Abstract      string    `bun:"abstract"`
	Keywords      string    `bun:"keywords"`
	Topic         string    `bun:"topic"`
	FileID        string    `bun:"file_id,nullzero"`
	Late          bool      `bun:"late"`
	SubmittedBy   int64     `bun:"submitted_by,nullzero"`
	SubmittedAt   time.Time `bun:"submitted_at,nullzero,default:now()"`
}

// Review is a reviewer's assignment to a paper, with the scores once given.
type Review struct {
	bun.BaseModel `bun:"table:paper_reviews"`
	ID            int64          `bun:"id,pk,autoincrement"`
	PaperID       int64          `bun:"paper_id"`
	ReviewerID    int64          `bun:"reviewer_id"`
	Scores        map[string]int `bun:"scores,type:jsonb"`
	Comment       string         `bun:"comment"`
	SubmittedAt   *time.Time     `bun:"submitted_at"`
	AssignedBy    int64          `bun:"assigned_by,nullzero"`
	CreatedAt     time.Time      `bun:"created_at,nullzero,default:now()"`

	ReviewerName string `bun:"reviewer_name,scanonly"`
	// Total is the weighted score (0–10), filled for the staff's view.
	Total float64 `bun:"-"`
}

// Decision is staff's decision on a paper: staged until released, then mailed.
type Decision struct {
	bun.BaseModel `bun:"table:paper_decisions"`
	ID            int64      `bun:"id,pk,autoincrement"`
	PaperID       int64      `bun:"paper_id"`
	Outcome       string     `bun:"outcome"`
	Note          string     `bun:"note"`
	DecidedBy     int64      `bun:"decided_by,nullzero"`
	CreatedAt     time.Time  `bun:"created_at,nullzero,default:now()"`
	ReleasedAt    *time.Time `bun:"released_at"`
	SupersededAt  *time.Time `bun:"superseded_at"`
	EmailID       int64      `bun:"email_id,nullzero"`

	// The decision mail's outbox row: its status and when it was sent.
	EmailStatus string     `bun:"email_status,scanonly"`
	EmailSentAt *time.Time `bun:"email_sent_at,scanonly"`
}

// OutcomeLabel is the Chinese label of the outcome.
func (d *Decision) OutcomeLabel() string { return StatusLabel(d.Outcome) }

// Staged reports whether the decision waits for 一键发布结果.
func (d *Decision) Staged() bool { return d.ReleasedAt == nil && d.SupersededAt == nil }

// Badge is the badge colour of a paper's state for the pages.
func (p *Paper) Badge() string { return badge(p.Status) }

// Badge is the badge colour of the decision's outcome.
func (d *Decision) Badge() string { return badge(d.Outcome) }

func badge(s string) string {
	switch s {
	case Accepted:
		return "ok"
	case Rejected, Withdrawn:
		return "bad"
	case Revise, Reviewing:
		return "info"
	}
	return ""
}
