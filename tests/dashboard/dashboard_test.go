package dashboard

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/dashboard"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

func staff(t *testing.T, dept string) *testenv.Client {
	t.Helper()
	c := env.NewClient(t)
	c.IP = "10.7.0." + strconv.Itoa(len(dept)+10)
	var name string
	if dept == account.StaffSysadmin {
		name = env.CreateAdmin(t)
	} else {
		name = env.CreateStaff(t, dept)
	}
	if r := c.Login(name, testenv.Password); r.Status >= 400 {
		t.Fatalf("login %s: %d", dept, r.Status)
	}
	return c
}

// grid is a widget's table as text, heads first, one line per row.
func grid(r *testenv.Resp) [][]string {
	var out [][]string
	r.Doc.Find("table.dash tr").Each(func(_ int, tr *goquery.Selection) {
		var line []string
		tr.Find("th, td").Each(func(_ int, c *goquery.Selection) { line = append(line, strings.TrimSpace(c.Text())) })
		out = append(out, line)
	})
	return out
}

// row finds the line labelled label.
func row(t *testing.T, g [][]string, label string) []string {
	t.Helper()
	for _, l := range g {
		if len(l) > 0 && l[0] == label {
			return l[1:]
		}
	}
	t.Fatalf("no row %q in %v", label, g)
	return nil
}

func widget(t *testing.T, c *testenv.Client, name string) *testenv.Resp {
	t.Helper()
	w, ok := dashboard.Find(name)
	if !ok {
		t.Fatalf("no widget %s", name)
	}
	r := c.GetHTMX(w.Path)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", w.Path, r.Status, r.Body)
	}
	return r
}

// The level × status table counts the fixture exactly, row by row, with 合计.
func TestLevelStatusCounts(t *testing.T) {
	loadFixture(t)
	g := grid(widget(t, staff(t, account.StaffMembership), "levels"))
	want := map[string]string{
		//            合计 正常 未缴 暂停 退会 新 申请 晋升
		"会员单位":   "4 2 1 1 1 1 1 —",
		"理事单位":   "2 2 1 0 0 1 — 1",
		"常务理事单位": "1 1 0 0 0 0 — 0",
		"副理事长单位": "0 0 0 0 0 0 — 0",
		"理事长单位":  "0 0 0 0 0 0 — 0",
		"合计":     "7 5 2 1 1 2 1 1",
	}
	if len(g) != 7 {
		t.Fatalf("want heads + 6 rows, got %v", g)
	}
	for label, w := range want {
		if got := strings.Join(row(t, g, label), " "); got != w {
			t.Errorf("%s: got %q, want %q", label, got, w)
		}
	}
}

// The other widgets on the same fixture.
func TestWidgetCounts(t *testing.T) {
	f := loadFixture(t)
	s := staff(t, account.StaffSysadmin)
	check := func(name, label, want string) {
		t.Helper()
		if got := strings.Join(row(t, grid(widget(t, s, name)), label), " "); got != want {
			t.Errorf("%s / %s: got %q, want %q", name, label, got, want)
		}
	}
	check("members-level", "会员单位", "2")
	check("members-level", "理事单位", "2")
	check("members-province", "广东省", "2")
	check("members-province", "上海市", "1")
	check("members-province", "未填写", "2")
	check("members-category", "覆铜板", "1")
	check("members-flow", "本年累计", "2 1 2") // A and E new; B renewed; C and D lapsed
	year := strconv.Itoa(testYear())
	check("renewal", year, "4 2 50.0%")
	check("dues-years", year, "4 20000.00 0.00 4800.00 5000.00")
	check("events", "PCB Expo", "10 3 2 3 1 33.3% 2 1") // papers: submitted (not the draft), accepted
	check("delivery", "短信", "2 1 1 0 0 50.0% 50.0%")
	check("broadcasts", "Annual meeting", "2 1 1 50.0%")
	r := widget(t, s, "events")
	if r.Doc.Find(`a[href="/admin/events/`+strconv.FormatInt(f.EventID, 10)+`"]`).Length() != 1 {
		t.Error("events: the event's name does not link to its page")
	}
	if r.Doc.Find("[data-chart]").Length() != 1 {
		t.Error("events: no chart element")
	}
}

var total = regexp.MustCompile(`共 (\d+) 条`)

// listCount is how many rows the list page at path reports: its 共 N 条 when shown, else the
// rows of its table (an empty list shows none).
func listCount(t *testing.T, c *testenv.Client, path string) int {
	t.Helper()
	r := c.Get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d", path, r.Status)
	}
	if m := total.FindStringSubmatch(r.Doc.Find("main").Text()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return r.Doc.Find("main table tbody tr").Length()
}

// Every number of the level × status table links to a list that shows exactly that many.
func TestEveryCellLinksToItsList(t *testing.T) {
	loadFixture(t)
	s := staff(t, account.StaffSysadmin)
	checked := 0
	for _, name := range []string{"levels", "members-level", "members-province", "members-category", "retention"} {
		r := widget(t, s, name)
		r.Doc.Find("table.dash td").Each(func(_ int, td *goquery.Selection) {
			a := td.Find("a")
			text := strings.TrimSpace(td.Text())
			if a.Length() == 0 {
				if text != "—" && name == "levels" {
					t.Errorf("%s: cell %q has no link", name, text)
				}
				return
			}
			href, _ := a.Attr("href")
			want, _ := strconv.Atoi(text)
			if got := listCount(t, s, href); got != want {
				t.Errorf("%s: cell %d links to %s, which lists %d", name, want, href, got)
			}
			checked++
		})
	}
	if checked < 40 {
		t.Errorf("only %d links checked", checked)
	}
}

