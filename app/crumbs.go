package app

// Crumb is one step of the breadcrumb trail above a page: a menu section (no link), a menu
// entry (a link back to its list) or the page itself (Current).
type Crumb struct {
	Label   string // Chinese, or a title already in the page's language; the layout translates
	Path    string // "" for a section or the current page
	Current bool
}

// detailNav is a detail page's place under a menu entry: its crumb and the list it belongs to.
type detailNav struct {
	Parent string // the Nav of the menu entry (the list)
	Label  string // the detail page's crumb
}

// detailNavs places detail pages under their list, so a trail such as 后台管理 › 入会审核 ›
// 申请详情 is a row here and no template code. A page whose Title differs from its entry's
// label needs no row: its title is its crumb (缴费详情, an event's name).
var detailNavs = map[string]detailNav{
	"review_detail":    {Parent: "review", Label: "申请详情"},
	"member_detail":    {Parent: "members", Label: "会员详情"},
	"promotion_detail": {Parent: "promotions", Label: "申请详情"},
	"change_detail":    {Parent: "changes", Label: "变更详情"},
}

// topSections are the landing pages (申请进度, 待办事项, 可视化管理): they are the top level
// and have no trail of their own.
var topSections = map[string]bool{"入会申请": true, "企业主页": true, staffHomeSection: true}

// entryNav is the Nav of the menu entry a page belongs to (its own, or its list's).
func entryNav(nav string) string {
	if d, ok := detailNavs[nav]; ok {
		return d.Parent
	}
	return nav
}

// menuEntryOf finds the menu section and entry of nav in the whole menu table.
func menuEntryOf(nav string) (string, MenuEntry, bool) {
	for _, sec := range menuTable {
		for _, e := range sec.Entries {
			if e.Nav == nav {
				return sec.Label, e, true
			}
		}
	}
	return "", MenuEntry{}, false
}

// Crumbs is the page's breadcrumb trail, built from the menu table (section › entry) and,
// below a list, the detail page's crumb or title. Pages outside the menu (login, errors) and
// the landing pages have none.
func (p *Page) Crumbs() []Crumb {
	if p.Nav == "" {
		return nil
	}
	sec, e, ok := menuEntryOf(entryNav(p.Nav))
	if !ok {
		return nil
	}
	last := p.Title
	if d, ok := detailNavs[p.Nav]; ok {
		last = d.Label
	}
	if last == "" || last == e.Label || p.T(last) == p.T(e.Label) { // the entry's own page
		if topSections[sec] {
			return nil
		}
		return []Crumb{{Label: sec}, {Label: e.Label, Current: true}}
	}
	entry := Crumb{Label: e.Label}
	if !e.Soon && (p.navi == nil || p.Can(e.Path)) {
		entry.Path = e.Path
	}
	return []Crumb{{Label: sec}, entry, {Label: last, Current: true}}
}
