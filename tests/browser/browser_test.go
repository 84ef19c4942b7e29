// Package browser drives the real application in Debian's Chromium: a company applies through
// the four steps of 注册账户, staff approve it in 入会审核, and the new member lands on 待办事项.
// With CPCA_SHOTS=1 it also saves screenshots of the key pages into shots/ at the repository root.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/tests/testenv"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser", &env) }

const chromium = "/usr/bin/chromium"

// stepTimeout bounds every single wait; the whole journey has its own deadline.
const stepTimeout = 15 * time.Second

// startBrowser launches Debian's Chromium (never a downloaded one) and connects rod to it.
func startBrowser(t *testing.T, ctx context.Context) *rod.Browser {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("browser tests need Debian's chromium at %s (apt-get install -y chromium): %v", chromium, err)
	}
	l := launcher.New().Bin(chromium).Headless(true).NoSandbox(true).
		Set("disable-gpu").Set("disable-background-networking").Set("disable-component-update").
		Set("disable-sync").Set("no-first-run").Set("lang", "zh-CN")
	u, err := l.Launch()
	if err != nil {
		t.Fatalf("launch %s: %v", chromium, err)
	}
	t.Cleanup(func() { l.Kill(); l.Cleanup() })
	b := rod.New().ControlURL(u).Context(ctx)
	if err := b.Connect(); err != nil {
		t.Fatalf("connect to chromium: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// serve runs the real app on a loopback port and returns its base URL.
func serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = env.App.Listener(ln) }()
	t.Cleanup(func() { _ = env.App.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// tab is one person's browser window (own cookies) with what its console reported.
type tab struct {
	t    *testing.T
	who  string
	base string
	p    *rod.Page
	step string

	mu       sync.Mutex
	problems []string // CSP violations and uncaught JavaScript errors
}

var cspViolation = regexp.MustCompile(`(?i)content security policy|CSP violation`)

func newTab(t *testing.T, b *rod.Browser, base, who string) *tab {
	t.Helper()
	inc, err := b.Incognito()
	if err != nil {
		t.Fatalf("%s: incognito window: %v", who, err)
	}
	p, err := inc.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		t.Fatalf("%s: new page: %v", who, err)
	}
	tb := &tab{t: t, who: who, base: base, p: p}
	tb.viewport(1280, 900, false)
	// Report CSP violations as console errors: a listener installed through the DevTools
	// protocol is not itself subject to the page's CSP.
	if _, err := p.EvalOnNewDocument(`document.addEventListener('securitypolicyviolation', e =>
		console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber))`); err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	go p.EachEvent(
		func(e *proto.LogEntryAdded) {
			if e.Entry.Source == proto.LogLogEntrySourceSecurity || e.Entry.Source == proto.LogLogEntrySourceViolation ||
				cspViolation.MatchString(e.Entry.Text) {
				tb.problem("console (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
			}
		},
		func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type != proto.RuntimeConsoleAPICalledTypeError {
				return
			}
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, a.Value.String())
			}
			tb.problem("console.error: %s", strings.Join(parts, " "))
		},
		func(e *proto.RuntimeExceptionThrown) {
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tb.problem("uncaught JavaScript error: %s (%s:%d)", msg, d.URL, d.LineNumber)
		},
	)()
	t.Cleanup(func() { _ = p.Close() })
	return tb
}

func (tb *tab) problem(format string, a ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, a...))
}

// checkConsole fails the test when the console showed a CSP violation or a JavaScript error.
func (tb *tab) checkConsole() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.problems) > 0 {
		tb.t.Errorf("%s: the browser console reported:\n  %s", tb.who, strings.Join(tb.problems, "\n  "))
	}
}

// at names the step being done, for failure messages.
func (tb *tab) at(step string) { tb.step = step }

// fail stops the test with the step, the page and what it shows.
func (tb *tab) fail(format string, a ...any) {
	tb.t.Helper()
	msg := fmt.Sprintf(format, a...)
	url, body := "?", ""
	if info, err := tb.p.Timeout(3 * time.Second).Info(); err == nil {
		url = info.URL
	}
	if el, err := tb.p.Timeout(3 * time.Second).Element("main"); err == nil {
		body, _ = el.Text()
	}
	if len([]rune(body)) > 600 {
		body = string([]rune(body)[:600]) + "…"
	}
	tb.shot("FAILED-" + tb.who)
	tb.t.Fatalf("%s, step %q: %s\n  page: %s\n  shows: %s", tb.who, tb.step, msg, url, strings.Join(strings.Fields(body), " "))
}

