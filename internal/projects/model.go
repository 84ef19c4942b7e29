// Package projects is 项目申报: the projects staff publish (团体标准立项, 评优评奖, 政府项目推荐,
// 专项资金, 其他) that member companies apply for offline, by email or stamped paper copies.
// A company may ask to be reminded of a deadline (提醒我); staff record the applications they
// receive (我的申报 shows the company what they recorded).
package projects

import (
	"strings"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Project kinds (项目类型).
const (
	KindStandard   = "standard"   // 团体标准立项
	KindAward      = "award"      // 评优评奖
	KindGovernment = "government" // 政府项目推荐
	KindFund       = "fund"       // 专项资金
	KindOther      = "other"      // 其他
)

// Kinds lists the kinds in display order.
var Kinds = []string{KindStandard, KindAward, KindGovernment, KindFund, KindOther}

// KindLabel is the Chinese label of a kind.
func KindLabel(k string) string {
	return map[string]string{KindStandard: "团体标准立项", KindAward: "评优评奖", KindGovernment: "政府项目推荐", KindFund: "专项资金", KindOther: "其他"}[k]
}

// Statuses derived from a project's dates (申报状态).
const (
	StatusUpcoming  = "upcoming"  // 未开始
	StatusOpen      = "open"      // 申报中
	StatusClosed    = "closed"    // 已截止
	StatusReviewing = "reviewing" // 评审中
	StatusResults   = "results"   // 已公示
)

// Statuses lists the statuses of the filter.
var Statuses = []string{StatusOpen, StatusUpcoming, StatusReviewing, StatusClosed, StatusResults}

// StatusLabel is the Chinese label of a status.
func StatusLabel(s string) string {
	return map[string]string{StatusUpcoming: "未开始", StatusOpen: "申报中", StatusClosed: "已截止", StatusReviewing: "评审中", StatusResults: "已公示"}[s]
}

// Project is one call for applications.
type Project struct {
	bun.BaseModel `bun:"table:projects"`
	ID            int64      `bun:"id,pk,autoincrement"`
	Name          string     `bun:"name"`
	NameBigrams   []string   `bun:"name_bigrams,array,scanonly"` // filled by a trigger, for search
	Kind          string     `bun:"kind"`
	Year          int        `bun:"year"`
	Publisher     string     `bun:"publisher"`
	Published     bool       `bun:"published"`
	CouncilOnly   bool       `bun:"council_only"`
	StartsAt      time.Time  `bun:"starts_at"`
	Deadline      time.Time  `bun:"deadline"` // end of the deadline day
	Postmark      bool       `bun:"postmark"` // 以邮戳为准
	ReviewUntil   *time.Time `bun:"review_until"`
	Conditions    string     `bun:"conditions"`
	Materials     string     `bun:"materials"`
	SubmitEmail   string     `bun:"submit_email"`
	PaperCopies   int        `bun:"paper_copies"`
	MailAddress   string     `bun:"mail_address"`
	ReviewProcess string     `bun:"review_process"`
	Contacts      string     `bun:"contacts"`
	Results       string     `bun:"results"`
	ResultsAt     *time.Time `bun:"results_at"`
	CreatedBy     int64      `bun:"created_by,nullzero"`
	CreatedAt     time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time  `bun:"updated_at,nullzero,default:now()"`
}

// Status is the project's status at now.
func (p *Project) Status(now time.Time) string {
	switch {
	case now.Before(p.StartsAt):
		return StatusUpcoming
	case now.Before(p.Deadline):
		return StatusOpen
	case strings.TrimSpace(p.Results) != "":
		return StatusResults
	case p.ReviewUntil != nil && now.Before(*p.ReviewUntil):
		return StatusReviewing
	}
	return StatusClosed
}

// DaysLeft is the number of calendar days (Asia/Shanghai) from today to the deadline day,
// 0 on the deadline day itself.
func (p *Project) DaysLeft(now time.Time) int {
	last := calendar.Day(p.Deadline.Add(-time.Second).In(calendar.Zone))
	d := int(last.Sub(calendar.Today(now)).Hours()+12) / 24
	return max(d, 0)
}

// DeadlineDay is the last day of applications, 年-月-日.
func (p *Project) DeadlineDay() string { return calendar.Format(p.Deadline.Add(-time.Second)) }

// StartDay is the first day of applications.
func (p *Project) StartDay() string { return calendar.Format(p.StartsAt) }

// MaterialList is the materials checklist, one item a line.
func (p *Project) MaterialList() []string { return lines(p.Materials) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// VisibleTo reports whether a member company (council: 理事单位 and above) may see it.
func (p *Project) VisibleTo(council bool) bool { return p.Published && (!p.CouncilOnly || council) }

// Member is the company acting: its id and whether it is 理事单位 or above.
type Member struct {
	CompanyID int64
	Council   bool
}

// Application channels and decisions of an offline application staff recorded.
const (
	ChannelEmail = "email"
	ChannelPaper = "paper"

	DecisionPending  = "pending"
	DecisionAccepted = "accepted"
	DecisionRejected = "rejected"
	DecisionAwarded  = "awarded"
)

// Channels and Decisions list them in display order.
var (
	Channels  = []string{ChannelEmail, ChannelPaper}
	Decisions = []string{DecisionPending, DecisionAccepted, DecisionRejected, DecisionAwarded}
)

// ChannelLabel is 邮件 or 纸质.
func ChannelLabel(c string) string {
	return map[string]string{ChannelEmail: "电子邮件", ChannelPaper: "纸质材料"}[c]
}

// DecisionLabel is the Chinese label of a decision.
func DecisionLabel(d string) string {
	return map[string]string{DecisionPending: "待评审", DecisionAccepted: "已受理", DecisionRejected: "未通过", DecisionAwarded: "已入选"}[d]
}

// Application is what staff recorded of one company's offline application.
type Application struct {
	bun.BaseModel `bun:"table:project_applications"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ProjectID     int64     `bun:"project_id"`
	CompanyID     int64     `bun:"company_id"`
	ReceivedOn    time.Time `bun:"received_on,type:date"`
	Channel       string    `bun:"channel"`
	Complete      bool      `bun:"complete"`
	Missing       string    `bun:"missing"`
	Decision      string    `bun:"decision"`
	Note          string    `bun:"note"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`

	CompanyName string `bun:"company_name,scanonly"`
	ProjectName string `bun:"project_name,scanonly"`
}

// ReceivedDay is the day received, 年-月-日.
func (a *Application) ReceivedDay() string { return a.ReceivedOn.Format(calendar.Layout) }

// Attachment is one version of a project's attachment (申报模板 …).
type Attachment struct {
	bun.BaseModel `bun:"table:project_attachments"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ProjectID     int64     `bun:"project_id"`
	Title         string    `bun:"title"`
	Version       int       `bun:"version"`
	FileID        string    `bun:"file_id"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// Errors of 项目申报.
var (
	ErrNotFound      = errs.New(errs.NotFound, "项目不存在或未发布。")
	ErrCompany       = errs.New(errs.NotFound, "单位不存在。")
	ErrNotPublished  = errs.New(errs.Conflict, "项目未发布。")
	ErrRemindClosed  = errs.New(errs.Conflict, "申报已截止，不能再设置提醒。")
	ErrTitle         = errs.New(errs.Invalid, "请填写附件名称（最多40字）。")
	ErrAttachType    = errs.New(errs.Invalid, "附件只支持 DOCX、PDF 格式（按文件内容识别）。")
	ErrHasApplicants = errs.New(errs.Conflict, "已登记单位申报，不能撤回发布。")
)
