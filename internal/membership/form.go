package membership

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/calendar"
	"cpca/internal/uscc"
)

// Errors maps a form field name to the message shown next to it.
type Errors map[string]string

// Natures are the choices of 企业性质.
var Natures = []string{"国有企业", "民营企业", "外商独资企业", "中外合资企业", "港澳台资企业", "集体企业", "其他"}

// Categories are the choices of 企业类别.
var Categories = []string{"PCB制造", "覆铜板", "专用设备", "专用材料/化学品", "电子装联", "其他"}

// Provinces are the choices of 省份.
var Provinces = strings.Fields(`北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省
	河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区
	新疆维吾尔自治区 香港特别行政区 澳门特别行政区 台湾省`)

// CompanyInfo is step 1, 公司信息, as typed.
type CompanyInfo struct {
	Name       string `json:"name"`
	USCC       string `json:"uscc"`
	LegalRep   string `json:"legal_rep"`
	RegCapital string `json:"reg_capital"`
	FoundedOn  string `json:"founded_on"`
	Nature     string `json:"nature"`
	Category   string `json:"category"`
	Province   string `json:"province"`
	City       string `json:"city"`
	Address    string `json:"address"`
	Postcode   string `json:"postcode"`
	Website    string `json:"website"`
	Employees  string `json:"employees"`
	Intro      string `json:"intro"`
}

// SalesInfo is step 2, 产品及销售信息.
type SalesInfo struct {
	MainProducts   string `json:"main_products"`
	LastYearSales  string `json:"last_year_sales"`
	ExportRatio    string `json:"export_ratio"`
	MainMarkets    string `json:"main_markets"`
	Certifications string `json:"certifications"`
}

// Person is one row of step 3, 成员信息 (单位成员).
type Person struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Mobile string `json:"mobile"`
	Email  string `json:"email"`
}

// PeopleInfo is step 3: the people, and which row is 主要联系人 and 财务联系人.
type PeopleInfo struct {
	People  []Person `json:"people"`
	Primary int      `json:"primary"`
	Finance int      `json:"finance"`
}

// AccountInfo is step 4, 账号信息 (the password is never stored in the draft).
type AccountInfo struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Mobile   string `json:"mobile"`
	Consent  bool   `json:"consent"`
}

// Draft is the whole application as typed, kept server-side between steps.
type Draft struct {
	Step    int         `json:"step"` // the furthest step reached
	Company CompanyInfo `json:"company"`
	Sales   SalesInfo   `json:"sales"`
	People  PeopleInfo  `json:"people"`
	Account AccountInfo `json:"account"`
}

// Snapshot is what an application revision keeps: the three company steps.
type Snapshot struct {
	Company CompanyInfo `json:"company"`
	Sales   SalesInfo   `json:"sales"`
	People  PeopleInfo  `json:"people"`
}

var (
	mobileRe   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	postcodeRe = regexp.MustCompile(`^\d{6}$`)
	usernameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{3,31}$`)
	moneyRe    = regexp.MustCompile(`^\d{1,12}(\.\d{1,2})?$`)
	websiteRe  = regexp.MustCompile(`^https?://[^\s/$.?#][^\s]*\.[^\s]+$`)
)

func clean(s string) string { return strings.TrimSpace(s) }