func (tb *tab) viewport(w, h int, mobile bool) {
	if err := tb.p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: w, Height: h, DeviceScaleFactor: 1, Mobile: mobile}); err != nil {
		tb.fail("set viewport %dx%d: %v", w, h, err)
	}
}

func (tb *tab) open(path string) {
	tb.t.Helper()
	p := tb.p.Timeout(stepTimeout)
	if err := p.Navigate(tb.base + path); err != nil {
		tb.fail("open %s: %v", path, err)
	}
	if err := p.WaitLoad(); err != nil {
		tb.fail("load %s: %v", path, err)
	}
}

// el waits for the element matching sel.
func (tb *tab) el(sel string) *rod.Element {
	tb.t.Helper()
	el, err := tb.p.Timeout(stepTimeout).Element(sel)
	if err != nil {
		tb.fail("no element %s: %v", sel, err)
	}
	return el.CancelTimeout()
}

// elText waits for an element matching sel whose text matches the regular expression re.
func (tb *tab) elText(sel, re string) *rod.Element {
	tb.t.Helper()
	el, err := tb.p.Timeout(stepTimeout).ElementR(sel, re)
	if err != nil {
		tb.fail("no %s showing /%s/: %v", sel, re, err)
	}
	return el.CancelTimeout()
}

func (tb *tab) fill(sel, value string) {
	tb.t.Helper()
	el := tb.el(sel).Timeout(stepTimeout)
	if err := el.SelectAllText(); err != nil {
		tb.fail("focus %s: %v", sel, err)
	}
	if err := el.Input(value); err != nil {
		tb.fail("type into %s: %v", sel, err)
	}
}

func (tb *tab) date(sel string, d time.Time) {
	tb.t.Helper()
	if err := tb.el(sel).Timeout(stepTimeout).InputTime(d); err != nil {
		tb.fail("pick date in %s: %v", sel, err)
	}
}

func (tb *tab) choose(sel, option string) {
	tb.t.Helper()
	if err := tb.el(sel).Timeout(stepTimeout).Select([]string{option}, true, rod.SelectorTypeText); err != nil {
		tb.fail("choose %q in %s: %v", option, sel, err)
	}
}

func (tb *tab) click(el *rod.Element, what string) {
	tb.t.Helper()
	if err := el.Timeout(stepTimeout).Click(proto.InputMouseButtonLeft, 1); err != nil {
		tb.fail("click %s: %v", what, err)
	}
}

// clickText clicks the element matching sel whose text matches re.
func (tb *tab) clickText(sel, re string) { tb.t.Helper(); tb.click(tb.elText(sel, re), re) }

// value reads a form control's current value.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	v, err := tb.el(sel).Timeout(stepTimeout).Eval(`() => this.value`)
	if err != nil {
		tb.fail("read %s: %v", sel, err)
	}
	return v.Value.String()
}

// waitJS waits until the JavaScript predicate holds.
func (tb *tab) waitJS(what, js string) {
	tb.t.Helper()
	if err := tb.p.Timeout(stepTimeout).Wait(rod.Eval(js)); err != nil {
		tb.fail("waiting for %s: %v", what, err)
	}
}

func (tb *tab) evalBool(js string) bool {
	tb.t.Helper()
	r, err := tb.p.Timeout(stepTimeout).Eval(js)
	if err != nil {
		tb.fail("eval %s: %v", js, err)
	}
	return r.Value.Bool()
}

// markWindow sets a flag on window: it survives an htmx swap and is gone after a page load.
func (tb *tab) markWindow() { tb.evalBool(`() => (window.__cpcaNoReload = true)`) }

func (tb *tab) sameDocument() bool { return tb.evalBool(`() => window.__cpcaNoReload === true`) }

func (tb *tab) url() string {
	info, err := tb.p.Timeout(stepTimeout).Info()
	if err != nil {
		tb.fail("page info: %v", err)
	}
	return info.URL
}

var shots = os.Getenv("CPCA_SHOTS") == "1"

