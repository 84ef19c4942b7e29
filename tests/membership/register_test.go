package membership

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/membership"
	"cpca/tests/testenv"
)

// Step 1 (公司信息): each bad input gets its Chinese message next to the field, 422, the
// typed values stay in the form, and step 2 stays out of reach.
func TestStep1Validation(t *testing.T) {
	future := time.Now().In(calendar.Zone).AddDate(0, 0, 3).Format("2006-01-02")
	cases := []struct {
		name, field, value, want string
	}{
		{"bad check digit", "uscc", "91350100M000100Y44", "校验位不正确"},
		{"USCC with I", "uscc", "91350100M000100I43", "无效字符"},
		{"USCC with O", "uscc", "91350100MO00100Y43", "无效字符"},
		{"USCC with S", "uscc", "91350100M0S0100Y43", "无效字符"},
		{"USCC with V", "uscc", "913501V0M000100Y43", "无效字符"},
		{"USCC with Z", "uscc", "91350100M000100Y4Z", "无效字符"},
		{"USCC too short", "uscc", "91350100M000100Y4", "应为18位"},
		{"empty name", "name", "", "请填写企业名称"},
		{"bad postcode 5 digits", "postcode", "51800", "邮编应为6位数字"},
		{"bad postcode letters", "postcode", "5180AB", "邮编应为6位数字"},
		{"future founded_on", "founded_on", future, "成立日期不能晚于今天"},
		{"bad founded_on", "founded_on", "2010/05/20", "成立日期格式应为"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			co := testenv.NewCompany()
			c := env.NewClient(t)
			c.Get("/register/step/1")
			r := step(c, 1, with(co.Step1, tc.field, tc.value), "next")
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if got := r.FieldError(tc.field); !strings.Contains(got, tc.want) {
				t.Fatalf("error next to %s = %q, want it to contain %q", tc.field, got, tc.want)
			}
			if got := val(r, tc.field); got != tc.value {
				t.Errorf("%s re-rendered as %q, want the typed %q", tc.field, got, tc.value)
			}
			// The other fields keep what was typed too.
			for _, f := range []string{"legal_rep", "address", "city", "employees", "reg_capital"} {
				if got := val(r, f); got != co.Step1.Get(f) {
					t.Errorf("%s re-rendered as %q, want %q", f, got, co.Step1.Get(f))
				}
			}
			if tc.field != "name" && val(r, "name") != co.Step1.Get("name") {
				t.Errorf("name re-rendered as %q", val(r, "name"))
			}
			if got := val(r, "province"); got != "广东省" {
				t.Errorf("province select shows %q, want 广东省", got)
			}
			if got := strings.TrimSpace(val(r, "intro")); got != co.Step1.Get("intro") {
				t.Errorf("intro textarea shows %q", got)
			}
			// Only the bad field is marked.
			if e := r.FieldError("legal_rep"); e != "" {
				t.Errorf("unexpected error on legal_rep: %q", e)
			}
			// The step is not passed: step 2 can not be reached.
			if r2 := c.Get("/register/step/2"); r2.Status != http.StatusSeeOther || r2.Location() != "/register/step/1" {
				t.Fatalf("step 2 after failed step 1: %d %q", r2.Status, r2.Location())
			}
		})
	}
}