func need(e Errors, field, v, label string, max int) {
	switch {
	case v == "":
		e[field] = "请填写" + label
	case utf8.RuneCountInString(v) > max:
		e[field] = label + "最多" + strconv.Itoa(max) + "个字"
	}
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Normalize trims every field and normalises the credit code and the website.
func (c *CompanyInfo) Normalize() {
	c.Name, c.LegalRep, c.RegCapital = clean(c.Name), clean(c.LegalRep), clean(c.RegCapital)
	c.USCC = uscc.Normalize(c.USCC)
	c.FoundedOn, c.Nature, c.Category = clean(c.FoundedOn), clean(c.Nature), clean(c.Category)
	c.Province, c.City, c.Address, c.Postcode = clean(c.Province), clean(c.City), clean(c.Address), clean(c.Postcode)
	c.Website, c.Employees, c.Intro = clean(c.Website), clean(c.Employees), clean(c.Intro)
	if c.Website != "" && !strings.Contains(c.Website, "://") {
		c.Website = "https://" + c.Website
	}
}

// Validate checks step 1; the uniqueness of the credit code is checked by the store.
func (c *CompanyInfo) Validate(now time.Time) Errors {
	c.Normalize()
	e := Errors{}
	need(e, "name", c.Name, "企业名称", 100)
	if _, err := uscc.Validate(c.USCC); c.USCC == "" {
		e["uscc"] = "请填写统一社会信用代码"
	} else if err != nil {
		e["uscc"] = err.Error()
	}
	need(e, "legal_rep", c.LegalRep, "法定代表人", 50)
	if c.RegCapital == "" {
		e["reg_capital"] = "请填写注册资本"
	} else if !moneyRe.MatchString(c.RegCapital) {
		e["reg_capital"] = "注册资本应为不小于0的数字，最多两位小数（单位：万元）"
	}
	if c.FoundedOn == "" {
		e["founded_on"] = "请填写成立日期"
	} else if d, err := time.Parse("2006-01-02", c.FoundedOn); err != nil {
		e["founded_on"] = "成立日期格式应为 年-月-日，如 2008-05-20"
	} else if today := calendar.Today(now); d.After(today) {
		e["founded_on"] = "成立日期不能晚于今天"
	} else if d.Year() < 1900 {
		e["founded_on"] = "成立日期不正确"
	}
	if !oneOf(c.Nature, Natures) {
		e["nature"] = "请选择企业性质"
	}
	if !oneOf(c.Category, Categories) {
		e["category"] = "请选择企业类别"
	}
	if !oneOf(c.Province, Provinces) {
		e["province"] = "请选择省份"
	}
	need(e, "city", c.City, "城市", 30)
	need(e, "address", c.Address, "详细地址", 200)
	if !postcodeRe.MatchString(c.Postcode) {
		e["postcode"] = "邮编应为6位数字"
	}
	if c.Website != "" && (!websiteRe.MatchString(c.Website) || len(c.Website) > 200) {
		e["website"] = "网址格式不正确，如 https://www.example.com"
	}
	if n, err := strconv.Atoi(c.Employees); c.Employees == "" {
		e["employees"] = "请填写员工人数"
	} else if err != nil || n < 1 || n > 10000000 {
		e["employees"] = "员工人数应为正整数"
	}
	if utf8.RuneCountInString(c.Intro) > 2000 {
		e["intro"] = "企业简介最多2000字"
	}
	return e
}

// Validate checks step 2.
func (s *SalesInfo) Validate() Errors {
	s.MainProducts, s.LastYearSales, s.ExportRatio = clean(s.MainProducts), clean(s.LastYearSales), clean(s.ExportRatio)
	s.MainMarkets, s.Certifications = clean(s.MainMarkets), clean(s.Certifications)
	e := Errors{}
	need(e, "main_products", s.MainProducts, "主要产品", 500)
	if s.LastYearSales == "" {
		e["last_year_sales"] = "请填写上年度销售额"
	} else if !moneyRe.MatchString(s.LastYearSales) {
		e["last_year_sales"] = "销售额应为不小于0的数字，最多两位小数（单位：万元）"
	}
	if s.ExportRatio != "" {
		f, err := strconv.ParseFloat(s.ExportRatio, 64)
		if err != nil || f < 0 || f > 100 || !moneyRe.MatchString(s.ExportRatio) {
			e["export_ratio"] = "出口比例应为0到100之间的数字"
		}
	}
	if utf8.RuneCountInString(s.MainMarkets) > 500 {
		e["main_markets"] = "主要市场/客户最多500字"
	}
	if utf8.RuneCountInString(s.Certifications) > 300 {
		e["certifications"] = "体系认证最多300字"
	}
	return e
}

// MaxPeople bounds the rows of step 3.
const MaxPeople = 20

// Validate checks step 3. Field names are people.N.field.
func (p *PeopleInfo) Validate() Errors {
	e := Errors{}
	if len(p.People) == 0 {
		e["people"] = "请至少填写一位联系人"
		return e
	}
	if len(p.People) > MaxPeople {
		e["people"] = "成员最多20人"
	}
	for i := range p.People {
		x := &p.People[i]
		x.Name, x.Title, x.Mobile, x.Email = clean(x.Name), clean(x.Title), clean(x.Mobile), strings.ToLower(clean(x.Email))
		k := "people." + strconv.Itoa(i) + "."
		need(e, k+"name", x.Name, "姓名", 30)
		need(e, k+"title", x.Title, "职务", 30)
		if !mobileRe.MatchString(x.Mobile) {
			e[k+"mobile"] = "请填写11位手机号码"
		}
		if !validEmail(x.Email) {
			e[k+"email"] = "邮箱格式不正确"
		}
	}
	if p.Primary < 0 || p.Primary >= len(p.People) {
		e["primary"] = "请选择主要联系人"
	}
	if p.Finance < 0 || p.Finance >= len(p.People) {
		e["finance"] = "请选择财务联系人"
	}
	return e
}

func validEmail(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// ValidEmail reports whether s is a plain email address.
func ValidEmail(s string) bool { return validEmail(s) }

// ValidMobile reports whether s is an 11-digit mainland mobile number.
func ValidMobile(s string) bool { return mobileRe.MatchString(s) }

// Validate checks step 4 except the password rules and username uniqueness.
func (a *AccountInfo) Validate(password, confirm string) Errors {
	a.Username, a.Email, a.Mobile = clean(a.Username), strings.ToLower(clean(a.Email)), clean(a.Mobile)
	e := Errors{}
	if a.Username == "" {
		e["username"] = "请填写用户名"
	} else if !usernameRe.MatchString(a.Username) {
		e["username"] = "用户名为4-32位，以字母开头，可含字母、数字、下划线、点和连字符"
	}
	if password == "" {
		e["password"] = "请填写密码"
	}
	if confirm != password {
		e["confirm"] = "两次输入的密码不一致"
	}
	if !validEmail(a.Email) {
		e["email"] = "邮箱格式不正确"
	}
	if !mobileRe.MatchString(a.Mobile) {
		e["mobile"] = "请填写11位手机号码"
	}
	if !a.Consent {
		e["consent"] = "请阅读并同意个人信息保护声明"
	}
	return e
}
