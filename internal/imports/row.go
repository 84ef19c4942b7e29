package imports

import (
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/company"
	"cpca/internal/membership"
	"cpca/internal/uscc"
)

// Record is one valid row: every mapped field as its stored text form (dates 2006-01-02,
// numbers without trailing zeros, the level as its key), "" when the cell is empty.
type Record struct {
	Row    int // the file's row number (the header is row 1 in the template)
	Values map[string]string
}

// Levels by their Chinese names (and keys).
var levelByName = map[string]string{}

func init() {
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		levelByName[company.LevelLabel(l)] = l
		levelByName[l] = l
	}
	levelByName["会员"] = company.LevelMember
	levelByName["普通会员"] = company.LevelMember
}

var (
	mobileRe = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	postRe   = regexp.MustCompile(`^[0-9]{6}$`)
)

// maxLen bounds the free-text fields, in characters.
var maxLen = map[string]int{"name": 100, "legal_rep": 30, "city": 30, "address": 200, "website": 200, "intro": 2000,
	"main_products": 500, "main_markets": 200, "certifications": 200, "member_no": 40, "primary_name": 30, "primary_title": 30, "finance_name": 30}

// cell cleans one cell: spaces trimmed, full-width digits and letters made half-width for the
// code-like fields, and the quote the member export puts before = + - @ taken off.
func cell(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// Parse validates one row under the mapping. It returns the record, or the reasons the row
// is refused (all of them, in field order).
func Parse(row int, rec []string, m Mapping) (Record, []string) {
	r := Record{Row: row, Values: map[string]string{}}
	var bad []string
	get := func(k string) string {
		i, ok := m[k]
		if !ok || i < 0 || i >= len(rec) {
			return ""
		}
		return cell(rec[i])
	}
	for _, f := range Fields {
		v := get(f.Key)
		if v == "" {
			if f.Required {
				bad = append(bad, "缺少"+f.Label)
			}
			continue
		}
		nv, err := normal(f.Key, v)
		if err != "" {
			bad = append(bad, f.Label+"："+err)
			continue
		}
		r.Values[f.Key] = nv
	}
	if r.Values["finance_name"] == "" && (r.Values["finance_mobile"] != "" || r.Values["finance_email"] != "") {
		bad = append(bad, "填写了财务联系人手机或邮箱，但缺少财务联系人姓名")
	}
	return r, bad
}

// normal is the stored form of one field's value, or why it is refused.
func normal(key, v string) (string, string) {
	if n, ok := maxLen[key]; ok && utf8.RuneCountInString(v) > n {
		return "", fmt.Sprintf("最多%d个字", n)
	}
	switch key {
	case "uscc":
		code, err := uscc.Validate(v)
		if err != nil {
			return "", strings.TrimPrefix(err.Error(), "统一社会信用代码")
		}
		return code, ""
	case "level":
		if l, ok := levelByName[v]; ok {
			return l, ""
		}
		return "", "应为 会员单位、理事单位、常务理事单位、副理事长单位 或 理事长单位"
	case "joined_on", "founded_on":
		d, ok := parseDate(v)
		if !ok {
			return "", "日期格式应为 2019-05-20"
		}
		return d, ""
	case "reg_capital", "last_year_sales", "export_ratio":
		f, ok := parseNumber(v)
		if !ok || f < 0 || f >= 1e14 || (key == "export_ratio" && f > 100) {
			return "", "应为不小于0的数字" + map[bool]string{true: "（0-100）"}[key == "export_ratio"]
		}
		return strconv.FormatFloat(f, 'f', -1, 64), ""
	case "employees":
		f, ok := parseNumber(v)
		if !ok || f < 0 || f > 10_000_000 || f != float64(int64(f)) {
			return "", "应为整数"
		}
		return strconv.FormatInt(int64(f), 10), ""
	case "primary_mobile", "finance_mobile":
		m := strings.NewReplacer(" ", "", "-", "", "\u00a0", "").Replace(v)
		m = strings.TrimPrefix(strings.TrimPrefix(m, "+86"), "86")
		if !mobileRe.MatchString(m) {
			return "", "手机号应为11位数字"
		}
		return m, ""
	case "primary_email", "finance_email":
		e := strings.ToLower(v)
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || len(e) > 100 || !strings.Contains(e, "@") {
			return "", "邮箱格式不正确"
		}
		return e, ""
	case "postcode":
		if !postRe.MatchString(v) {
			return "", "邮政编码应为6位数字"
		}
	case "province":
		if !oneOf(v, membership.Provinces) {
			return "", "应为省级行政区的全称，例如 广东省"
		}
	case "category":
		if !oneOf(v, membership.Categories) {
			return "", "应为 " + strings.Join(membership.Categories, "、") + " 之一"
		}
	case "nature":
		if !oneOf(v, membership.Natures) {
			return "", "应为 " + strings.Join(membership.Natures, "、") + " 之一"
		}
	case "member_no":
		return strings.ToUpper(v), ""
	}
	return v, ""
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// parseNumber reads 1,200.5 or 1200 (a trailing 万元 or 万 is the unit of the column).
func parseNumber(v string) (float64, bool) {
	v = strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(v, ",", ""), "万元"), "万")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil
}

var dateForms = []string{"2006-01-02", "2006-1-2", "2006/1/2", "2006.1.2", "20060102", "2006年1月2日", "2006-01-02 15:04:05", "2006/1/2 15:04"}

// parseDate reads the usual ways of writing a date, and an Excel date serial number (the raw
// value of a date cell).
func parseDate(v string) (string, bool) {
	for _, f := range dateForms {
		if t, err := time.Parse(f, v); err == nil && t.Year() >= 1900 && t.Year() < 2100 {
			return t.Format("2006-01-02"), true
		}
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 1 && n < 80000 && !strings.Contains(v, "-") {
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(n*24) * time.Hour)
		return t.Format("2006-01-02"), true
	}
	return "", false
}
