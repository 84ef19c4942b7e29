// Package promotion is 会员晋升: a member company applies for a council level (理事类型)
// with its 审核材料, the secretariat reviews it (初审), and the 理事会 or 会员代表大会
// confers the seat by a vote within the quotas of the term (届). Only a ratification changes
// the company's level; every threshold is a Rules value read from configuration.
package promotion

import (
	"database/sql"
	"time"

	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// Levels are the 理事类型 in rank order, above 会员单位.
var Levels = []string{company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}

// Rank orders levels: 会员单位 0, 理事单位 1 … 理事长单位 4; unknown levels -1.
func Rank(level string) int {
	if level == company.LevelMember {
		return 0
	}
	for i, l := range Levels {
		if l == level {
			return i + 1
		}
	}
	return -1
}

// Above lists the levels a company at level may apply for.
func Above(level string) []string {
	var out []string
	for _, l := range Levels {
		if Rank(l) > Rank(level) {
			out = append(out, l)
		}
	}
	return out
}

// Item is one entry of a level's checklist of 审核材料.
type Item struct {
	Key   string // stored in promotion_materials.item
	Label string // Chinese
}

var (
	itemForm      = Item{"form", "晋升申请表（盖章）"}
	itemRecommend = Item{"recommend", "推荐表"}
	itemLicense   = Item{"license", "营业执照副本（盖章）"}
	itemProfile   = Item{"profile", "企业简介及行业贡献说明"}
	itemRepCV     = Item{"rep_cv", "拟任代表人简历"}
)

// checklists are the materials each level asks for, written once.
var checklists = map[string][]Item{
	company.LevelCouncil:       {itemForm, itemRecommend, itemLicense},
	company.LevelStanding:      {itemForm, itemRecommend, itemLicense, itemProfile},
	company.LevelVicePresident: {itemForm, itemRecommend, itemLicense, itemProfile, itemRepCV},
	company.LevelPresident:     {itemForm, itemRecommend, itemLicense, itemProfile, itemRepCV},
}

// Checklist is the list of materials of a level (nil for a level one cannot apply for).
func Checklist(level string) []Item { return checklists[level] }

// ItemLabel is the Chinese name of a checklist item key.
func ItemLabel(key string) string {
	for _, it := range checklists[company.LevelPresident] {
		if it.Key == key {
			return it.Label
		}
	}
	return key
}

// Application is one 晋升申请.
type Application struct {
	bun.BaseModel       `bun:"table:promotion_applications,alias:pa"`
	ID                  int64             `bun:"id,pk,autoincrement"`
	CompanyID           int64             `bun:"company_id"`
	FromLevel           string            `bun:"from_level"`
	Level               string            `bun:"level"`
	RepresentativeID    int64             `bun:"representative_id,nullzero"`
	RepresentativeName  string            `bun:"representative_name"`
	RepresentativeTitle string            `bun:"representative_title"`
	Status              string            `bun:"status"`
	Reason              string            `bun:"reason"`
	ItemReasons         map[string]string `bun:"item_reasons,type:jsonb"`
	Round               int               `bun:"round"`
	SubmittedAt         time.Time         `bun:"submitted_at"`
	CreatedBy           int64             `bun:"created_by,nullzero"`
	CreatedAt           time.Time         `bun:"created_at,nullzero,default:now()"`
	UpdatedAt           time.Time         `bun:"updated_at,nullzero,default:now()"`
	CompanyName         string            `bun:"company_name,scanonly"`
}

// StatusLabel is the application's state in Chinese.
func (a *Application) StatusLabel() string { return StatusLabel(a.Status) }

// CanResubmit: returned applications are corrected and submitted again by the company.
func (a *Application) CanResubmit() bool { return CanMove(a.Status, Submitted) && a.Status == Returned }

// CanReview: 初审 happens on a submitted application.
func (a *Application) CanReview() bool { return a.Status == Submitted }

// CanRatify: only an application that passed 初审 goes to the vote.
func (a *Application) CanRatify() bool { return a.Status == Passed }

// Material is one uploaded file of a checklist item in one round.
type Material struct {
	bun.BaseModel `bun:"table:promotion_materials"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ApplicationID int64     `bun:"application_id"`
	Item          string    `bun:"item"`
	Round         int       `bun:"round"`
	FileID        string    `bun:"file_id"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	FileName      string    `bun:"file_name,scanonly"`
	FileSize      int       `bun:"file_size,scanonly"`
}

// Event is one step of an application's history.
type Event struct {
	bun.BaseModel `bun:"table:promotion_events"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ApplicationID int64     `bun:"application_id"`
	Action        string    `bun:"action"`
	Status        string    `bun:"status"`
	Note          string    `bun:"note"`
	ActorName     string    `bun:"actor_name"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// Template is one version of a published 晋升材料 template.
type Template struct {
	bun.BaseModel `bun:"table:promotion_templates"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Level         string    `bun:"level"`
	Title         string    `bun:"title"`
	Version       int       `bun:"version"`
	FileID        string    `bun:"file_id"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// Term is a 届: seats are conferred for one term.
type Term struct {
	bun.BaseModel `bun:"table:terms"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Number        int       `bun:"number"`
	StartsOn      time.Time `bun:"starts_on,type:date"`
	EndsOn        time.Time `bun:"ends_on,type:date"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// Meeting types that ratify.
const (
	MeetingCouncil  = "council"  // 理事会
	MeetingStanding = "standing" // 常务理事会
	MeetingCongress = "congress" // 会员代表大会
)

// MeetingTypes in display order.
var MeetingTypes = []string{MeetingCouncil, MeetingStanding, MeetingCongress}

// MeetingLabel is a meeting type in Chinese.
func MeetingLabel(m string) string {
	return map[string]string{MeetingCouncil: "理事会", MeetingStanding: "常务理事会", MeetingCongress: "会员代表大会"}[m]
}

// Ratification is the record of the vote that conferred a seat.
type Ratification struct {
	bun.BaseModel    `bun:"table:ratifications"`
	ID               int64     `bun:"id,pk,autoincrement"`
	ApplicationID    int64     `bun:"application_id"`
	TermID           int64     `bun:"term_id"`
	MeetingType      string    `bun:"meeting_type"`
	Session          string    `bun:"session"`
	HeldOn           time.Time `bun:"held_on,type:date"`
	Expected         int       `bun:"expected"`
	Present          int       `bun:"present"`
	Yes              int       `bun:"yes"`
	No               int       `bun:"no"`
	Abstain          int       `bun:"abstain"`
	ResolutionFileID string    `bun:"resolution_file_id"`
	CreatedBy        int64     `bun:"created_by,nullzero"`
	CreatedAt        time.Time `bun:"created_at,nullzero,default:now()"`
}

// Seat statuses.
const (
	SeatActive   = "active"
	SeatReplaced = "replaced" // a higher seat of the same term took its place
	SeatExpired  = "expired"  // the term ended
)

// Seat is a company's council seat in a term.
type Seat struct {
	bun.BaseModel      `bun:"table:seats"`
	ID                 int64        `bun:"id,pk,autoincrement"`
	CompanyID          int64        `bun:"company_id"`
	Level              string       `bun:"level"`
	TermID             int64        `bun:"term_id"`
	RepresentativeName string       `bun:"representative_name"`
	Since              time.Time    `bun:"since,type:date"`
	Until              sql.NullTime `bun:"until,type:date"`
	Status             string       `bun:"status"`
	RatificationID     int64        `bun:"ratification_id,nullzero"`
	CreatedAt          time.Time    `bun:"created_at,nullzero,default:now()"`
}

// LevelChange is one row of a company's level history.
type LevelChange struct {
	bun.BaseModel  `bun:"table:level_history"`
	ID             int64     `bun:"id,pk,autoincrement"`
	CompanyID      int64     `bun:"company_id"`
	FromLevel      string    `bun:"from_level"`
	ToLevel        string    `bun:"to_level"`
	ChangedOn      time.Time `bun:"changed_on,type:date"`
	Reason         string    `bun:"reason"`
	RatificationID int64     `bun:"ratification_id,nullzero"`
	CreatedAt      time.Time `bun:"created_at,nullzero,default:now()"`
}
