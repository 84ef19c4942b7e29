package imports

import (
	"database/sql"
	"strconv"
	"strings"
	"time"

	"cpca/internal/company"
)

// Results of a row, as the result file names them.
const (
	ResultCreated    = "新建"
	ResultFilled     = "补全"
	ResultOverridden = "覆盖"
	ResultUnchanged  = "未变"
	ResultError      = "错误"
)

// Results in display order.
var Results = []string{ResultCreated, ResultFilled, ResultOverridden, ResultUnchanged, ResultError}

// companyCols are the fields stored as companies columns of the same name.
var companyCols = []string{"name", "member_no", "joined_on", "legal_rep", "reg_capital", "founded_on", "nature", "category", "province",
	"city", "address", "postcode", "website", "employees", "intro", "main_products", "last_year_sales", "export_ratio", "main_markets", "certifications"}

// plan is what one row will do.
type plan struct {
	result  string
	reason  string
	create  bool
	company *company.Company  // the existing company (nil for a new one)
	set     map[string]string // company column → new value
	old     map[string]string // the values set replaces
	primary map[string]string // primary contact column → new value
	finance map[string]string // finance contact column → new value
	newFin  bool              // the finance contact is a new person
	labels  []string          // the fields changed, for the reason and the audit
	invited bool              // the new account's invitation was queued
}