// Step 2 (产品及销售信息): negative and non-numeric sales, export ratio above 100.
func TestStep2Validation(t *testing.T) {
	cases := []struct {
		name, field, value, want string
	}{
		{"negative sales", "last_year_sales", "-100", "销售额应为不小于0的数字"},
		{"non-numeric sales", "last_year_sales", "一千万", "销售额应为不小于0的数字"},
		{"sales with letters", "last_year_sales", "12abc", "销售额应为不小于0的数字"},
		{"empty sales", "last_year_sales", "", "请填写上年度销售额"},
		{"export ratio above 100", "export_ratio", "150", "出口比例应为0到100之间的数字"},
		{"negative export ratio", "export_ratio", "-1", "出口比例应为0到100之间的数字"},
		{"empty products", "main_products", "", "请填写主要产品"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			co := testenv.NewCompany()
			c := env.NewClient(t)
			walk(t, c, co, 1)
			r := step(c, 2, with(co.Step2, tc.field, tc.value), "next")
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if got := r.FieldError(tc.field); !strings.Contains(got, tc.want) {
				t.Fatalf("error next to %s = %q, want %q", tc.field, got, tc.want)
			}
			if got := strings.TrimSpace(val(r, tc.field)); got != tc.value {
				t.Errorf("%s re-rendered as %q, want %q", tc.field, got, tc.value)
			}
			if got := val(r, "certifications"); got != co.Step2.Get("certifications") {
				t.Errorf("certifications re-rendered as %q", got)
			}
			if tc.field != "main_products" && strings.TrimSpace(val(r, "main_products")) != co.Step2.Get("main_products") {
				t.Errorf("main_products re-rendered as %q", val(r, "main_products"))
			}
			if r2 := c.Get("/register/step/3"); r2.Status != http.StatusSeeOther || r2.Location() != "/register/step/2" {
				t.Fatalf("step 3 after failed step 2: %d %q", r2.Status, r2.Location())
			}
		})
	}
}

// Step 3 (成员信息): no person, a bad mobile or email in row N, no 主要联系人.
func TestStep3Validation(t *testing.T) {
	co := testenv.NewCompany()
	c := env.NewClient(t)
	walk(t, c, co, 2)
	two := with(co.Step3, "people.1.name", "王五", "people.1.title", "财务经理", "people.1.mobile", "13700137000",
		"people.1.email", "wangwu@example.com", "finance", "1")

	t.Run("no person", func(t *testing.T) {
		r := step(c, 3, url.Values{"primary": {"0"}, "finance": {"0"}}, "next")
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		if !strings.Contains(errorsText(r), "请至少填写一位联系人") {
			t.Fatalf("errors: %q", errorsText(r))
		}
	})
	t.Run("bad mobile in row 1", func(t *testing.T) {
		r := step(c, 3, with(two, "people.1.mobile", "1370013700"), "next")
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		if got := r.FieldError("people.1.mobile"); got != "请填写11位手机号码" {
			t.Fatalf("error next to people.1.mobile = %q", got)
		}
		if got := r.FieldError("people.0.mobile"); got != "" {
			t.Errorf("row 0 mobile marked: %q", got)
		}
		if val(r, "people.1.mobile") != "1370013700" || val(r, "people.1.name") != "王五" || val(r, "people.0.name") != "李四" {
			t.Errorf("typed rows not kept: %v %q", peopleNames(r), val(r, "people.1.mobile"))
		}
		if checked(r, "finance") != "1" || checked(r, "primary") != "0" {
			t.Errorf("marks not kept: primary %q finance %q", checked(r, "primary"), checked(r, "finance"))
		}
	})
	t.Run("bad email in row 1", func(t *testing.T) {
		r := step(c, 3, with(two, "people.1.email", "wangwu@"), "next")
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		if got := r.FieldError("people.1.email"); got != "邮箱格式不正确" {
			t.Fatalf("error next to people.1.email = %q", got)
		}
		if got := r.FieldError("people.0.email"); got != "" {
			t.Errorf("row 0 email marked: %q", got)
		}
		if val(r, "people.1.email") != "wangwu@" {
			t.Errorf("typed email not kept: %q", val(r, "people.1.email"))
		}
	})
	t.Run("no primary contact", func(t *testing.T) {
		f := clone(two)
		f.Del("primary")
		r := step(c, 3, f, "next")
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		if !strings.Contains(errorsText(r), "请选择主要联系人") {
			t.Fatalf("errors: %q", errorsText(r))
		}
		if len(peopleNames(r)) != 2 {
			t.Errorf("rows: %v", peopleNames(r))
		}
	})
	if r := c.Get("/register/step/4"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/3" {
		t.Fatalf("step 4 after failed step 3: %d %q", r.Status, r.Location())
	}
	if r := step(c, 3, two, "next"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/4" {
		t.Fatalf("valid step 3: %d %q %s", r.Status, r.Location(), errorsText(r))
	}
}

