// Package company is what a member company is, apart from how it applied: its profile
// (公司信息, 产品及销售信息), its level (会员级别), its people (单位成员) and who receives its
// business notices. The application flow (internal/membership), dues, the directory and
// profile editing all build on it; it imports none of them.
package company

import (
	"database/sql"
	"time"

	"github.com/uptrace/bun"
)

// Member levels (会员级别); all but LevelMember are council levels (理事类型).
const (
	LevelMember        = "member"
	LevelCouncil       = "council"
	LevelStanding      = "standing"
	LevelVicePresident = "vice_president"
	LevelPresident     = "president"
)

// LevelLabel is the Chinese name of a level.
func LevelLabel(l string) string {
	switch l {
	case LevelMember:
		return "会员单位"
	case LevelCouncil:
		return "理事单位"
	case LevelStanding:
		return "常务理事单位"
	case LevelVicePresident:
		return "副理事长单位"
	case LevelPresident:
		return "理事长单位"
	}
	return l
}

// Company statuses (companies.status).
const (
	StatusApplicant = "applicant"
	StatusMember    = "member"
	StatusSuspended = "suspended" // 暂停: member services closed, data kept (会员管理)
	StatusWithdrawn = "withdrawn" // 已退会: no more dues, certificates revoked
)

// Company is a member company or an applicant.
type Company struct {
	bun.BaseModel  `bun:"table:companies"`
	ID             int64          `bun:"id,pk,autoincrement"`
	Name           string         `bun:"name"`
	USCC           string         `bun:"uscc"`
	LegalRep       string         `bun:"legal_rep"`
	RegCapital     sql.NullString `bun:"reg_capital"`
	FoundedOn      sql.NullTime   `bun:"founded_on,type:date"`
	Nature         string         `bun:"nature"`
	Category       string         `bun:"category"`
	Province       string         `bun:"province"`
	City           string         `bun:"city"`
	Address        string         `bun:"address"`
	Postcode       string         `bun:"postcode"`
	Website        string         `bun:"website"`
	Employees      sql.NullInt64  `bun:"employees"`
	Intro          string         `bun:"intro"`
	MainProducts   string         `bun:"main_products"`
	LastYearSales  sql.NullString `bun:"last_year_sales"`
	ExportRatio    sql.NullString `bun:"export_ratio"`
	MainMarkets    string         `bun:"main_markets"`
	Certifications string         `bun:"certifications"`
	Status         string         `bun:"status"`
	StatusReason   string         `bun:"status_reason"`
	StatusChanged  sql.NullTime   `bun:"status_changed_at"`
	Level          string         `bun:"level"`
	MemberNo       sql.NullString `bun:"member_no"`
	JoinedOn       sql.NullTime   `bun:"joined_on,type:date"`
	CreatedAt      time.Time      `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time      `bun:"updated_at,nullzero,default:now()"`
	NameBigrams    []string       `bun:"name_bigrams,array,scanonly"` // filled by a trigger, for search
	People         []Person       `bun:"rel:has-many,join:id=company_id"`
}

// Person is one of the company's people (单位成员).
type Person struct {
	bun.BaseModel `bun:"table:company_people"`
	ID            int64  `bun:"id,pk,autoincrement"`
	CompanyID     int64  `bun:"company_id"`
	Position      int    `bun:"position"`
	Name          string `bun:"name"`
	Title         string `bun:"title"`
	Mobile        string `bun:"mobile"`
	Email         string `bun:"email"`
	IsPrimary     bool   `bun:"is_primary"`
	IsFinance     bool   `bun:"is_finance"`
	Department    string `bun:"department"`
	IsMeeting     bool   `bun:"is_meeting"` // 会议联系人: receives event and meeting news
	// ConsentAt is when the person gave the separate consent (单独同意) to appear in the
	// 通讯录, under the notice text ConsentVersion; NULL when not given or withdrawn.
	ConsentAt      sql.NullTime `bun:"consent_at"`
	ConsentVersion string       `bun:"consent_version"`
	// SMSMarketingAt is when the person's consent to 推广短信 was recorded, NULL when not given
	// or withdrawn: internal/sms sends 推广 templates only to mobiles with it. SMSMarketingBy is
	// the user who recorded it; people.List fills SMSMarketingByName with that user's name.
	SMSMarketingAt     sql.NullTime  `bun:"sms_marketing_at"`
	SMSMarketingBy     sql.NullInt64 `bun:"sms_marketing_by"`
	SMSMarketingByName string        `bun:"sms_marketing_by_name,scanonly"`
}
