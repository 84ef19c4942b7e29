// Package directory tests 通讯录 against the real database and router: what each audience
// sees in the page and the htmx fragment (mobiles masked, contacts only with consent), a
// search for a mobile number, a company tightening and hiding its entry, a looser or locked
// choice refused, and 会员部's defaults.
package directory

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/directory"
	"cpca/internal/people"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "directory", &env) }

var by = audit.Actor{Name: "test"}

func ctx() context.Context { return context.Background() }

func companyOf(t *testing.T, co testenv.Company) int64 {
	t.Helper()
	var id int64
	if err := env.DB.NewRaw(`SELECT company_id FROM users WHERE username = ?`, co.Username()).Scan(ctx(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// target is a member company with two people: 王芳 (consent given, 13712345678) and the
// registration's 李四 (13800138000, no consent).
type target struct {
	Client *testenv.Client
	ID     int64
	Name   string
}

func newTarget(t *testing.T) target {
	t.Helper()
	c, co := env.Member(t)
	id := companyOf(t, co)
	p, fe, err := people.Add(ctx(), env.DB, id, people.Form{Name: "王芳", Title: "销售经理", Mobile: "13712345678", Email: "wf@example.cn"}, by)
	if err != nil || len(fe) > 0 {
		t.Fatal(err, fe)
	}
	if _, err := people.Consent(ctx(), env.DB, id, p.ID, true, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	return target{Client: c, ID: id, Name: co.Step1.Get("name")}
}

// viewers returns a plain member, a council member and their names.
func council(t *testing.T) *testenv.Client {
	t.Helper()
	c, co := env.Member(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = ?`, companyOf(t, co)).Exec(ctx()); err != nil {
		t.Fatal(err)
	}
	return c
}

// list is the result list of a directory answer (the page echoes the query in its form).
func list(r *testenv.Resp) string {
	h, _ := r.Doc.Find("#directory").Html()
	return h
}

func search(c *testenv.Client, q string, htmx bool) *testenv.Resp {
	p := "/directory?q=" + url.QueryEscape(q)
	if htmx {
		return c.GetHTMX(p)
	}
	return c.Get(p)
}

// Each audience in the page and in the fragment: a plain member sees 王芳 with her mobile
// masked (default: mobiles for council only) and never 李四, who gave no consent; a council
// member sees her number in full. The full number is in no member's response at all.
func TestMaskingPerAudience(t *testing.T) {
	tg := newTarget(t)
	m, _ := env.Member(t)
	cn := council(t)
	frag := tg.Name[len("测试电路"):][:6] // a fragment of the name
	for _, htmx := range []bool{false, true} {
		r := search(m, frag, htmx)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, tg.Name) {
			t.Fatalf("member search (htmx=%v): %d, found=%v", htmx, r.Status, strings.Contains(r.Body, tg.Name))
		}
		if htmx && !strings.HasPrefix(strings.TrimSpace(r.Body), `<div id="directory">`) {
			t.Errorf("the htmx answer is not the fragment: %.60s", r.Body)
		}
		if !strings.Contains(r.Body, "137****5678") || strings.Contains(r.Body, "13712345678") {
			t.Errorf("member (htmx=%v): the consenting person's mobile is not masked", htmx)
		}
		if l := list(r); strings.Contains(l, "李四") || strings.Contains(r.Body, "13800138000") || strings.Contains(l, "138****8000") {
			t.Errorf("member (htmx=%v): a person without consent is shown", htmx)
		}
		if strings.Contains(list(r), "/reveal") {
			t.Errorf("member (htmx=%v): a 显示 is offered for a mobile the member may not see", htmx)
		}
		// A council member sees it masked too, with 显示.
		r = search(cn, frag, htmx)
		if l := list(r); strings.Contains(l, "13712345678") || !strings.Contains(l, "137****5678") || !strings.Contains(l, "/reveal") || strings.Contains(l, "李四") {
			t.Errorf("council (htmx=%v): full=%v masked=%v reveal=%v non-consenting=%v", htmx,
				strings.Contains(l, "13712345678"), strings.Contains(l, "137****5678"), strings.Contains(l, "/reveal"), strings.Contains(l, "李四"))
		}
	}
	var pid int64
	if err := env.DB.NewRaw(`SELECT id FROM company_people WHERE company_id = ? AND name = '王芳'`, tg.ID).Scan(ctx(), &pid); err != nil {
		t.Fatal(err)
	}
	reveal := "/directory/people/" + strconv.FormatInt(pid, 10) + "/reveal"
	// 显示: council gets the number, logged; a plain member is refused (not found).
	if r := cn.PostHTMX(reveal, nil); r.Status != http.StatusOK || !strings.Contains(r.Body, "13712345678") {
		t.Fatalf("council reveal: %d %.80s", r.Status, r.Body)
	}
	var n int
	if err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'directory.reveal' AND object_id = ?`, strconv.FormatInt(pid, 10)).Scan(ctx(), &n); err != nil || n != 1 {
		t.Errorf("reveal audit entries: %d %v", n, err)
	}
	if r := m.PostHTMX(reveal, nil); r.Status != http.StatusNotFound || strings.Contains(r.Body, "13712345678") {
		t.Errorf("member reveal: %d, want 404 without the number", r.Status)
	}
	// 李四 (no consent) can not be revealed by anyone.
	var lid int64
	if err := env.DB.NewRaw(`SELECT id FROM company_people WHERE company_id = ? AND name = '李四'`, tg.ID).Scan(ctx(), &lid); err != nil {
		t.Fatal(err)
	}
	if r := cn.PostHTMX("/directory/people/"+strconv.FormatInt(lid, 10)+"/reveal", nil); r.Status != http.StatusNotFound {
		t.Errorf("reveal of a person without consent: %d", r.Status)
	}
	// Withdrawal takes effect at once.
	if _, err := people.Consent(ctx(), env.DB, tg.ID, pid, false, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := search(cn, frag, false); strings.Contains(r.Body, "王芳") {
		t.Error("a withdrawn consent still shows the person")
	}
	if r := cn.PostHTMX(reveal, nil); r.Status != http.StatusNotFound {
		t.Errorf("reveal after withdrawal: %d", r.Status)
	}
}

// A member searching for someone's mobile number finds nothing and sees no number.
func TestSearchByMobileIsMasked(t *testing.T) {
	newTarget(t)
	m, _ := env.Member(t)
	for _, q := range []string{"13712345678", "1371234"} {
		r := search(m, q, false)
		if r.Status != http.StatusOK || strings.Contains(list(r), "1371234") || strings.Contains(r.Body, "王芳") {
			t.Errorf("search %s: %d, leaks the number or the person", q, r.Status)
		}
	}
	r := m.Get("/directory?product=" + url.QueryEscape("13712345678"))
	if strings.Contains(list(r), "13712345678") {
		t.Error("product search leaks the number")
	}
}

// A company may only tighten its own fields; a looser choice and a locked field are refused;
// hidden, it is found by nobody; its preview shows each audience's view.
func TestSettingsTightenAndHide(t *testing.T) {
	tg := newTarget(t)
	m, _ := env.Member(t)
	frag := tg.Name[len("测试电路"):][:6]
	tg.Client.Get("/directory/settings")
	// Looser than the default (mobile: council) is refused.
	r := tg.Client.Post("/directory/settings", url.Values{"f_mobile": {directory.Members}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("looser: %d", r.Status)
	}
	if s, _ := directory.Own(ctx(), env.DB, tg.ID); s.Fields[directory.FieldMobile] != "" {
		t.Fatalf("a looser mobile setting was stored: %v", s.Fields)
	}
	// Tighten contacts to council: a plain member no longer sees 王芳, nor the address.
	r = tg.Client.Post("/directory/settings", url.Values{"f_contacts": {directory.Council}, "f_address": {directory.Staff}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("tighten: %d", r.Status)
	}
	body := search(m, frag, true).Body
	if strings.Contains(body, "王芳") || strings.Contains(body, "137****5678") || strings.Contains(body, "南山区科技园1号") {
		t.Error("tightened fields still shown to a plain member")
	}
	pv := tg.Client.Get("/directory/settings")
	if !strings.Contains(pv.Body, "他人看到的本单位信息") || !strings.Contains(pv.Body, "13712345678") || !strings.Contains(pv.Body, "南山区科技园1号") {
		t.Error("the preview does not show the staff view")
	}
	// Locked by 会员部: the company's choice is refused.
	if err := directory.SetDefaults(ctx(), env.DB, []directory.Default{{Field: directory.FieldWebsite, Audience: directory.Members, Locked: true}}, by); err != nil {
		t.Fatal(err)
	}
	if err := directory.Save(ctx(), env.DB, tg.ID, false, map[string]string{directory.FieldWebsite: directory.Staff}, by); err == nil {
		t.Error("a locked field was changed by the company")
	}
	if err := directory.SetDefaults(ctx(), env.DB, []directory.Default{{Field: directory.FieldWebsite, Audience: directory.Members}}, by); err != nil {
		t.Fatal(err)
	}
	// Hidden: not found.
	if r := tg.Client.Post("/directory/settings", url.Values{"hidden": {"on"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hide: %d", r.Status)
	}
	if body := search(m, frag, false).Body; strings.Contains(body, tg.Name) {
		t.Error("a hidden company is listed")
	}
	var n int
	if err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'directory.settings' AND object_id = ?`, strconv.FormatInt(tg.ID, 10)).Scan(ctx(), &n); err != nil || n < 2 {
		t.Errorf("settings audit entries: %d %v", n, err)
	}
}

// Products hidden from members are not searchable by them, so a search can not reveal them.
func TestProductSearchRespectsVisibility(t *testing.T) {
	tg := newTarget(t)
	m, _ := env.Member(t)
	if err := directory.Save(ctx(), env.DB, tg.ID, false, map[string]string{directory.FieldProducts: directory.Council}, by); err != nil {
		t.Fatal(err)
	}
	if body := m.Get("/directory?product=" + url.QueryEscape("HDI")).Body; strings.Contains(body, tg.Name) {
		t.Error("a member found a company by products it hides from members")
	}
	if body := council(t).Get("/directory?product=" + url.QueryEscape("HDI")).Body; !strings.Contains(body, tg.Name) {
		t.Error("council does not find it by products")
	}
}

// 会员部 sets defaults through the page; an unknown audience is refused.
func TestStaffDefaults(t *testing.T) {
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "membership"), testenv.Password)
	if r := s.Get("/admin/directory"); r.Status != http.StatusOK {
		t.Fatalf("admin page: %d", r.Status)
	}
	form := url.Values{}
	for _, f := range directory.Fields {
		form.Set("a_"+f, directory.Members)
	}
	form.Set("a_mobile", directory.Staff)
	form.Set("l_mobile", "on")
	if r := s.Post("/admin/directory", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save defaults: %d", r.Status)
	}
	d, _ := directory.Defaults(ctx(), env.DB)
	if d[directory.FieldMobile].Audience != directory.Staff || !d[directory.FieldMobile].Locked {
		t.Errorf("mobile default: %+v", d[directory.FieldMobile])
	}
	form.Set("a_email", "everyone")
	if r := s.Post("/admin/directory", form); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("unknown audience: %d, want 422", r.Status)
	}
	// restore for the other tests
	form.Set("a_email", directory.Members)
	form.Set("a_mobile", directory.Council)
	form.Del("l_mobile")
	s.Post("/admin/directory", form)
}

// 显示 is limited per user: past the limit the answer is 429 and no number.
func TestRevealRateLimited(t *testing.T) {
	tg := newTarget(t)
	cn := council(t)
	var pid int64
	if err := env.DB.NewRaw(`SELECT id FROM company_people WHERE company_id = ? AND name = '王芳'`, tg.ID).Scan(ctx(), &pid); err != nil {
		t.Fatal(err)
	}
	saved := directory.RevealLimit
	directory.RevealLimit.Limit = 2
	defer func() { directory.RevealLimit = saved }()
	reveal := "/directory/people/" + strconv.FormatInt(pid, 10) + "/reveal"
	cn.Get("/directory")
	for i := 0; i < 2; i++ {
		if r := cn.PostHTMX(reveal, nil); r.Status != http.StatusOK {
			t.Fatalf("reveal %d: %d", i, r.Status)
		}
	}
	if r := cn.PostHTMX(reveal, nil); r.Status != http.StatusTooManyRequests || strings.Contains(r.Body, "13712345678") {
		t.Errorf("third reveal: %d, want 429", r.Status)
	}
}
