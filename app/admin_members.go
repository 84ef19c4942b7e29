package app

// 会员管理 (会员部): the member list with inline filters, its Excel export, a member's detail
// with its timeline, and the actions on a member (admin_members_actions.go).

import (
	"net/url"
	"strconv"
	"strings"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dashboard"
	"cpca/internal/members"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// Levels in display order, for the level filter.
var memberLevels = []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}

// membersQuery is the filter of 会员管理 as it travels in the query string.
type membersQuery struct {
	Level    string `query:"level"`
	Status   string `query:"status"`
	Province string `query:"province"`
	Category string `query:"category"`
	Joined   string `query:"joined"`
	Dues     string `query:"dues"`
	// Recent is "30" for members who joined in the last 30 days (the dashboard's 近30天新入会).
	Recent string `query:"recent"`
	Q      string `query:"q"`
}

// Clean drops what the filter does not accept.
func (f *membersQuery) Clean() {
	f.Level, f.Status = oneOrEmpty(f.Level, memberLevels), oneOrEmpty(f.Status, members.Statuses)
	f.Joined, f.Dues = yearOrEmpty(f.Joined), oneOrEmpty(f.Dues, members.DuesStates)
	f.Province, f.Category = oneOrEmpty(f.Province, membership.Provinces), oneOrEmpty(f.Category, membership.Categories)
	f.Q = cut(strings.TrimSpace(f.Q), 100)
	if f.Recent != strconv.Itoa(dashboard.RecentDays) {
		f.Recent = ""
	}
}

const membersPerPage = 30

func (f membersQuery) filter(page, year int) members.Filter {
	return members.Filter{Level: f.Level, Status: f.Status, Province: f.Province, Category: f.Category,
		JoinYear: atoiDefault(f.Joined, 0), DuesYear: year, DuesState: f.Dues, Q: f.Q, Page: page, Size: membersPerPage}
}

// membersPage is 会员管理's list.
type membersPage struct {
	membersQuery
	Rows      []members.Row
	Pager     Pager
	Sort      Sorter
	Query     string
	ExportURL string
	Year      int
}

func (s *Server) membersFilter(c *fiber.Ctx) (membersPage, members.Filter, url.Values) {
	var v membersPage
	q := bindFilter(c, &v.membersQuery)
	v.Query = q.Encode()
	v.ExportURL = "/admin/members/export"
	if v.Query != "" {
		v.ExportURL += "?" + v.Query
	}
	v.Year = calendar.Year(s.Now())
	f := v.filter(pageNumber(c), v.Year)
	if v.Recent != "" {
		f.JoinedSince = dashboard.RecentSince(s.Now())
	}
	return v, f, q
}

// membersList is 会员管理: members with inline filters, paged, bookmarkable.
func (s *Server) membersList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, f, q := s.membersFilter(c)
	f.Size = pageSize(c, q, membersPerPage)
	f.Sort, v.Sort = listSort(c, q, "/admin/members", members.ListSorts)
	rows, total, err := members.List(ctx, s.DB, f)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/members", q, f.Page, f.Size, total)
	v.Pager = sized(v.Pager, membersPerPage)
	p := s.page(c, "会员管理", "members")
	p.Data = v
	return render(c, "pages/admin_members", "partials/members_table", p)
}

// memberDetailPage is one member: profile, people, accounts, timeline and the actions.
type memberDetailPage struct {
	*members.Detail
	Snap                               membership.Snapshot
	CanSuspend, CanResume, CanWithdraw bool
	Typed                              map[string]string // the reasons typed, kept when one is refused
}

func (s *Server) memberDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.renderMember(c, id, nil, nil)
}

func (s *Server) renderMember(c *fiber.Ctx, id int64, fieldErrs, typed map[string]string) error {
	d, err := members.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	st := d.Company.Status
	p := s.page(c, "会员管理", "member_detail")
	p.Data = memberDetailPage{Detail: d, CanSuspend: members.CanMove(st, company.StatusSuspended),
		CanResume: members.CanMove(st, company.StatusMember), CanWithdraw: members.CanMove(st, company.StatusWithdrawn),
		Snap: membership.SnapshotOf(d.Company), Typed: typed}
	if fieldErrs != nil {
		return renderForm(c, "pages/admin_member", "", p, fieldErrs)
	}
	return render(c, "pages/admin_member", "", p)
}
