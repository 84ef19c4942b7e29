package app

import (
	"bytes"
	"strings"
	"testing"

	"cpca/internal/dues"
)

// TestPretranslate checks what the load-time translation rewrites and what it leaves to the
// runtime call.
func TestPretranslate(t *testing.T) {
	cases := []struct{ src, lang, want string }{
		{`<h1>{{.T "会员缴费"}}</h1>`, "en", `<h1>Dues</h1>`},
		{`<h1>{{.T "会员缴费"}}</h1>`, "zh", `<h1>会员缴费</h1>`},
		{`<a>{{$.T "会员缴费"}}</a><b>{{ $p.T "会员缴费" }}</b>`, "en", `<a>Dues</a><b>Dues</b>`},
		{`<i>{{.T .Status}}</i>`, "en", `<i>{{.T .Status}}</i>`},       // data: translated while rendering
		{`<i>{{- .T "会员缴费" -}}</i>`, "en", `<i>{{- .T "会员缴费" -}}</i>`}, // trim markers: left alone
		{`<i>{{printf "%s" (.T "会员缴费")}}</i>`, "en", `<i>{{printf "%s" (.T "会员缴费")}}</i>`},
		{`<i title="{{.T "a\"<b>&c"}}">`, "zh", `<i title="a&#34;&lt;b&gt;&amp;c">`}, // escaped as html/template would
		{`<p>{{.T "用 {{企业名称}} 称呼"}}</p>`, "zh", `<p>{{"用 {{企业名称}} 称呼"}}</p>`},        // braces stay data
	}
	for _, c := range cases {
		got, err := pretranslate(c.src, c.lang)
		if err != nil || got != c.want {
			t.Errorf("pretranslate(%q, %s) = %q, %v; want %q", c.src, c.lang, got, err, c.want)
		}
	}
}

// TestViewSetLanguages renders the same page in both languages from their own sets.
func TestViewSetLanguages(t *testing.T) {
	v, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"zh": "登录", "en": "Log in"} {
		var buf bytes.Buffer
		if err := v.Render(&buf, "pages/login", &Page{Lang: lang, Data: loginForm{}}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s login page lacks %q", lang, want)
		}
	}
	if err := v.Render(&bytes.Buffer{}, "pages/nope", &Page{}); err == nil {
		t.Error("an unknown template rendered")
	}
}

// BenchmarkRenderDues renders 会员缴费 with 20 rows from the load-time translated sets
// (pre) and from sets that translate every literal while rendering (runtime), the engine's
// shape before.
func BenchmarkRenderDues(b *testing.B) {
	row := dues.Dues{ID: 1, Year: 2026, Level: "member", AmountFen: 300000, Status: dues.Pending, InvoiceStatus: dues.InvoiceRequested}
	rows := make([]dues.Dues, 20)
	for i := range rows {
		rows[i] = row
	}
	data := duesPage{duesQuery: duesQuery{Year: "2026"}, Years: []int{2026, 2025}, Rows: rows,
		Pager: Pager{Page: 1, Pages: 3, Total: 50, Base: "/dues"}}
	for _, pre := range []bool{true, false} {
		v, err := loadViews(pre)
		if err != nil {
			b.Fatal(err)
		}
		for _, lang := range []string{"zh", "en"} {
			name := map[bool]string{true: "pre", false: "runtime"}[pre] + "/" + lang
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				var buf bytes.Buffer
				for i := 0; i < b.N; i++ {
					buf.Reset()
					if err := v.Render(&buf, "pages/dues", &Page{Lang: lang, Data: data}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