// Step 4 (账号信息): password rules, confirm, consent, username format; nothing is created.
func TestStep4Validation(t *testing.T) {
	cases := []struct {
		name  string
		kv    []string
		field string
		want  string
	}{
		{"password too short", []string{"password", "Ab1x", "confirm", "Ab1x"}, "password", "密码至少8位"},
		{"common password", []string{"password", "password123", "confirm", "password123"}, "password", "密码过于常见"},
		{"password from the common list", []string{"password", "qwerty123", "confirm", "qwerty123"}, "password", "密码过于常见"},
		{"password too long", []string{"password", strings.Repeat("电路", 129), "confirm", strings.Repeat("电路", 129)}, "password", "密码最多256个字符"},
		{"confirm mismatch", []string{"confirm", testenv.Password + "y"}, "confirm", "两次输入的密码不一致"},
		{"consent unticked", []string{"consent", ""}, "consent", "请阅读并同意个人信息保护声明"},
		{"username starts with digit", []string{"username", "1abcdef"}, "username", "用户名为4-32位"},
		{"username too short", []string{"username", "ab"}, "username", "用户名为4-32位"},
		{"username with Chinese", []string{"username", "abc用户"}, "username", "用户名为4-32位"},
		{"bad email", []string{"email", "not-an-email"}, "email", "邮箱格式不正确"},
		{"bad mobile", []string{"mobile", "23900139000"}, "mobile", "请填写11位手机号码"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			co := testenv.NewCompany()
			c := env.NewClient(t)
			walk(t, c, co, 3)
			f := with(co.Step4, tc.kv...)
			if f.Get("consent") == "" {
				f.Del("consent")
			}
			r := step(c, 4, f, "next")
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if got := r.FieldError(tc.field); !strings.Contains(got, tc.want) {
				t.Fatalf("error next to %s = %q, want %q", tc.field, got, tc.want)
			}
			// Typed values are kept, passwords never echoed.
			for _, k := range []string{"username", "email", "mobile"} {
				if got, want := val(r, k), f.Get(k); got != want {
					t.Errorf("%s re-rendered as %q, want %q", k, got, want)
				}
			}
			if v := val(r, "password") + val(r, "confirm"); v != "" {
				t.Errorf("password echoed back: %q", v)
			}
			if tc.field != "consent" && r.Doc.Find(`input[name="consent"][checked]`).Length() != 1 {
				t.Errorf("consent tick not kept")
			}
			if n := count(t, "SELECT count(*) FROM users WHERE lower(username) = lower(?)", f.Get("username")); n != 0 {
				t.Fatalf("a user was created despite the error")
			}
			if n := count(t, "SELECT count(*) FROM companies WHERE uscc = ?", co.Step1.Get("uscc")); n != 0 {
				t.Fatalf("a company was created despite the error")
			}
		})
	}
}

