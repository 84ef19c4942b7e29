package app

import (
	"bytes"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestPagerNumbersWindow(t *testing.T) {
	for _, tc := range []struct {
		page, total int
		want        []int
	}{
		{1, 20, nil},
		{1, 100, []int{1, 2, 3, 4, 5}},
		{1, 400, []int{1, 2, 3, 0, 20}},
		{10, 400, []int{1, 0, 8, 9, 10, 11, 12, 0, 20}},
		{20, 400, []int{1, 0, 18, 19, 20}},
		{4, 400, []int{1, 2, 3, 4, 5, 6, 0, 20}},
	} {
		got := newPager("/x", nil, tc.page, 20, tc.total).Numbers()
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("page %d of %d rows: %v, want %v", tc.page, tc.total, got, tc.want)
		}
	}
	// A capped count (1000+) has no last page to link; pages past the count stay reachable.
	if got := newPager("/x", nil, 10, 20, 5000).Numbers(); !reflect.DeepEqual(got, []int{1, 0, 8, 9, 10, 11, 12}) {
		t.Errorf("capped: %v", got)
	}
	if got := newPager("/x", nil, 300, 20, 1001).Numbers(); !reflect.DeepEqual(got, []int{1, 0, 298, 299, 300}) {
		t.Errorf("capped past the count: %v", got)
	}
	if open := (Pager{Page: 3, Pages: 3, Open: true}); open.Numbers() != nil || open.MaxPage() != 0 {
		t.Error("an uncounted pager shows no page numbers")
	}
}

func TestPagerJumpFormKeepsFilter(t *testing.T) {
	q := url.Values{"q": {"北京"}, "size": {"50"}, "sort": {"name_asc"}}
	p := sized(newPager("/admin/members", q, 2, 50, 400), 30)
	if !reflect.DeepEqual(p.Hidden(), [][2]string{{"q", "北京"}, {"sort", "name_asc"}}) {
		t.Errorf("hidden = %v", p.Hidden())
	}
	if !reflect.DeepEqual(p.Sizes, []int{20, 30, 50, 100}) {
		t.Errorf("sizes = %v", p.Sizes)
	}
	engine, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := engine.Render(&b, "partials/pager", langPager(&Page{Lang: "zh"}, p)); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`name="size"`, `<option value="50" selected>`, `name="page"`, `max="8"`, `aria-current="page"`, "跳转", `name="sort" value="name_asc"`} {
		if !strings.Contains(html, want) {
			t.Errorf("pager lacks %s:\n%s", want, html)
		}
	}
}

func TestSorterToggles(t *testing.T) {
	s := Sorter{Base: "/l", Query: url.Values{"page": {"3"}, "q": {"x"}}, Current: "submitted_desc"}
	if u := s.URL("submitted"); u != "/l?q=x&sort=submitted_asc" {
		t.Errorf("current column toggles: %s", u)
	}
	if u := s.URL("name"); u != "/l?q=x&sort=name_asc" {
		t.Errorf("a name starts A→Z: %s", u)
	}
	if s.Aria("submitted") != "descending" || s.Aria("name") != "none" {
		t.Error("aria-sort")
	}
	s.Current = "amount_asc"
	if u := s.URL("amount"); u != "/l?q=x&sort=amount_desc" {
		t.Errorf("asc toggles to desc: %s", u)
	}
}
