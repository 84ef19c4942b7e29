package app

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/files"
	"cpca/internal/projects"

	"github.com/gofiber/fiber/v2"
)

// adminProjectsQuery is the filter of 项目申报管理.
type adminProjectsQuery struct {
	projectsQuery
	Published string `query:"published"`
}

// Clean drops what the filter does not accept.
func (f *adminProjectsQuery) Clean() {
	f.projectsQuery.Clean()
	f.Published = oneOrEmpty(f.Published, []string{"yes", "no"})
}

// adminProjectsPage is 项目申报管理: every project, drafts included.
type adminProjectsPage struct {
	adminProjectsQuery
	Rows  []projects.Project
	Pager Pager
	Query string
	Now   time.Time
	Years []int
}

const adminProjectsPerPage = 30

func (s *Server) adminProjects(c *fiber.Ctx) error {
	var v adminProjectsPage
	q := bindFilter(c, &v.adminProjectsQuery)
	v.Query = q.Encode()
	v.Now = s.Now()
	v.Years = projectYears(v.Now)
	f := v.filter(pageNumber(c), adminProjectsPerPage)
	f.Published = v.Published
	rows, total, err := projects.List(c.UserContext(), s.DB, f, v.Now)
	if err != nil {
		return err
	}
	v.Rows, v.Pager = pageRows(rows, "/admin/projects", q, f.Page, adminProjectsPerPage, total)
	p := s.page(c, "项目申报管理", "admin_projects")
	p.Data = v
	return render(c, "pages/admin_projects", "partials/admin_projects_table", p)
}

// projectFormPage is the create / edit form.
type projectFormPage struct {
	ID   int64
	Form projects.Form
}

// Action is where the form posts.
func (v projectFormPage) Action() string {
	if v.ID == 0 {
		return "/admin/projects/new"
	}
	return adminProjectURL(v.ID) + "/edit"
}

func adminProjectURL(id int64) string { return "/admin/projects/" + strconv.FormatInt(id, 10) }

func (s *Server) showProjectForm(c *fiber.Ctx, v projectFormPage, fieldErrs map[string]string) error {
	title := "新建项目"
	if v.ID != 0 {
		title = "编辑项目"
	}
	p := s.page(c, title, "admin_projects")
	p.Data = v
	return renderForm(c, "pages/admin_project_form", "", p, fieldErrs)
}

// projectNew is 新建项目 with defaults: open from today for a month, this year.
func (s *Server) projectNew(c *fiber.Ctx) error {
	today := calendar.Today(s.Now())
	return s.showProjectForm(c, projectFormPage{Form: projects.Form{Kind: projects.KindStandard, Year: strconv.Itoa(today.Year()),
		Publisher: "中国电子电路行业协会", StartsOn: calendar.Format(today), DeadlineOn: calendar.Format(today.AddDate(0, 1, 0)), PaperCopies: "0"}}, nil)
}

func projectForm(c *fiber.Ctx) projects.Form {
	v := func(k string) string { return c.FormValue(k) }
	return projects.Form{Name: v("name"), Kind: v("kind"), Year: v("year"), Publisher: v("publisher"), StartsOn: v("starts_on"),
		DeadlineOn: v("deadline_on"), ReviewUntilOn: v("review_until_on"), Conditions: v("conditions"), Materials: v("materials"),
		SubmitEmail: v("submit_email"), PaperCopies: v("paper_copies"), MailAddress: v("mail_address"), ReviewProcess: v("review_process"),
		Contacts: v("contacts"), Results: v("results"), CouncilOnly: v("council_only") == "1", Postmark: v("postmark") == "1"}
}

// projectCreate stores a new, unpublished project.
func (s *Server) projectCreate(c *fiber.Ctx) error {
	f := projectForm(c)
	pr, fieldErrs := f.Project()
	if len(fieldErrs) > 0 {
		return s.showProjectForm(c, projectFormPage{Form: f}, fieldErrs)
	}
	pr, err := projects.Save(c.UserContext(), s.DB, pr, actor(c), s.Now())
	if err != nil {
		return err
	}
	return s.done(c, nil, msg("项目已保存（未发布）。"), adminProjectURL(pr.ID))
}

func (s *Server) projectEdit(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	pr, err := projects.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	return s.showProjectForm(c, projectFormPage{ID: id, Form: projects.FormOf(pr)}, nil)
}