func num(v sql.NullString) string {
	if !v.Valid {
		return ""
	}
	f, err := strconv.ParseFloat(v.String, 64)
	if err != nil {
		return v.String
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func day(v sql.NullTime) string {
	if !v.Valid {
		return ""
	}
	return v.Time.Format("2006-01-02")
}

// current is a company's stored values in the form Parse gives a row's.
func current(c *company.Company) map[string]string {
	emp := ""
	if c.Employees.Valid {
		emp = strconv.FormatInt(c.Employees.Int64, 10)
	}
	return map[string]string{"name": c.Name, "member_no": c.MemberNo.String, "joined_on": day(c.JoinedOn), "legal_rep": c.LegalRep,
		"reg_capital": num(c.RegCapital), "founded_on": day(c.FoundedOn), "nature": c.Nature, "category": c.Category, "province": c.Province,
		"city": c.City, "address": c.Address, "postcode": c.Postcode, "website": c.Website, "employees": emp, "intro": c.Intro,
		"main_products": c.MainProducts, "last_year_sales": num(c.LastYearSales), "export_ratio": num(c.ExportRatio),
		"main_markets": c.MainMarkets, "certifications": c.Certifications}
}

// contacts finds the primary contact and the finance contact (a separate person, else nil).
func contacts(c *company.Company) (primary, finance *company.Person) {
	for i := range c.People {
		p := &c.People[i]
		switch {
		case p.IsPrimary && primary == nil:
			primary = p
		case p.IsFinance && !p.IsPrimary && finance == nil:
			finance = p
		}
	}
	return primary, finance
}

func personValues(p *company.Person) map[string]string {
	if p == nil {
		return map[string]string{}
	}
	return map[string]string{"name": p.Name, "title": p.Title, "mobile": p.Mobile, "email": p.Email}
}

// planRow decides what r does to c (nil: no company with its credit code) in mode.
func planRow(mode string, r Record, c *company.Company) plan {
	if c == nil {
		return plan{result: ResultCreated, create: true}
	}
	if c.Status == company.StatusApplicant {
		return plan{result: ResultError, reason: "该单位的入会申请尚在审核中，请在入会审核中处理"}
	}
	if mode == ModeCreate {
		return plan{result: ResultUnchanged, reason: "单位已存在（仅新建模式，未改动）", company: c}
	}
	p := plan{company: c, set: map[string]string{}, old: map[string]string{}, primary: map[string]string{}, finance: map[string]string{}}
	var kept []string
	filled, over := false, false
	decide := func(label, have, want string, put func()) {
		switch {
		case want == "" || want == have:
		case have == "":
			filled = true
			put()
			p.labels = append(p.labels, label)
		case mode == ModeOverride:
			over = true
			put()
			p.labels = append(p.labels, label)
		default:
			kept = append(kept, label)
		}
	}
	cur := current(c)
	for _, col := range companyCols {
		f, _ := FieldByKey(col)
		decide(f.Label, cur[col], r.Values[col], func() { p.set[col], p.old[col] = r.Values[col], cur[col] })
	}
	prim, fin := contacts(c)
	pv := personValues(prim)
	for _, col := range []string{"name", "title", "mobile", "email"} {
		f, _ := FieldByKey("primary_" + col)
		decide(f.Label, pv[col], r.Values["primary_"+col], func() { p.primary[col] = r.Values["primary_"+col] })
	}
	fv := personValues(fin)
	if fin == nil && prim != nil && prim.IsFinance {
		fv = map[string]string{"name": prim.Name, "mobile": prim.Mobile, "email": prim.Email} // the primary contact is also 财务联系人
	}
	for _, col := range []string{"name", "mobile", "email"} {
		f, _ := FieldByKey("finance_" + col)
		decide(f.Label, fv[col], r.Values["finance_"+col], func() { p.finance[col] = r.Values["finance_"+col] })
	}
	if len(p.finance) > 0 && fin == nil {
		p.newFin = true
		if p.finance["name"] == "" {
			p.finance["name"] = fv["name"]
		}
	}
	var notes []string
	if lv := r.Values["level"]; lv != "" && lv != c.Level {
		notes = append(notes, "会员级别与现有不同，未改动（级别只通过会员晋升变更）")
	}
	if len(kept) > 0 {
		notes = append(notes, "与现有资料不同、未覆盖的字段："+strings.Join(kept, "、"))
	}
	switch {
	case over:
		p.result = ResultOverridden
	case filled:
		p.result = ResultFilled
	default:
		p.result = ResultUnchanged
	}
	if len(p.labels) > 0 {
		notes = append([]string{"更新字段：" + strings.Join(p.labels, "、")}, notes...)
	}
	p.reason = strings.Join(notes, "；")
	return p
}

// newCompany is the company a row creates: a member (正常) with the row's level (会员单位
// when empty).
func newCompany(r Record, now time.Time) *company.Company {
	v := r.Values
	c := &company.Company{Name: v["name"], USCC: v["uscc"], LegalRep: v["legal_rep"], Nature: v["nature"], Category: v["category"],
		Province: v["province"], City: v["city"], Address: v["address"], Postcode: v["postcode"], Website: v["website"], Intro: v["intro"],
		MainProducts: v["main_products"], MainMarkets: v["main_markets"], Certifications: v["certifications"],
		Status: company.StatusMember, Level: company.LevelMember, StatusChanged: sql.NullTime{Time: now, Valid: true}}
	if v["level"] != "" {
		c.Level = v["level"]
	}
	ns := func(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
	c.MemberNo, c.RegCapital, c.LastYearSales, c.ExportRatio = ns(v["member_no"]), ns(v["reg_capital"]), ns(v["last_year_sales"]), ns(v["export_ratio"])
	c.JoinedOn, c.FoundedOn = date(v["joined_on"]), date(v["founded_on"])
	if n, err := strconv.ParseInt(v["employees"], 10, 64); err == nil {
		c.Employees = sql.NullInt64{Int64: n, Valid: true}
	}
	return c
}

func date(s string) sql.NullTime {
	t, err := time.Parse("2006-01-02", s)
	return sql.NullTime{Time: t, Valid: err == nil}
}

// newPeople are the people a new company gets: the primary contact, and the finance contact
// (the primary one when the row names none, or the same person).
func newPeople(companyID int64, r Record) []company.Person {
	v := r.Values
	p := company.Person{CompanyID: companyID, Name: v["primary_name"], Title: v["primary_title"], Mobile: v["primary_mobile"],
		Email: v["primary_email"], IsPrimary: true, IsMeeting: true}
	if v["finance_name"] == "" || (v["finance_name"] == p.Name && (v["finance_mobile"] == "" || v["finance_mobile"] == p.Mobile)) {
		p.IsFinance = true
		return []company.Person{p}
	}
	return []company.Person{p, {CompanyID: companyID, Position: 1, Name: v["finance_name"], Mobile: v["finance_mobile"], Email: v["finance_email"], IsFinance: true}}
}