// The draft lives server-side across requests; 上一步 keeps unchecked input; steps can not
// be skipped; another browser starts empty.
func TestDraftKeptAcrossSteps(t *testing.T) {
	co := testenv.NewCompany()
	c := env.NewClient(t)
	walk(t, c, co, 2)

	r := c.Get("/register/step/1")
	if r.Status != 200 {
		t.Fatalf("step 1: %d", r.Status)
	}
	for _, f := range []string{"name", "uscc", "legal_rep", "address", "postcode", "founded_on"} {
		if got := val(r, f); got != co.Step1.Get(f) {
			t.Errorf("step 1 %s = %q, want %q", f, got, co.Step1.Get(f))
		}
	}
	if val(r, "nature") != "民营企业" || val(r, "category") != "PCB制造" {
		t.Errorf("selects not kept: %q %q", val(r, "nature"), val(r, "category"))
	}
	r = c.Get("/register/step/2")
	if strings.TrimSpace(val(r, "main_products")) != "HDI板" || val(r, "last_year_sales") != "12000.5" || val(r, "export_ratio") != "30" {
		t.Errorf("step 2 not kept: %q %q %q", val(r, "main_products"), val(r, "last_year_sales"), val(r, "export_ratio"))
	}
	// Step 3 has been reached: its link is in the step bar, step 4 is not.
	if r = c.Get("/register/step/3"); r.Status != 200 {
		t.Fatalf("step 3 reached: %d", r.Status)
	}
	if r = c.Get("/register/step/4"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/3" {
		t.Fatalf("step 4 skipped to: %d %q", r.Status, r.Location())
	}
	if r = step(c, 4, co.Step4, "next"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/3" {
		t.Fatalf("posting step 4 early: %d %q", r.Status, r.Location())
	}
	if n := count(t, "SELECT count(*) FROM users WHERE username = ?", co.Username()); n != 0 {
		t.Fatal("posting step 4 early created a user")
	}

	// 上一步 from step 2 with an invalid value: no check, the value is kept.
	r = step(c, 2, with(co.Step2, "last_year_sales", "abc", "main_products", "柔性板"), "back")
	if r.Status != http.StatusSeeOther || r.Location() != "/register/step/1" {
		t.Fatalf("back: %d %q", r.Status, r.Location())
	}
	r = c.Get("/register/step/2")
	if r.Status != 200 || val(r, "last_year_sales") != "abc" || strings.TrimSpace(val(r, "main_products")) != "柔性板" {
		t.Fatalf("back did not keep typed values: %d %q %q", r.Status, val(r, "last_year_sales"), val(r, "main_products"))
	}
	if r.FieldError("last_year_sales") != "" {
		t.Errorf("GET shows an error: %q", r.FieldError("last_year_sales"))
	}
	// 上一步 from step 3 keeps the rows typed there.
	r = step(c, 3, with(co.Step3, "people.0.name", "赵六"), "back")
	if r.Status != http.StatusSeeOther || r.Location() != "/register/step/2" {
		t.Fatalf("back from 3: %d %q", r.Status, r.Location())
	}
	if r = c.Get("/register/step/3"); val(r, "people.0.name") != "赵六" {
		t.Fatalf("step 3 row not kept: %q", val(r, "people.0.name"))
	}
	// A step can not be skipped in a fresh session.
	fresh := env.NewClient(t)
	if r = fresh.Get("/register/step/3"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/1" {
		t.Fatalf("fresh session step 3: %d %q", r.Status, r.Location())
	}
	if r = fresh.Get("/register"); r.Status != http.StatusSeeOther || r.Location() != "/register/step/1" {
		t.Fatalf("fresh /register: %d %q", r.Status, r.Location())
	}
	// ... and starts empty.
	r = fresh.Get("/register/step/1")
	if r.Status != 200 || val(r, "name") != "" || val(r, "uscc") != "" {
		t.Fatalf("fresh session shows another draft: %q %q", val(r, "name"), val(r, "uscc"))
	}
	// The first browser's /register resumes at the furthest step.
	if r = c.Get("/register"); r.Location() != "/register/step/3" {
		t.Fatalf("/register resumes at %q", r.Location())
	}
}

// Back from step 4 keeps username, email, mobile and consent.
func TestStep4BackKeepsAccount(t *testing.T) {
	co := testenv.NewCompany()
	c := env.NewClient(t)
	walk(t, c, co, 3)
	f := with(co.Step4, "username", "9bad", "password", "x")
	r := step(c, 4, f, "back")
	if r.Status != http.StatusSeeOther || r.Location() != "/register/step/3" {
		t.Fatalf("back: %d %q", r.Status, r.Location())
	}
	r = c.Get("/register/step/4")
	if val(r, "username") != "9bad" || val(r, "email") != co.Step4.Get("email") || val(r, "mobile") != co.Step4.Get("mobile") {
		t.Fatalf("step 4 not kept: %q %q %q", val(r, "username"), val(r, "email"), val(r, "mobile"))
	}
	if r.Doc.Find(`input[name="consent"][checked]`).Length() != 1 {
		t.Errorf("consent not kept")
	}
	if val(r, "password") != "" {
		t.Errorf("password kept in the draft")
	}
}