func (s *Server) projectUpdate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := projects.Get(c.UserContext(), s.DB, id); err != nil {
		return err
	}
	f := projectForm(c)
	pr, fieldErrs := f.Project()
	if len(fieldErrs) > 0 {
		return s.showProjectForm(c, projectFormPage{ID: id, Form: f}, fieldErrs)
	}
	pr.ID = id
	_, err = projects.Save(c.UserContext(), s.DB, pr, actor(c), s.Now())
	return s.done(c, err, msg("项目已保存。"), adminProjectURL(id))
}

func (s *Server) projectPublish(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = projects.Publish(c.UserContext(), s.DB, id, actor(c))
	return s.done(c, err, msg("项目已发布，会员单位可见。"), adminProjectURL(id))
}

func (s *Server) projectUnpublish(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = projects.Unpublish(c.UserContext(), s.DB, id, actor(c))
	return s.done(c, err, msg("项目已撤回发布。"), adminProjectURL(id))
}

func (s *Server) projectCopy(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	pr, err := projects.Copy(c.UserContext(), s.DB, id, actor(c))
	if err != nil {
		return err
	}
	return s.done(c, nil, msg("已复制为新项目（未发布），请修改日期后发布。"), adminProjectURL(pr.ID)+"/edit")
}

// adminProjectPage is a project's staff page: details, attachments, recorded applications.
type adminProjectPage struct {
	Project      *projects.Project
	Attachments  []projects.Attachment
	Applications []projects.Application
	Companies    []projects.CompanyOption
	App          projects.AppForm
	Title        string // attachment title typed
	Now          time.Time
}

func (s *Server) showAdminProject(c *fiber.Ctx, id int64, v adminProjectPage, fieldErrs map[string]string) error {
	ctx := c.UserContext()
	pr, err := projects.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v.Project, v.Now = pr, s.Now()
	if v.Attachments, err = projects.Attachments(ctx, s.DB, id, true); err != nil {
		return err
	}
	if v.Applications, err = projects.Applications(ctx, s.DB, id); err != nil {
		return err
	}
	if v.Companies, err = projects.MemberCompanies(ctx, s.DB); err != nil {
		return err
	}
	if v.App.Channel == "" {
		v.App = projects.AppForm{ReceivedOn: calendar.Format(v.Now), Channel: projects.ChannelEmail, Decision: projects.DecisionPending, Complete: true}
	}
	p := s.page(c, "项目申报管理", "admin_projects")
	p.Title = pr.Name
	p.Data = v
	return renderForm(c, "pages/admin_project", "", p, fieldErrs)
}

func (s *Server) adminProject(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.showAdminProject(c, id, adminProjectPage{}, nil)
}

// projectAttach uploads a new version of an attachment (.docx / .pdf).
func (s *Server) projectAttach(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(c.FormValue("title"))
	up, err := readUpload(c, "file")
	switch {
	case errors.Is(err, errNoUpload):
		return s.showAdminProject(c, id, adminProjectPage{Title: title}, map[string]string{"file": "请选择文件（DOCX 或 PDF）"})
	case errors.Is(err, files.ErrTooLarge):
		return s.showAdminProject(c, id, adminProjectPage{Title: title}, map[string]string{"file": files.ErrTooLarge.Error()})
	case err != nil:
		return err
	}
	a, err := projects.AddAttachment(c.UserContext(), s.DB, id, title, up.Name, up.Data, actor(c))
	switch {
	case errors.Is(err, projects.ErrTitle):
		return s.showAdminProject(c, id, adminProjectPage{Title: title}, map[string]string{"title": "请填写附件名称（最多40字）。"})
	case errors.Is(err, projects.ErrAttachType):
		return s.showAdminProject(c, id, adminProjectPage{Title: title}, map[string]string{"file": "附件只支持 DOCX、PDF 格式（按文件内容识别）。"})
	case err != nil:
		return err
	}
	return s.done(c, nil, msg("附件已上传：%s（第 %d 版）。", a.Title, a.Version), adminProjectURL(id)+"#attachments")
}

// projectRecord records (or corrects) a company's offline application.
func (s *Server) projectRecord(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v := func(k string) string { return c.FormValue(k) }
	f := projects.AppForm{CompanyID: v("company_id"), ReceivedOn: v("received_on"), Channel: v("channel"), Missing: v("missing"),
		Decision: v("decision"), Note: v("note"), Complete: v("complete") == "1"}
	_, fieldErrs, err := projects.Record(c.UserContext(), s.DB, id, f, actor(c))
	if err != nil {
		return err
	}
	if len(fieldErrs) > 0 {
		return s.showAdminProject(c, id, adminProjectPage{App: f}, fieldErrs)
	}
	return s.done(c, nil, msg("申报记录已保存，申报单位可在“我的申报”中查看。"), adminProjectURL(id)+"#applications")
}