// shot saves a full-page PNG into shots/ when CPCA_SHOTS=1.
func (tb *tab) shot(name string) {
	if !shots {
		return
	}
	_ = tb.p.Timeout(stepTimeout).WaitStable(100 * time.Millisecond)
	png, err := tb.p.Timeout(stepTimeout).Screenshot(true, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
	if err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("..", "..", "shots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Errorf("screenshot dir: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
	}
}

// phoneShot renders the current page 390px wide (a phone), checks nothing overflows the page
// sideways, and restores the desktop size.
func (tb *tab) phoneShot(name string) {
	tb.t.Helper()
	tb.viewport(390, 844, true)
	defer tb.viewport(1280, 900, false)
	tb.waitJS("the phone layout", `() => document.documentElement.clientWidth === 390`)
	if w := tb.evalBool(`() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`); w {
		tb.fail("at 390px the page is wider than the screen (horizontal scrolling of the whole page)")
	}
	tb.shot(name)
}

// TestApplyApproveLogin is the main journey of manual 2.1 and 2.2 in a real browser.
func TestApplyApproveLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	defer cancel()
	base := serve(t)
	b := startBrowser(t, ctx)

	co := testenv.NewCompany()
	name := co.Step1.Get("name")
	fragment := strings.TrimSuffix(strings.TrimPrefix(name, "测试电路"), "有限公司") // e.g. co1a2b3c4d
	// Another application is waiting too, so the filter has something to filter out.
	other := testenv.NewCompany()
	env.Register(t, env.NewClient(t), other)

	// ---- 注册账户, as the applicant -------------------------------------------------------
	a := newTab(t, b, base, "申请人")
	a.at("open /login")
	a.open("/login")
	a.elText("h1", "账号登录")
	a.shot("01-login")
	if got := a.evalBool(`() => typeof htmx === 'object' && typeof htmx.version === 'string'`); !got {
		a.fail("htmx is not loaded on the page (blocked by the CSP or missing /public/vendor/htmx.min.js?)")
	}

	a.at("click 注册账户")
	a.clickText("main a", "^注册账户$")
	a.elText("ol.steps li.current", "公司信息")
	a.shot("02-register-step1")

	a.at("step 1 with a bad 统一社会信用代码")
	a.fill("#f-name", name)
	a.fill("#f-uscc", "91350100M000100Y44") // valid characters, wrong check character
	a.fill("#f-legal_rep", "张三")
	a.fill("#f-reg_capital", "1000")
	a.date("#f-founded_on", time.Date(2010, 5, 20, 0, 0, 0, 0, time.UTC))
	a.choose("#f-nature", "民营企业")
	a.choose("#f-category", "PCB制造")
	a.choose("#f-province", "广东省")
	a.fill("#f-city", "深圳市")
	a.fill("#f-postcode", "518000")
	a.fill("#f-address", "南山区科技园科苑路1号")
	a.fill("#f-website", "www.example.com")
	a.fill("#f-employees", "300")
	a.fill("#f-intro", "专业从事高多层印制电路板研发与制造。")
	a.clickText("button", "^下一步$")
	errEl := a.el(".field.invalid #e-uscc")
	if msg, _ := errEl.Text(); !strings.Contains(msg, "校验位不正确") {
		a.fail("the error next to 统一社会信用代码 reads %q", msg)
	}
	if n := a.evalBool(`() => document.querySelectorAll('.field.invalid').length === 1`); !n {
		a.fail("only 统一社会信用代码 should be marked invalid")
	}
	if v := a.value("#f-name"); v != name {
		a.fail("the form lost what was typed: 企业名称 is %q", v)
	}
	if v := a.value("#f-province"); v != "广东省" {
		a.fail("the form lost the chosen 省份: %q", v)
	}
	a.shot("03-register-step1-errors")

	a.at("step 1 corrected")
	a.fill("#f-uscc", co.Step1.Get("uscc"))
	a.clickText("button", "^下一步$")
	a.elText("ol.steps li.current", "产品及销售信息")

	a.at("step 2 产品及销售信息")
	a.fill("#f-main_products", "高多层板、HDI板")
	a.fill("#f-last_year_sales", "12000.5")
	a.fill("#f-export_ratio", "30")
	a.fill("#f-main_markets", "通信、汽车电子")
	a.fill("#f-certifications", "ISO 9001、IATF 16949")
	a.shot("04-register-step2")
	a.clickText("button", "^下一步$")
	a.elText("ol.steps li.current", "成员信息")

	a.at("step 3 成员信息: ＋ 添加成员")
	a.el(`input[name="people.0.name"]`)
	a.markWindow()
	a.clickText("button", "添加成员")
	a.el(`input[name="people.1.name"]`)
	if !a.sameDocument() {
		a.fail("＋ 添加成员 reloaded the page: htmx did not swap the form in place")
	}
	a.at("step 3 成员信息: fill both rows")
	for i, p := range []struct{ name, title, mobile, email string }{
		{"李四", "总经理", "13800138000", "lisi@example.com"},
		{"王五", "财务经理", "13700137000", "wangwu@example.com"},
	} {
		k := fmt.Sprintf(`input[name="people.%d.`, i)
		a.fill(k+`name"]`, p.name)
		a.fill(k+`title"]`, p.title)
		a.fill(k+`mobile"]`, p.mobile)
		a.fill(k+`email"]`, p.email)
	}
	a.click(a.el(`input[name="primary"][value="0"]`), "主要联系人 of row 1")
	a.click(a.el(`input[name="finance"][value="1"]`), "财务联系人 of row 2")
	a.shot("05-register-step3")
	a.phoneShot("06-register-step3-phone")
	a.clickText("button", "^下一步$")
	a.elText("ol.steps li.current", "账号信息")

	a.at("step 4 账号信息")
	a.fill("#f-username", co.Username())
	a.fill("#f-email", co.Step4.Get("email"))
	a.fill("#f-password", testenv.Password)
	a.fill("#f-confirm", testenv.Password)
	a.fill("#f-mobile", "13900139000")
	a.click(a.el(`input[name="consent"]`), "the consent checkbox")
	a.shot("07-register-step4")
	a.clickText("button", "^提交申请$")
	a.elText("h1", "入会申请提交成功")
	a.shot("08-register-done")
	a.checkConsole()

	// ---- 入会审核, as staff --------------------------------------------------------------
	staff := env.CreateAdmin(t)
	s := newTab(t, b, base, "管理员")
	s.at("staff login")
	login(s, staff)
	s.clickText("nav.menu a", "^入会审核$")
	s.elText("h1", "入会审核")
	s.elText("#applications", regexp.QuoteMeta(other.Step1.Get("name")))

	s.at("filter 入会审核 by part of the company name")
	s.markWindow()
	s.fill("#f-q", fragment)
	s.waitJS("the table to show only the matching application",
		fmt.Sprintf(`() => { const rows = document.querySelectorAll('#applications tbody tr');
			return rows.length === 1 && rows[0].textContent.includes(%q) }`, name))
	s.waitJS("the filter in the address bar", fmt.Sprintf(`() => new URLSearchParams(location.search).get('q') === %q`, fragment))
	if !s.sameDocument() {
		s.fail("the filter reloaded the page: htmx did not update the table in place")
	}
	s.shot("09-staff-applications")

	s.at("open the application")
	s.clickText("#applications tbody a", "^审核$")
	s.elText("h1", regexp.QuoteMeta(name))
	s.elText("#app-status", "待审核")
	// The dates typed in the browser arrive unchanged (a date column once lost a day to UTC).
	s.elText("dl.kv dd", "^2010-05-20$")
	s.elText("dl.kv dd", "^高多层板、HDI板$")
	s.elText("table td", "^王五$")
	s.shot("10-staff-application")

	s.at("审核通过 with the confirmation dialog")
	wait, handle := s.p.Timeout(stepTimeout).HandleDialog()
	approve := s.el("#approve")
	clicked := make(chan error, 1)
	go func() { clicked <- approve.Timeout(stepTimeout).Click(proto.InputMouseButtonLeft, 1) }()
	dlg := wait()
	if !strings.Contains(dlg.Message, "确认审核通过") {
		s.fail("unexpected dialog %q", dlg.Message)
	}
	if err := handle(&proto.PageHandleJavaScriptDialog{Accept: true}); err != nil {
		s.fail("accept the dialog: %v", err)
	}
	if err := <-clicked; err != nil && !errors.Is(err, context.Canceled) {
		s.fail("click 审核通过: %v", err)
	}
	s.elText("#app-status", "^审核通过$")
	s.elText(".flash", "已审核通过")
	s.shot("11-staff-approved")
	s.checkConsole()

	// ---- 待办事项, as the new member ------------------------------------------------------
	m := newTab(t, b, base, "会员")
	m.at("member login")
	login(m, co.Username())
	m.elText("h1", "待办事项")
	if u := m.url(); !strings.HasSuffix(u, "/home") {
		m.fail("after login the member is at %s, not /home (待办事项)", u)
	}
	m.elText("#notices", "欢迎加入中国电子电路行业协会")
	m.shot("12-member-home")
	m.phoneShot("13-member-home-phone")
	m.checkConsole()
}

// login signs in through the login form as a person would.
func login(tb *tab, username string) {
	tb.t.Helper()
	tb.open("/login")
	tb.fill("#f-username", username)
	tb.fill("#f-password", testenv.Password)
	tb.clickText("button", "^登录$")
	if err := tb.p.Timeout(stepTimeout).Wait(rod.Eval(`() => !location.pathname.startsWith('/login')`)); err != nil {
		tb.fail("login as %s did not leave the login page: %v", username, err)
	}
	if err := tb.p.Timeout(stepTimeout).WaitLoad(); err != nil {
		tb.fail("load after login: %v", err)
	}
}