// Step 3 rows: add and remove, with and without htmx; the contact marks follow the people.
func TestStep3Rows(t *testing.T) {
	co := testenv.NewCompany()
	c := env.NewClient(t)
	walk(t, c, co, 2)
	c.Get("/register/step/3")

	r := step(c, 3, co.Step3, "add")
	if r.Status != 200 {
		t.Fatalf("add: %d", r.Status)
	}
	if got := peopleNames(r); len(got) != 2 || got[0] != "李四" || got[1] != "" {
		t.Fatalf("after add: %v", got)
	}
	if r.Doc.Find("html").Length() == 0 || !strings.Contains(r.Body, "<html") {
		t.Errorf("plain post should return the full page")
	}

	// htmx: only the fragment comes back.
	f := with(co.Step3, "people.1.name", "王五", "people.1.title", "财务经理", "people.1.mobile", "13700137000",
		"people.1.email", "wangwu@example.com", "action", "add")
	r = c.PostHTMX("/register/step/3", f)
	if r.Status != 200 {
		t.Fatalf("htmx add: %d", r.Status)
	}
	if strings.Contains(strings.ToLower(r.Body), "<html") || r.Doc.Find("#register-form").Length() != 1 {
		t.Fatalf("htmx add did not return only #register-form: %.300s", r.Body)
	}
	if got := peopleNames(r); len(got) != 3 || got[1] != "王五" {
		t.Fatalf("after htmx add: %v", got)
	}

	// Three people: 李四, 王五 (finance), 钱七 (primary). Remove 李四 (row 0) via htmx.
	three := with(f, "people.2.name", "钱七", "people.2.title", "董事长", "people.2.mobile", "13600136000",
		"people.2.email", "qianqi@example.com", "primary", "2", "finance", "1", "action", "remove:0")
	r = c.PostHTMX("/register/step/3", three)
	if r.Status != 200 || strings.Contains(r.Body, "<html") {
		t.Fatalf("htmx remove: %d", r.Status)
	}
	if got := peopleNames(r); len(got) != 2 || got[0] != "王五" || got[1] != "钱七" {
		t.Fatalf("after remove:0: %v", got)
	}
	if checked(r, "primary") != "1" || checked(r, "finance") != "0" {
		t.Fatalf("marks did not follow the people: primary %q finance %q", checked(r, "primary"), checked(r, "finance"))
	}
	if val(r, "people.1.mobile") != "13600136000" {
		t.Errorf("row 1 mobile %q", val(r, "people.1.mobile"))
	}

	// The draft holds the same rows.
	g := c.Get("/register/step/3")
	if got := peopleNames(g); len(got) != 2 || got[0] != "王五" || checked(g, "primary") != "1" || checked(g, "finance") != "0" {
		t.Fatalf("draft after remove: %v primary %q finance %q", got, checked(g, "primary"), checked(g, "finance"))
	}

	// Plain post: remove:1 (钱七, the primary contact): the mark goes with him.
	two := url.Values{"people.0.name": {"王五"}, "people.0.title": {"财务经理"}, "people.0.mobile": {"13700137000"},
		"people.0.email": {"wangwu@example.com"}, "people.1.name": {"钱七"}, "people.1.title": {"董事长"},
		"people.1.mobile": {"13600136000"}, "people.1.email": {"qianqi@example.com"}, "primary": {"1"}, "finance": {"0"}}
	r = step(c, 3, two, "remove:1")
	if r.Status != 200 {
		t.Fatalf("remove:1: %d", r.Status)
	}
	if got := peopleNames(r); len(got) != 1 || got[0] != "王五" {
		t.Fatalf("after remove:1: %v", got)
	}
	if checked(r, "primary") != "" || checked(r, "finance") != "0" {
		t.Fatalf("marks after removing the primary: primary %q finance %q", checked(r, "primary"), checked(r, "finance"))
	}
	// The last row can not be removed.
	r = step(c, 3, url.Values{"people.0.name": {"王五"}, "finance": {"0"}}, "remove:0")
	if got := peopleNames(r); len(got) != 1 {
		t.Fatalf("last row removed: %v", got)
	}
	// Removing rows never validates.
	if r.Status != 200 || r.FieldError("people.0.mobile") != "" {
		t.Errorf("remove validated the rows: %d %q", r.Status, r.FieldError("people.0.mobile"))
	}
}

