// Package browserenv is the browser plumbing shared by the browser tests: Debian's Chromium
// driven through go-rod (never a downloaded browser), the real app served on a loopback port,
// one incognito window per person with its console watched for CSP violations and JavaScript
// errors, steps that fail with the page they were on, and screenshots into shots/ at the
// repository root with CPCA_SHOTS=1.
package browserenv

import (
	"context"
	"encoding/base64"
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
	"github.com/gofiber/fiber/v2"
)

// Chromium is Debian's Chromium, the only browser the tests run.
const Chromium = "/usr/bin/chromium"

// StepTimeout bounds every single wait; each journey has its own overall deadline.
const StepTimeout = 25 * time.Second

// Shots is true when CPCA_SHOTS=1: the tests then save screenshots into ShotDir.
var Shots = os.Getenv("CPCA_SHOTS") == "1"

// ShotDir is shots/ at the repository root, seen from a test package in tests/<name>/.
var ShotDir = filepath.Join("..", "..", "shots")

// Browser is a running Chromium and the base URL of the app it visits.
type Browser struct {
	// Rod is the connected browser.
	Rod *rod.Browser
	// Base is the app's base URL, such as http://127.0.0.1:12345.
	Base string
	// FailPrefix starts the name of the screenshot saved when a step fails; the person's
	// name follows. Start sets it to "FAILED-".
	FailPrefix string
}

// Start serves app on a loopback port, launches Debian's Chromium (never a downloaded one)
// headless with a Chinese UI and connects rod to it; everything the browser does must be done
// within deadline. All of it is closed when the test ends. Tabs it opens visit the app.
func Start(t testing.TB, app *fiber.App, deadline time.Duration) *Browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	t.Cleanup(cancel)
	base := Serve(t, app)
	if _, err := os.Stat(Chromium); err != nil {
		t.Fatalf("browser tests need Debian's chromium at %s (apt-get install -y chromium): %v", Chromium, err)
	}
	l := launcher.New().Bin(Chromium).Headless(true).NoSandbox(true).
		Set("disable-gpu").Set("disable-background-networking").Set("disable-component-update").
		Set("disable-sync").Set("no-first-run").Set("lang", "zh-CN")
	u, err := l.Launch()
	if err != nil {
		t.Fatalf("launch %s: %v", Chromium, err)
	}
	t.Cleanup(func() { l.Kill(); l.Cleanup() })
	b := rod.New().ControlURL(u).Context(ctx)
	if err := b.Connect(); err != nil {
		t.Fatalf("connect to chromium: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return &Browser{Rod: b, Base: base, FailPrefix: "FAILED-"}
}

// Serve runs the real app on a loopback port until the test ends and returns its base URL.
func Serve(t testing.TB, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// Tab is one person's browser window (own cookies) with what its console reported.
// Its methods stop the test with Fail when a step cannot be done.
type Tab struct {
	t          testing.TB
	who        string
	base       string
	failPrefix string
	p          *rod.Page
	step       string

	mu       sync.Mutex
	problems []string // CSP violations and uncaught JavaScript errors
}

var cspViolation = regexp.MustCompile(`(?i)content security policy|CSP violation`)

// NewTab opens a new incognito window for who (a person's name, used in failure messages
// and the failure screenshot) at desktop size, and starts watching its console.
func (b *Browser) NewTab(t testing.TB, who string) *Tab {
	t.Helper()
	inc, err := b.Rod.Incognito()
	if err != nil {
		t.Fatalf("%s: incognito window: %v", who, err)
	}
	p, err := inc.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		t.Fatalf("%s: new page: %v", who, err)
	}
	tb := &Tab{t: t, who: who, base: b.Base, failPrefix: b.FailPrefix, p: p}
	tb.Viewport(1280, 900, false)
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

func (tb *Tab) problem(format string, a ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, a...))
}

// Page is the rod page behind the tab, for what the helpers do not cover.
func (tb *Tab) Page() *rod.Page { return tb.p }

// CheckConsole fails the test when the console showed a CSP violation or a JavaScript error.
func (tb *Tab) CheckConsole() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	// A filter request replaced by a newer one (hx-sync="this:replace") is aborted on
	// purpose; htmx logs that abort (sendAbort, and the afterRequest of the aborted request).
	aborted := false
	for _, p := range tb.problems {
		aborted = aborted || strings.Contains(p, "htmx:sendAbort")
	}
	var left []string
	for _, p := range tb.problems {
		if aborted && (strings.Contains(p, "htmx:sendAbort") || strings.Contains(p, "htmx:afterRequest")) {
			continue
		}
		left = append(left, p)
	}
	if len(left) > 0 {
		tb.t.Errorf("%s: the browser console reported:\n  %s", tb.who, strings.Join(left, "\n  "))
	}
}

