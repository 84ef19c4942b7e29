// Package directory is the 通讯录 (manual 2.3.5): member companies searched by other members,
// each field shown only to the audience its visibility allows (部分信息可见). Staff set the
// default audience of each field (and may lock it); a company may only tighten its own, or
// hide itself. Person fields (联系人, 手机, 邮箱) appear only for people who gave the separate
// consent of 单位成员 (internal/people), and a mobile the viewer may not see is masked here,
// before any page, fragment or export gets it: the full number never leaves this package
// for such a viewer.
package directory

import (
	"context"
	"encoding/json"
	"time"

	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/ratelimit"

	"github.com/uptrace/bun"
)

// Audiences, from the widest to the narrowest.
const (
	Public  = "public"
	Members = "members"
	Council = "council"
	Staff   = "staff"
)

// Audiences in order: a later one is tighter.
var Audiences = []string{Public, Members, Council, Staff}

// AudienceLabel is the Chinese name of an audience.
func AudienceLabel(a string) string {
	switch a {
	case Public:
		return "公开"
	case Members:
		return "全体会员"
	case Council:
		return "理事单位"
	case Staff:
		return "仅协会工作人员"
	}
	return a
}

func rank(a string) int {
	for i, x := range Audiences {
		if x == a {
			return i
		}
	}
	return len(Audiences) // unknown: nobody
}

// Sees reports whether a viewer of audience viewer may see a field of visibility field.
func Sees(viewer, field string) bool {
	return rank(viewer) >= rank(field) && rank(viewer) < len(Audiences)
}

// Fields whose visibility is set; the company's name, province, category and level are
// always shown to those who may open the directory.
const (
	FieldAddress  = "address"
	FieldWebsite  = "website"
	FieldProducts = "products"
	FieldIntro    = "intro"
	FieldContacts = "contacts" // 联系人姓名、职务、部门 (personal data: consent required too)
	FieldMobile   = "mobile"   // masked where not visible
	FieldEmail    = "email"
)

// Fields in display order.
var Fields = []string{FieldAddress, FieldWebsite, FieldProducts, FieldIntro, FieldBrochure, FieldContacts, FieldMobile, FieldEmail}

// FieldLabel is the Chinese name of a field.
func FieldLabel(f string) string {
	switch f {
	case FieldAddress:
		return "地址"
	case FieldWebsite:
		return "网址"
	case FieldProducts:
		return "主要产品"
	case FieldIntro:
		return "简介"
	case FieldBrochure:
		return "附件简介"
	case FieldContacts:
		return "联系人"
	case FieldMobile:
		return "手机"
	case FieldEmail:
		return "邮箱"
	}
	return f
}

// Rate limits of the directory per user: searches (each page or fragment) per minute.
var SearchLimit = ratelimit.Rule{Bucket: "directory.search", Limit: 60, Window: time.Minute}

// ErrTooMany is the search limit's refusal.
var ErrTooMany = errs.New(errs.TooMany, "查询过于频繁，请稍后再试。")

// Default is the staff's setting of one field.
type Default struct {
	bun.BaseModel `bun:"table:directory_fields"`
	Field         string `bun:"field,pk"`
	Audience      string `bun:"audience"`
	Locked        bool   `bun:"locked"`
}

// Settings is a company's own: hidden, and per field a tighter audience.
type Settings struct {
	bun.BaseModel `bun:"table:directory_settings"`
	CompanyID     int64             `bun:"company_id,pk"`
	Hidden        bool              `bun:"hidden"`
	Fields        map[string]string `bun:"fields,type:jsonb"`
	BrochureID    string            `bun:"brochure_id,nullzero"`
	UpdatedAt     time.Time         `bun:"updated_at,nullzero,default:now()"`
}

// Defaults returns the staff's defaults by field.
func Defaults(ctx context.Context, db bun.IDB) (map[string]Default, error) {
	var rows []Default
	if err := db.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, err
	}
	out := map[string]Default{}
	for _, f := range Fields {
		out[f] = Default{Field: f, Audience: Staff} // a field without a row: staff only
	}
	for _, r := range rows {
		out[r.Field] = r
	}
	return out, nil
}

// Effective is the visibility of each field of one company: the company's own choice when it
// is tighter than the default and the field is not locked, else the default.
func Effective(defs map[string]Default, own map[string]string) map[string]string {
	out := map[string]string{}
	for _, f := range Fields {
		d := defs[f]
		v := d.Audience
		if o, ok := own[f]; ok && !d.Locked && rank(o) < len(Audiences) && rank(o) > rank(v) {
			v = o
		}
		out[f] = v
	}
	return out
}

// parseFields reads a settings row's fields column (raw JSON in a search row).
func parseFields(raw []byte) map[string]string {
	m := map[string]string{}
	_ = json.Unmarshal(raw, &m)
	return m
}

// LevelAudience is the audience of a viewer: council levels see council fields.
func LevelAudience(level string) string {
	if level != "" && level != company.LevelMember {
		return Council
	}
	return Members
}