// The same credit code can not apply twice: pending application, approved member, and typed
// in lower case or full width.
func TestDuplicateUSCC(t *testing.T) {
	pending := testenv.NewCompany()
	env.Register(t, env.NewClient(t), pending)
	_, member := env.Member(t)

	for _, tc := range []struct{ name, code string }{
		{"pending application", pending.Step1.Get("uscc")},
		{"approved member", member.Step1.Get("uscc")},
		{"lower case", strings.ToLower(pending.Step1.Get("uscc"))},
		{"full width", fullWidth(pending.Step1.Get("uscc"))},
		{"full width lower case with spaces", " " + fullWidth(strings.ToLower(member.Step1.Get("uscc"))) + "　"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			co := testenv.NewCompany()
			c := env.NewClient(t)
			c.Get("/register/step/1")
			r := step(c, 1, with(co.Step1, "uscc", tc.code), "next")
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if got := r.FieldError("uscc"); got != membership.ErrUSCCTaken.Error() {
				t.Fatalf("error next to uscc = %q", got)
			}
			if r2 := c.Get("/register/step/2"); r2.Location() != "/register/step/1" {
				t.Fatalf("step 2 reachable after a duplicate code: %d %q", r2.Status, r2.Location())
			}
		})
	}
}

// A username in use (in any case) is refused at step 4.
func TestUsernameTaken(t *testing.T) {
	first := testenv.NewCompany()
	env.Register(t, env.NewClient(t), first)

	co := testenv.NewCompany()
	c := env.NewClient(t)
	walk(t, c, co, 3)
	taken := strings.ToUpper(first.Username())
	r := step(c, 4, with(co.Step4, "username", taken), "next")
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Status)
	}
	if got := r.FieldError("username"); got != account.ErrUsernameTaken.Error() {
		t.Fatalf("error next to username = %q", got)
	}
	if val(r, "username") != taken {
		t.Errorf("username not kept: %q", val(r, "username"))
	}
	if n := count(t, "SELECT count(*) FROM companies WHERE uscc = ?", co.Step1.Get("uscc")); n != 0 {
		t.Fatal("company created with a taken username")
	}
	// With a free name the same draft goes through.
	if r = step(c, 4, co.Step4, "next"); r.Status != http.StatusSeeOther || r.Location() != "/register/done" {
		t.Fatalf("retry: %d %q %s", r.Status, r.Location(), errorsText(r))
	}
}

