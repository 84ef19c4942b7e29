package app

import (
	"strconv"
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/projects"

	"github.com/gofiber/fiber/v2"
)

// projectsQuery is the filter of 项目申报 as it travels in the query string.
type projectsQuery struct {
	Q      string `query:"q"`
	Kind   string `query:"kind"`
	Year   string `query:"year"`
	Status string `query:"status"`
}

// Clean drops what the filter does not accept.
func (f *projectsQuery) Clean() {
	f.Q = strings.TrimSpace(f.Q)
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	f.Kind, f.Status = oneOrEmpty(f.Kind, projects.Kinds), oneOrEmpty(f.Status, projects.Statuses)
	f.Year = yearOrEmpty(f.Year)
}

func (f projectsQuery) filter(page, size int) projects.Filter {
	y, _ := strconv.Atoi(f.Year)
	return projects.Filter{Q: f.Q, Kind: f.Kind, Year: y, Status: f.Status, Page: page, Size: size}
}

// projectsPage is 项目申报: the projects the company may see, and 我的申报.
type projectsPage struct {
	projectsQuery
	Rows  []projects.Project
	Pager Pager
	Query string
	Now   time.Time
	Years []int
	Mine  []projects.Application
}

const projectsPerPage = 20

// projectMember is the company acting, as the projects package sees it.
func projectMember(c *fiber.Ctx) projects.Member {
	pr := principal(c)
	return projects.Member{CompanyID: pr.CompanyID, Council: pr.Role == account.RoleCouncil}
}

// projectYears is the year filter's choices: next year back to five years ago.
func projectYears(now time.Time) []int {
	y := now.Year() + 1
	out := make([]int, 0, 7)
	for i := 0; i < 7; i++ {
		out = append(out, y-i)
	}
	return out
}

// projectList is 项目申报: search by name (2-character fragments), type, year and status;
// projects for 理事单位 and above only for them. 我的申报 lists what staff recorded.
func (s *Server) projectList(c *fiber.Ctx) error {
	var v projectsPage
	q := bindFilter(c, &v.projectsQuery)
	v.Query = q.Encode()
	m := projectMember(c)
	f := v.filter(pageNumber(c), projectsPerPage)
	f.Member, f.Council = true, m.Council
	v.Now = s.Now()
	v.Years = projectYears(v.Now)
	ctx := c.UserContext()
	rows, total, err := projects.List(ctx, s.DB, f, v.Now)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/projects", q, f.Page, projectsPerPage, total)
	if !isHTMX(c) {
		if v.Mine, err = projects.Mine(ctx, s.DB, m.CompanyID); err != nil {
			return err
		}
	}
	p := s.page(c, "项目申报", "projects")
	p.Data = v
	return render(c, "pages/projects", "partials/projects_table", p)
}

// projectPage is 查看 of a project: its details, status, attachments, 提醒我 and what staff
// recorded of the company's application.
type projectPage struct {
	Project     *projects.Project
	Attachments []projects.Attachment
	Own         *projects.Application
	Watching    bool
	Now         time.Time
}

// Status is the derived status now.
func (v projectPage) Status() string { return v.Project.Status(v.Now) }

// CanWatch says 提醒我 / 取消提醒 is offered (the deadline has not passed).
func (v projectPage) CanWatch() bool { return v.Now.Before(v.Project.Deadline) }

func (s *Server) projectDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	m := projectMember(c)
	pr, err := projects.Visible(ctx, s.DB, id, m)
	if err != nil {
		return err
	}
	v := projectPage{Project: pr, Now: s.Now()}
	if v.Attachments, err = projects.Attachments(ctx, s.DB, id, false); err != nil {
		return err
	}
	if v.Own, err = projects.Own(ctx, s.DB, id, m.CompanyID); err != nil {
		return err
	}
	if v.Watching, err = projects.Watching(ctx, s.DB, id, m.CompanyID); err != nil {
		return err
	}
	p := s.page(c, "项目申报", "projects")
	p.Title = pr.Name
	p.Data = v
	return render(c, "pages/project", "", p)
}

func projectURL(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

// projectWatch is 提醒我.
func (s *Server) projectWatch(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = projects.Watch(c.UserContext(), s.DB, id, projectMember(c), actor(c), s.Now())
	return s.done(c, err, msg("已设置提醒：截止前 %d 天将发送站内通知和邮件。", s.remindDays()), projectURL(id))
}

// projectUnwatch is 取消提醒.
func (s *Server) projectUnwatch(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = projects.Unwatch(c.UserContext(), s.DB, id, projectMember(c), actor(c))
	return s.done(c, err, msg("已取消提醒。"), projectURL(id))
}

// remindDays is CPCA_PROJECT_REMIND_DAYS (3 when not set).
func (s *Server) remindDays() int {
	if s.Cfg.ProjectRemindDays > 0 {
		return s.Cfg.ProjectRemindDays
	}
	return 3
}