// At names the step being done, for failure messages.
func (tb *Tab) At(step string) { tb.step = step }

// Fail stops the test with the step, the page and what its <main> shows, after saving a
// screenshot of it (with CPCA_SHOTS=1).
func (tb *Tab) Fail(format string, a ...any) {
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
	tb.Shot(tb.failPrefix + tb.who)
	tb.t.Fatalf("%s, step %q: %s\n  page: %s\n  shows: %s", tb.who, tb.step, msg, url, strings.Join(strings.Fields(body), " "))
}

// Viewport resizes the window to w×h CSS pixels, as a phone when mobile.
func (tb *Tab) Viewport(w, h int, mobile bool) {
	if err := tb.p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: w, Height: h, DeviceScaleFactor: 1, Mobile: mobile}); err != nil {
		tb.Fail("set viewport %dx%d: %v", w, h, err)
	}
}

// Open navigates to path on the app and waits for the page to load.
func (tb *Tab) Open(path string) {
	tb.t.Helper()
	p := tb.p.Timeout(StepTimeout)
	if err := p.Navigate(tb.base + path); err != nil {
		tb.Fail("open %s: %v", path, err)
	}
	if err := p.WaitLoad(); err != nil {
		tb.Fail("load %s: %v", path, err)
	}
}

// El waits for the element matching sel.
func (tb *Tab) El(sel string) *rod.Element {
	tb.t.Helper()
	el, err := tb.p.Timeout(StepTimeout).Element(sel)
	if err != nil {
		tb.Fail("no element %s: %v", sel, err)
	}
	return el.CancelTimeout()
}

// ElText waits for an element matching sel whose text matches the regular expression re.
func (tb *Tab) ElText(sel, re string) *rod.Element {
	tb.t.Helper()
	deadline := time.Now().Add(StepTimeout)
	el, err := tb.p.Timeout(StepTimeout).ElementR(sel, re)
	// A click that navigates may land between the query and its answer: the old document's
	// context is gone ("Inspected target navigated or closed"). Ask the new document again.
	for err != nil && time.Now().Before(deadline) && navigated(err) {
		time.Sleep(100 * time.Millisecond)
		el, err = tb.p.Timeout(time.Until(deadline)).ElementR(sel, re)
	}
	if err != nil {
		tb.Fail("no %s showing /%s/: %v", sel, re, err)
	}
	return el.CancelTimeout()
}