// Submitting creates the application, the 入会申请提交成功 email (with the paper documents
// and the address) and shows the application id.
func TestSubmitEmailAndDonePage(t *testing.T) {
	co := testenv.NewCompany()
	c := env.NewClient(t)
	id := env.Register(t, c, co)

	r := c.Get("/register/done")
	if r.Status != 200 {
		t.Fatalf("done: %d", r.Status)
	}
	if !testenv.Contains(r.Body, "入会申请提交成功", "申请编号 <b>"+strconv.FormatInt(id, 10)+"</b>", co.Step4.Get("email"), env.Cfg.PaperAddress) {
		t.Fatalf("done page lacks id/email: %s", r.Body)
	}
	for _, d := range membership.PaperDocuments {
		if !strings.Contains(r.Body, d) {
			t.Errorf("done page lacks document %q", d)
		}
	}

	var subject, body, kind string
	scan(t, "SELECT subject, body, kind FROM emails WHERE to_addr = ? AND subject LIKE '%入会申请提交成功%'",
		[]any{co.Step4.Get("email")}, &subject, &body, &kind)
	if kind != "application_submitted" {
		t.Errorf("kind %q", kind)
	}
	if !testenv.Contains(body, env.Cfg.PaperAddress, co.Username(), co.Step1.Get("name"), "申请编号 "+strconv.FormatInt(id, 10)) {
		t.Errorf("email body lacks address/username/id: %s", body)
	}
	for _, d := range membership.PaperDocuments {
		if !strings.Contains(body, d) {
			t.Errorf("email body lacks document %q", d)
		}
	}
	if n := count(t, "SELECT count(*) FROM emails WHERE to_addr = ?", co.Step4.Get("email")); n != 1 {
		t.Errorf("%d emails to the applicant, want 1", n)
	}

	// The database holds what was typed, normalised.
	var status, name, website string
	var rev int
	scan(t, "SELECT a.status, a.revision, c.name, c.website FROM applications a JOIN companies c ON c.id = a.company_id WHERE a.id = ?",
		[]any{id}, &status, &rev, &name, &website)
	if status != "submitted" || rev != 1 || name != co.Step1.Get("name") || website != "https://www.example.com" {
		t.Errorf("stored: %s %d %s %s", status, rev, name, website)
	}
	if n := count(t, "SELECT count(*) FROM company_people p JOIN applications a ON a.company_id = p.company_id WHERE a.id = ? AND p.is_primary AND p.name = '李四'", id); n != 1 {
		t.Errorf("primary contact not stored")
	}

	// The draft is gone: a new registration in the same browser starts empty.
	if r = c.Get("/register/step/1"); val(r, "name") != "" {
		t.Errorf("draft survived the submission: %q", val(r, "name"))
	}
	// Reloading the done page is harmless (no second application).
	c.Get("/register/done")
	if n := count(t, "SELECT count(*) FROM companies WHERE uscc = ?", co.Step1.Get("uscc")); n != 1 {
		t.Errorf("%d companies", n)
	}
}

// A pending applicant logs in to /application (正在审核中) and can not use member pages.
func TestApplicantLogin(t *testing.T) {
	co := testenv.NewCompany()
	env.Register(t, env.NewClient(t), co)

	c := env.NewClient(t)
	r := c.Login(co.Username(), testenv.Password)
	if r.Location() != "/application" {
		t.Fatalf("applicant landed on %q", r.Location())
	}
	r = c.Get("/application")
	if r.Status != 200 || !strings.Contains(r.Body, "正在审核中") {
		t.Fatalf("/application: %d %s", r.Status, r.Text("main"))
	}
	if !strings.Contains(r.Body, co.Step1.Get("name")) || !strings.Contains(r.Body, env.Cfg.PaperAddress) {
		t.Errorf("/application lacks the company or the mailing address")
	}
	// Case-insensitive login name works too.
	c2 := env.NewClient(t)
	if r = c2.Login(strings.ToUpper(co.Username()), testenv.Password); r.Location() != "/application" {
		t.Errorf("upper-case login landed on %q", r.Location())
	}

	if r = c.Get("/home"); r.Status != http.StatusSeeOther || r.Location() != "/application" {
		t.Fatalf("/home as applicant: %d %q", r.Status, r.Location())
	}
	for _, p := range []string{"/messages", "/admin/applications", "/admin/audit"} {
		if r = c.Get(p); r.Status == 200 {
			t.Errorf("GET %s as applicant: 200", p)
		}
	}
	for _, p := range []string{"/messages/read-all", "/admin/applications/1/approve"} {
		if r = c.Post(p, url.Values{"reason": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("POST %s as applicant: %d, want 403", p, r.Status)
		}
	}
	// Editing is refused while the application is under review.
	if r = c.Get("/application/edit"); r.Status != http.StatusSeeOther || r.Location() != "/application" {
		t.Errorf("/application/edit while pending: %d %q", r.Status, r.Location())
	}
	if r = c.Get("/application"); !strings.Contains(r.Body, "暂不能修改") {
		t.Errorf("no flash after refused edit")
	}
	// A wrong password is refused with a message.
	bad := env.NewClient(t)
	bad.Get("/login")
	if r = bad.Post("/login", url.Values{"username": {co.Username()}, "password": {"wrong-password-1"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "用户名或密码错误") {
		t.Errorf("wrong password: %d", r.Status)
	}
}