// Each department sees the widgets of its area, and is refused the others' routes.
func TestSubRolesSeeTheirArea(t *testing.T) {
	loadFixture(t)
	want := map[string][]string{
		account.StaffMembership: {"levels", "members-level", "members-province", "members-category", "members-flow", "retention"},
		account.StaffFinance:    {"dues-years", "dues-curve", "renewal"},
		account.StaffEvents:     {"events"},
		account.StaffInfo:       {"delivery", "broadcasts"},
	}
	all := 0
	for dept, names := range want {
		all += len(names)
		c := staff(t, dept)
		home := c.Get("/admin")
		if home.Status != http.StatusOK {
			t.Fatalf("%s: /admin %d", dept, home.Status)
		}
		mine := map[string]bool{}
		for _, n := range names {
			mine[n] = true
		}
		for _, w := range dashboard.Widgets {
			shown := home.Doc.Find("#w-"+w.Name).Length() == 1
			if shown != mine[w.Name] {
				t.Errorf("%s: widget %s shown=%v", dept, w.Name, shown)
			}
			if st := c.GetHTMX(w.Path).Status; (st == http.StatusOK) != mine[w.Name] {
				t.Errorf("%s: GET %s = %d", dept, w.Path, st)
			}
		}
	}
	home := staff(t, account.StaffSysadmin).Get("/admin")
	if n := home.Doc.Find("section.widget[hx-get]").Length(); n != all || n != len(dashboard.Widgets) {
		t.Errorf("系统管理员 sees %d widgets, want all %d", n, len(dashboard.Widgets))
	}
	if home.Doc.Find(`section.widget[hx-trigger="load"]`).Length() != len(dashboard.Widgets) {
		t.Error("widgets do not load as their own fragments")
	}
}

// The Excel download of every widget opens with excelize and holds the table's numbers.
func TestExcelMatchesTable(t *testing.T) {
	loadFixture(t)
	s := staff(t, account.StaffSysadmin)
	for _, w := range dashboard.Widgets {
		g := grid(widget(t, s, w.Name))
		r := s.Get(w.Path + "/export")
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("%s/export: %d %s", w.Path, r.Status, r.Header.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatalf("%s: %v", w.Name, err)
		}
		rows, err := x.GetRows(x.GetSheetName(0))
		x.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 || len(rows)-1 != len(g) {
			t.Fatalf("%s: %d sheet lines for %d table lines", w.Name, len(rows), len(g))
		}
		for i, line := range g {
			if got, want := strings.Join(rows[i+1], "|"), strings.Join(line, "|"); got != want {
				t.Errorf("%s line %d: sheet %q, table %q", w.Name, i, got, want)
			}
		}
	}
}

var han = regexp.MustCompile(`\p{Han}`)

// In English every head, label, note and title of every widget is English (the fixture's
// data is in Latin letters or in translated words: levels, provinces, categories).
func TestWidgetsInEnglish(t *testing.T) {
	loadFixture(t)
	s := staff(t, account.StaffSysadmin)
	s.Get("/admin")
	if r := s.Post("/lang", url.Values{"lang": {"en"}, "back": {"/admin"}}); r.Status >= 400 {
		t.Fatalf("switch to English: %d", r.Status)
	}
	for _, w := range dashboard.Widgets {
		r := widget(t, s, w.Name)
		text := r.Doc.Text()
		if chart, ok := r.Doc.Find("[data-chart]").Attr("data-chart"); ok {
			text += chart
		}
		if m := han.FindAllString(text, -1); m != nil {
			t.Errorf("%s in English shows Chinese %q in %q", w.Name, strings.Join(m, ""), strings.Join(strings.Fields(text), " "))
		}
	}
}

// Without JavaScript a widget's path is a page of its own (the dashboard links to it), with
// the menu, the table and the download.
func TestWidgetPageWithoutJS(t *testing.T) {
	loadFixture(t)
	s := staff(t, account.StaffFinance)
	home := s.Get("/admin")
	if home.Doc.Find(`#w-renewal a[href="/admin/dashboard/renewal"]`).Length() != 1 {
		t.Fatal("the dashboard has no plain link to the widget for browsers without JavaScript")
	}
	r := s.Get("/admin/dashboard/renewal")
	if r.Status != http.StatusOK || r.Doc.Find("nav.menu").Length() == 0 || r.Doc.Find("table.dash tbody tr").Length() == 0 ||
		r.Doc.Find(`a[href="/admin/dashboard/renewal/export"]`).Length() != 1 {
		t.Fatalf("widget page: %d, menu %d, rows %d", r.Status, r.Doc.Find("nav.menu").Length(), r.Doc.Find("table.dash tbody tr").Length())
	}
	if r.Doc.Find(`script[src="/public/js/dashboard.js"]`).Length() != 1 || r.Doc.Find("script:not([src])").Length() != 0 {
		t.Error("the widget page must load dashboard.js and carry no inline script")
	}
}
