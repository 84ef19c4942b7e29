package app

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"cpca/views"
)

// uiSamples is sample data of the no-JavaScript confirmation page.
func uiSamples() map[string][]any {
	return map[string][]any{
		"pages/confirm": {confirmPage{Question: "Unpublish? Member companies will no longer see the event.", Action: "/admin/events/1/unpublish",
			Back: "/admin/events/1", Fields: []confirmInput{{Name: "_csrf", Value: "tok"}, {Name: "reason", Value: `a "quoted" <b>`}}}},
	}
}

// TestCrumbs renders a detail page under a list, a list and a landing page, and checks the
// trail in the layout: section › linked list › detail for the first, none for the last.
func TestCrumbs(t *testing.T) {
	engine, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	render := func(title, nav, lang string) string {
		p := &Page{Title: title, Nav: nav, Lang: lang, CSRF: "tok", Data: errorPage{Status: 404, Message: "页面不存在"}}
		var buf bytes.Buffer
		if err := engine.Render(&buf, "pages/error", p); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		if i := strings.Index(s, `<nav class="crumbs"`); i >= 0 {
			return s[i : i+strings.Index(s[i:], "</nav>")]
		}
		return ""
	}
	cases := []struct {
		name, title, nav, lang string
		want                   []string
	}{
		{"detail by table", "入会审核 - 某公司", "review_detail", "zh",
			[]string{`aria-label="面包屑导航"`, "<span>后台管理</span>", `<a href="/admin/applications">入会审核</a>`, `<span aria-current="page">申请详情</span>`}},
		{"detail by title", "缴费详情", "finance", "zh",
			[]string{`<a href="/admin/dues">会员缴费管理</a>`, `<span aria-current="page">缴费详情</span>`}},
		{"list", "入会审核", "review", "zh",
			[]string{"<span>后台管理</span>", `<span aria-current="page">入会审核</span>`}},
		{"english", "入会审核", "review_detail", "en",
			[]string{`<a href="/admin/applications">Applications</a>`, "Application details"}},
	}
	for _, tc := range cases {
		got := render(tc.title, tc.nav, tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: trail %q lacks %q", tc.name, got, w)
			}
		}
	}
	if got := render("入会审核", "review", "zh"); strings.Contains(got, "<a ") {
		t.Errorf("a list page links to itself: %q", got)
	}
	for _, top := range [][2]string{{"可视化管理", "dashboard"}, {"待办事项", "home"}, {"账号登录", "login"}, {"出错了", ""}} {
		if got := render(top[0], top[1], "zh"); got != "" {
			t.Errorf("nav %q: a top-level page has a trail %q", top[1], got)
		}
	}
}

// TestEveryConfirmAsksWithoutJavaScript checks that every form asking with hx-confirm also
// carries its question in _confirm, the field app/confirm.go asks on without JavaScript.
func TestEveryConfirmAsksWithoutJavaScript(t *testing.T) {
	total := 0
	err := fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(views.FS, path)
		if err != nil {
			return err
		}
		asks, fields := strings.Count(string(b), `hx-confirm="`), strings.Count(string(b), `name="_confirm"`)
		total += asks
		if asks != fields {
			t.Errorf("%s: %d hx-confirm but %d _confirm fields", path, asks, fields)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total < 41 {
		t.Errorf("only %d hx-confirm found; the walk missed templates", total)
	}
}