// Text is the visible text of the first element matching sel, trimmed.
func (tb *Tab) Text(sel string) string {
	tb.t.Helper()
	s, err := tb.El(sel).Timeout(StepTimeout).Text()
	if err != nil {
		tb.Fail("read the text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// Fill replaces what the input matching sel holds with value, typing it; an empty value
// clears the input.
func (tb *Tab) Fill(sel, value string) {
	tb.t.Helper()
	el := tb.El(sel).Timeout(StepTimeout)
	if err := el.SelectAllText(); err != nil {
		tb.Fail("focus %s: %v", sel, err)
	}
	if value == "" {
		if _, err := el.Eval(`() => { this.value = ''; }`); err != nil {
			tb.Fail("clear %s: %v", sel, err)
		}
		return
	}
	if err := el.Input(value); err != nil {
		tb.Fail("type into %s: %v", sel, err)
	}
}

// Date picks the day d in the date input matching sel.
func (tb *Tab) Date(sel string, d time.Time) {
	tb.t.Helper()
	if err := tb.El(sel).Timeout(StepTimeout).InputTime(d); err != nil {
		tb.Fail("pick date in %s: %v", sel, err)
	}
}

// Choose selects the option whose text is option in the select matching sel.
func (tb *Tab) Choose(sel, option string) {
	tb.t.Helper()
	if err := tb.El(sel).Timeout(StepTimeout).Select([]string{option}, true, rod.SelectorTypeText); err != nil {
		tb.Fail("choose %q in %s: %v", option, sel, err)
	}
}

// Files puts local files into a file input, as picking them in the dialog would.
func (tb *Tab) Files(sel string, paths ...string) {
	tb.t.Helper()
	if err := tb.El(sel).Timeout(StepTimeout).SetFiles(paths); err != nil {
		tb.Fail("set files %v on %s: %v", paths, sel, err)
	}
}

// Click clicks el; what names it in the failure message.
func (tb *Tab) Click(el *rod.Element, what string) {
	tb.t.Helper()
	if err := el.Timeout(StepTimeout).Click(proto.InputMouseButtonLeft, 1); err != nil {
		tb.Fail("click %s: %v", what, err)
	}
}

// ClickText clicks the element matching sel whose text matches re.
func (tb *Tab) ClickText(sel, re string) { tb.t.Helper(); tb.Click(tb.ElText(sel, re), re) }

// ClickAndLoad clicks something that navigates (a link or a plain form's button) and waits
// for the next document to load.
func (tb *Tab) ClickAndLoad(el *rod.Element, what string) {
	tb.t.Helper()
	wait := tb.p.Timeout(StepTimeout).WaitNavigation(proto.PageLifecycleEventNameLoad)
	tb.Click(el, what)
	wait()
}

// ClickTextAndLoad clicks the element matching sel whose text matches re and waits for the load.
func (tb *Tab) ClickTextAndLoad(sel, re string) {
	tb.t.Helper()
	tb.ClickAndLoad(tb.ElText(sel, re), re)
}

// ConfirmClick clicks el, expects the page's confirmation <dialog> (public/js/confirm.js)
// to open with a question that contains want, and chooses 确定.
func (tb *Tab) ConfirmClick(el *rod.Element, want string) {
	tb.t.Helper()
	tb.confirmDialog(el, want, "ok")
}

// ConfirmDismiss clicks el, expects the confirmation dialog asking want, and chooses 取消:
// nothing may be posted.
func (tb *Tab) ConfirmDismiss(el *rod.Element, want string) {
	tb.t.Helper()
	tb.confirmDialog(el, want, "cancel")
	tb.WaitJS("the confirmation dialog to close", `() => !document.querySelector("#confirm-dialog[open]")`)
}

func (tb *Tab) confirmDialog(el *rod.Element, want, choice string) {
	tb.t.Helper()
	if err := el.Timeout(StepTimeout).Click(proto.InputMouseButtonLeft, 1); err != nil && !errors.Is(err, context.Canceled) {
		tb.Fail("click: %v", err)
	}
	q, err := tb.p.Timeout(StepTimeout).Element("#confirm-dialog[open] .question")
	if err != nil {
		tb.Fail("no confirmation dialog opened: %v", err)
	}
	if msg, _ := q.Text(); !strings.Contains(msg, want) {
		tb.Fail("the confirmation dialog reads %q, want it to contain %q", msg, want)
	}
	btn, err := tb.p.Timeout(StepTimeout).Element("#confirm-dialog[open] button[value=" + choice + "]")
	if err != nil {
		tb.Fail("the confirmation dialog has no %s button: %v", choice, err)
	}
	if err := btn.Timeout(StepTimeout).Click(proto.InputMouseButtonLeft, 1); err != nil && !errors.Is(err, context.Canceled) {
		tb.Fail("choose %s: %v", choice, err)
	}
}

// ConfirmClickAndLoad is ConfirmClick for a button that navigates: it also waits for the
// next document to load.
func (tb *Tab) ConfirmClickAndLoad(el *rod.Element, want string) {
	tb.t.Helper()
	wait := tb.p.Timeout(StepTimeout).WaitNavigation(proto.PageLifecycleEventNameLoad)
	tb.ConfirmClick(el, want)
	wait()
}

// Value reads a form control's current value.
func (tb *Tab) Value(sel string) string {
	tb.t.Helper()
	v, err := tb.El(sel).Timeout(StepTimeout).Eval(`() => this.value`)
	if err != nil {
		tb.Fail("read %s: %v", sel, err)
	}
	return v.Value.String()
}

// WaitJS waits until the JavaScript predicate js holds; what names it in the failure message.
func (tb *Tab) WaitJS(what, js string) {
	tb.t.Helper()
	if err := tb.p.Timeout(StepTimeout).Wait(rod.Eval(js)); err != nil {
		tb.Fail("waiting for %s: %v", what, err)
	}
}

// EvalBool runs the JavaScript function js in the page and returns its result as a bool.
func (tb *Tab) EvalBool(js string) bool {
	tb.t.Helper()
	r, err := tb.p.Timeout(StepTimeout).Eval(js)
	if err != nil {
		tb.Fail("eval %s: %v", js, err)
	}
	return r.Value.Bool()
}

// MarkWindow sets a flag on window: it survives an htmx swap and is gone after a page load.
func (tb *Tab) MarkWindow() { tb.EvalBool(`() => (window.__cpcaNoReload = true)`) }

// SameDocument reports whether the flag MarkWindow set is still there (no page load since).
func (tb *Tab) SameDocument() bool { return tb.EvalBool(`() => window.__cpcaNoReload === true`) }

// URL is the address of the current page.
func (tb *Tab) URL() string {
	info, err := tb.p.Timeout(StepTimeout).Info()
	if err != nil {
		tb.Fail("page info: %v", err)
	}
	return info.URL
}

// Login signs in as username with the fixture password (testenv.Password) through the login
// form, as a person would, and waits for the page after it.
func (tb *Tab) Login(username string) {
	tb.t.Helper()
	tb.Open("/login")
	tb.Fill("#f-username", username)
	tb.Fill("#f-password", testenv.Password)
	tb.ClickText("button", "^登录$")
	if err := tb.p.Timeout(StepTimeout).Wait(rod.Eval(`() => !location.pathname.startsWith('/login')`)); err != nil {
		tb.Fail("login as %s did not leave the login page: %v", username, err)
	}
	if err := tb.p.Timeout(StepTimeout).WaitLoad(); err != nil {
		tb.Fail("load after login: %v", err)
	}
}

// Download is a file fetched with the page's own cookies.
type Download struct {
	Status      int
	ContentType string
	Disposition string
	Data        []byte
}

// Fetch downloads path with the browser's session (same-origin fetch sends the cookies).
func (tb *Tab) Fetch(path string) Download {
	tb.t.Helper()
	r, err := tb.p.Timeout(StepTimeout).Eval(`async (u) => {
		const r = await fetch(u, {credentials: 'same-origin'});
		const b = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return {status: r.status, type: r.headers.get('Content-Type') || '', disposition: r.headers.get('Content-Disposition') || '', b64: btoa(s)};
	}`, path)
	if err != nil {
		tb.Fail("download %s: %v", path, err)
	}
	var out struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		B64         string `json:"b64"`
	}
	if err := r.Value.Unmarshal(&out); err != nil {
		tb.Fail("download %s: %v", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(out.B64)
	if err != nil {
		tb.Fail("download %s: %v", path, err)
	}
	return Download{Status: out.Status, ContentType: out.Type, Disposition: out.Disposition, Data: data}
}

// Attr reads the attribute name of el, failing when it is missing.
func (tb *Tab) Attr(el *rod.Element, name string) string {
	tb.t.Helper()
	v, err := el.Timeout(StepTimeout).Attribute(name)
	if err != nil || v == nil {
		tb.Fail("no attribute %s: %v", name, err)
	}
	return *v
}

// Shot saves a full-page PNG named name into ShotDir when CPCA_SHOTS=1.
func (tb *Tab) Shot(name string) {
	if !Shots {
		return
	}
	_ = tb.p.Timeout(StepTimeout).WaitStable(100 * time.Millisecond)
	png, err := tb.p.Timeout(StepTimeout).Screenshot(true, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
	if err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(ShotDir, 0o755); err != nil {
		tb.t.Errorf("screenshot dir: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(ShotDir, name+".png"), png, 0o644); err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
	}
}

// PhoneShot renders the current page 390px wide (a phone), checks nothing overflows the page
// sideways, takes a Shot, and restores the desktop size.
func (tb *Tab) PhoneShot(name string) {
	tb.t.Helper()
	tb.Viewport(390, 844, true)
	defer tb.Viewport(1280, 900, false)
	tb.WaitJS("the phone layout", `() => document.documentElement.clientWidth === 390`)
	if w := tb.EvalBool(`() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`); w {
		tb.Fail("at 390px the page is wider than the screen (horizontal scrolling of the whole page)")
	}
	tb.Shot(name)
}

// navigated reports whether err is the browser saying the document went away mid-query.
func navigated(err error) bool {
	m := err.Error()
	return strings.Contains(m, "navigated or closed") || strings.Contains(m, "Execution context was destroyed") ||
		strings.Contains(m, "Cannot find context with specified id")
}
