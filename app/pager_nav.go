package app

import (
	"net/url"
	"slices"
	"sort"
	"strconv"

	"cpca/internal/store"

	"github.com/gofiber/fiber/v2"
)

// PageSizes are the page sizes staff may pick under a list (the list functions cap Size too).
var PageSizes = []int{20, 50, 100}

// pageSize reads `size` from the query string: one of PageSizes, else def. A non-default
// size is written into q so the pager, sort links and exports keep it.
func pageSize(c *fiber.Ctx, q url.Values, def int) int {
	n := atoiDefault(c.Query("size"), 0)
	for _, s := range PageSizes {
		if s == n && n != def {
			q.Set("size", strconv.Itoa(n))
			return n
		}
	}
	return def
}

// sized turns on the page-size select of a pager whose handler reads `size`; the list's own
// default size is offered too.
func sized(p Pager, def int) Pager {
	p.Sizes = append([]int(nil), PageSizes...)
	if !slices.Contains(p.Sizes, def) {
		p.Sizes = append(p.Sizes, def)
		sort.Ints(p.Sizes)
	}
	return p
}

// pagerWindow is how many pages either side of the current one are linked.
const pagerWindow = 2

// Numbers lists the page numbers to link: the first, a window around the current page and
// the last, with 0 where pages are left out (shown as …). An uncounted list has none.
func (p Pager) Numbers() []int {
	if p.Open || p.Pages <= 1 {
		return nil
	}
	keep := map[int]bool{1: true, p.Pages: true}
	top := p.Pages
	if p.Capped { // the count stopped at store.CountCap: there is no known last page
		delete(keep, p.Pages)
		top = max(min(p.Page+pagerWindow, p.Pages), p.Page)
	}
	for n := p.Page - pagerWindow; n <= p.Page+pagerWindow; n++ {
		if n >= 1 && n <= top {
			keep[n] = true
		}
	}
	ns := make([]int, 0, len(keep))
	for n := range keep {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]int, 0, len(ns)+2)
	for i, n := range ns {
		switch {
		case i > 0 && n == ns[i-1]+2: // one page left out: link it rather than show …
			out = append(out, n-1)
		case i > 0 && n > ns[i-1]+2:
			out = append(out, 0)
		}
		out = append(out, n)
	}
	return out
}

// Hidden is the filter as name/value pairs for the jump form (page and size are its own fields).
func (p Pager) Hidden() [][2]string {
	var out [][2]string
	keys := make([]string, 0, len(p.Query))
	for k := range p.Query {
		if k != "page" && k != "size" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range p.Query[k] {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// MaxPage is the highest page the jump form offers (none for an uncounted or capped list).
func (p Pager) MaxPage() int {
	if p.Open || p.Capped {
		return 0
	}
	return p.Pages
}

// Sorter makes the column headers of a sortable list: links toggling asc/desc (the key goes
// in `sort`; the list function picks the SQL from its whitelist) and the aria-sort state.
type Sorter struct {
	Base    string
	Query   url.Values // the filter, with size; page is dropped (a new order starts at page 1)
	Current string     // the accepted key, e.g. "name_asc"
}

// listSort reads `sort` against the whitelist, writes a non-default key into q and returns
// the accepted key and the header links.
func listSort(c *fiber.Ctx, q url.Values, base string, s store.Sorts) (string, Sorter) {
	key, _ := s.Pick(c.Query("sort"))
	if key != s.Default {
		q.Set("sort", key)
	}
	return key, Sorter{Base: base, Query: q, Current: key}
}

// URL is the link of column col: the other direction when it is the current order, else
// ascending for names and numbers (A→Z) and descending for dates and amounts (newest first).
func (s Sorter) URL(col string) string {
	next := col + "_desc"
	switch s.Current {
	case col + "_desc":
		next = col + "_asc"
	case col + "_asc":
	default:
		if col == "name" || col == "no" {
			next = col + "_asc"
		}
	}
	q := url.Values{}
	for k, v := range s.Query {
		if k != "page" {
			q[k] = v
		}
	}
	q.Set("sort", next)
	return s.Base + "?" + q.Encode()
}

// Aria is the aria-sort value of column col.
func (s Sorter) Aria(col string) string {
	switch s.Current {
	case col + "_asc":
		return "ascending"
	case col + "_desc":
		return "descending"
	}
	return "none"
}

// Arrow is the visible mark of the order on column col.
func (s Sorter) Arrow(col string) string {
	switch s.Aria(col) {
	case "ascending":
		return " ▲"
	case "descending":
		return " ▼"
	}
	return ""
}
