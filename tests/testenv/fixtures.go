package testenv

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/membership"
)

// Password is the password every fixture account gets.
const Password = "Huadian#2026x"

// CreateAdmin inserts a staff account and returns its username.
func (e *Env) CreateAdmin(t testing.TB) string {
	t.Helper()
	u := &account.User{Username: Name("staff"), Email: Name("staff") + "@cpca.test", Name: "管理员", Role: account.RoleAdmin}
	if err := account.Create(context.Background(), e.DB, u, Password); err != nil {
		t.Fatal(err)
	}
	return u.Username
}

// Company is the form data of a registration.
type Company struct {
	Step1, Step2, Step3, Step4 url.Values
}

// NewCompany returns valid data for all four steps with a fresh credit code and username.
func NewCompany() Company {
	user := Name("co")
	return Company{
		Step1: url.Values{"name": {"测试电路" + user + "有限公司"}, "uscc": {USCC()}, "legal_rep": {"张三"}, "reg_capital": {"1000"},
			"founded_on": {"2010-05-20"}, "nature": {"民营企业"}, "category": {"PCB制造"}, "province": {"广东省"},
			"city": {"深圳市"}, "address": {"南山区科技园1号"}, "postcode": {"518000"}, "website": {"www.example.com"},
			"employees": {"300"}, "intro": {"专业PCB制造"}},
		Step2: url.Values{"main_products": {"HDI板"}, "last_year_sales": {"12000.5"}, "export_ratio": {"30"},
			"main_markets": {"通信"}, "certifications": {"ISO 9001"}},
		Step3: url.Values{"people.0.name": {"李四"}, "people.0.title": {"总经理"}, "people.0.mobile": {"13800138000"},
			"people.0.email": {"lisi@example.com"}, "primary": {"0"}, "finance": {"0"}},
		Step4: url.Values{"username": {user}, "password": {Password}, "confirm": {Password}, "email": {user + "@example.com"},
			"mobile": {"13900139000"}, "consent": {"on"}},
	}
}

// Username is the login chosen in step 4.
func (co Company) Username() string { return co.Step4.Get("username") }

// Register walks the four steps with c and returns the new application's id.
func (e *Env) Register(t testing.TB, c *Client, co Company) int64 {
	t.Helper()
	c.Get("/register")
	c.Get("/register/step/1")
	for i, form := range []url.Values{co.Step1, co.Step2, co.Step3, co.Step4} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("action", "next")
		r := c.Post("/register/step/"+strconv.Itoa(i+1), f)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("register step %d: status %d, errors: %s", i+1, r.Status, r.Doc.Find(".error").Text())
		}
	}
	ctx := context.Background()
	u, err := account.ByUsername(ctx, e.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	a, err := membership.ByCompany(ctx, e.DB, u.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// Approve approves application id as staff through the UI.
func (e *Env) Approve(t testing.TB, staff *Client, id int64) *Resp {
	t.Helper()
	p := "/admin/applications/" + strconv.FormatInt(id, 10)
	staff.Get(p)
	r := staff.Post(p+"/approve", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	return r
}

// Member registers a company, approves it and returns a logged-in client of it.
func (e *Env) Member(t testing.TB) (*Client, Company) {
	t.Helper()
	co := NewCompany()
	c := e.NewClient(t)
	id := e.Register(t, c, co)
	staff := e.NewClient(t)
	staff.Login(e.CreateAdmin(t), Password)
	e.Approve(t, staff, id)
	m := e.NewClient(t)
	m.Login(co.Username(), Password)
	return m, co
}

// Contains reports whether s contains every part.
func Contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
