package browserdues

// Browser plumbing, copied from tests/browser (that package is not importable from here):
// Debian's Chromium through go-rod, one incognito window per person, console and CSP checks,
// and screenshots into shots/ with CPCA_SHOTS=1.

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

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

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
	tb.shot("FAILED-dues-" + tb.who)
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

// text is the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	s, err := tb.el(sel).Timeout(stepTimeout).Text()
	if err != nil {
		tb.fail("read the text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (tb *tab) fill(sel, value string) {
	tb.t.Helper()
	el := tb.el(sel).Timeout(stepTimeout)
	if err := el.SelectAllText(); err != nil {
		tb.fail("focus %s: %v", sel, err)
	}
	if value == "" {
		if _, err := el.Eval(`() => { this.value = ''; }`); err != nil {
			tb.fail("clear %s: %v", sel, err)
		}
		return
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

// files puts local files into a file input, as picking them in the dialog would.
func (tb *tab) files(sel string, paths ...string) {
	tb.t.Helper()
	if err := tb.el(sel).Timeout(stepTimeout).SetFiles(paths); err != nil {
		tb.fail("set files %v on %s: %v", paths, sel, err)
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

// clickAndLoad clicks something that navigates (a link or a plain form's button) and waits
// for the next document to load.
func (tb *tab) clickAndLoad(el *rod.Element, what string) {
	tb.t.Helper()
	wait := tb.p.Timeout(stepTimeout).WaitNavigation(proto.PageLifecycleEventNameLoad)
	tb.click(el, what)
	wait()
}

// clickTextAndLoad clicks the element matching sel whose text matches re and waits for the load.
func (tb *tab) clickTextAndLoad(sel, re string) {
	tb.t.Helper()
	tb.clickAndLoad(tb.elText(sel, re), re)
}

// confirmClick clicks el, expects an hx-confirm dialog whose message contains want, accepts it.
func (tb *tab) confirmClick(el *rod.Element, want string) {
	tb.t.Helper()
	wait, handle := tb.p.Timeout(stepTimeout).HandleDialog()
	clicked := make(chan error, 1)
	go func() { clicked <- el.Timeout(stepTimeout).Click(proto.InputMouseButtonLeft, 1) }()
	dlg := wait()
	if !strings.Contains(dlg.Message, want) {
		tb.fail("the confirmation dialog reads %q, want it to contain %q", dlg.Message, want)
	}
	if err := handle(&proto.PageHandleJavaScriptDialog{Accept: true}); err != nil {
		tb.fail("accept the dialog: %v", err)
	}
	if err := <-clicked; err != nil && !errors.Is(err, context.Canceled) {
		tb.fail("click: %v", err)
	}
}

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

// download is a file fetched with the page's own cookies.
type download struct {
	Status      int
	ContentType string
	Disposition string
	Data        []byte
}

// fetch downloads path with the browser's session (same-origin fetch sends the cookies).
func (tb *tab) fetch(path string) download {
	tb.t.Helper()
	r, err := tb.p.Timeout(stepTimeout).Eval(`async (u) => {
		const r = await fetch(u, {credentials: 'same-origin'});
		const b = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return {status: r.status, type: r.headers.get('Content-Type') || '', disposition: r.headers.get('Content-Disposition') || '', b64: btoa(s)};
	}`, path)
	if err != nil {
		tb.fail("download %s: %v", path, err)
	}
	var out struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		B64         string `json:"b64"`
	}
	if err := r.Value.Unmarshal(&out); err != nil {
		tb.fail("download %s: %v", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(out.B64)
	if err != nil {
		tb.fail("download %s: %v", path, err)
	}
	return download{Status: out.Status, ContentType: out.Type, Disposition: out.Disposition, Data: data}
}

// attr reads an attribute of the first element matching sel.
func (tb *tab) attr(el *rod.Element, name string) string {
	tb.t.Helper()
	v, err := el.Timeout(stepTimeout).Attribute(name)
	if err != nil || v == nil {
		tb.fail("no attribute %s: %v", name, err)
	}
	return *v
}

var shots = os.Getenv("CPCA_SHOTS") == "1"

// shotDir is shots/ at the repository root.
var shotDir = filepath.Join("..", "..", "shots")

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
	if err := os.MkdirAll(shotDir, 0o755); err != nil {
		tb.t.Errorf("screenshot dir: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(shotDir, name+".png"), png, 0o644); err != nil {
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
