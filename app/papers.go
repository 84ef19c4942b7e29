package app

// 参会投稿, the member side: the event's call (征稿), the paper form (保存草稿 / 提交, revised
// until the deadline; after it only with the late-submission code), 我的投稿 and a paper
// with its versions and, once released, the decision and whether its mail arrived.

import (
	"errors"
	"strconv"
	"time"

	"cpca/internal/events"
	"cpca/internal/papers"

	"github.com/gofiber/fiber/v2"
)

// paperMember is the company and user acting, as the papers package sees them.
func paperMember(c *fiber.Ctx) papers.Member {
	m := member(c)
	return papers.Member{CompanyID: m.CompanyID, UserID: principal(c).UserID, Council: m.Council}
}

func paperURL(id int64) string { return "/papers/" + strconv.FormatInt(id, 10) }

// paperCallPage is the call of one event: dates, topics, limits, and the company's papers.
type paperCallPage struct {
	Event  *events.Event
	Call   *papers.Call
	Papers []papers.Paper
	Now    time.Time
}

// CanSubmit says 参会投稿 is offered: the call is open, or past its close (with the code).
func (v paperCallPage) CanSubmit() bool { return v.Call != nil && v.Call.Started(v.Now) }

// paperCall is the 参会投稿 block of 查看详情 (a fragment for htmx) or its own page.
func (s *Server) paperCall(c *fiber.Ctx) error {
	ctx := c.UserContext()
	e, err := s.visibleEvent(c)
	if err != nil {
		return err
	}
	call, err := papers.GetCall(ctx, s.DB, e.ID)
	if err != nil {
		return err
	}
	if call != nil && !call.Enabled {
		call = nil
	}
	v := paperCallPage{Event: e, Call: call, Now: s.Now()}
	if call != nil {
		if v.Papers, err = papers.Own(ctx, s.DB, principal(c).CompanyID, e.ID); err != nil {
			return err
		}
	}
	p := s.page(c, "参会投稿", "events")
	p.Data = v
	return render(c, "pages/paper_call", "partials/paper_call_block", p)
}

// paperFormPage is the paper form, new or a change.
type paperFormPage struct {
	Event *events.Event
	Call  *papers.Call
	Paper *papers.Paper // nil for a new paper
	Form  papers.Form
	Rows  []papers.Author
	Now   time.Time
}

// Action is where the form posts.
func (v paperFormPage) Action() string {
	if v.Paper != nil {
		return paperURL(v.Paper.ID) + "/edit"
	}
	return "/events/" + strconv.FormatInt(v.Event.ID, 10) + "/papers/new"
}

// Late says the call has closed: the form asks for the access code.
func (v paperFormPage) Late() bool { return v.Call.Late(v.Now) }

// HasFile says a full paper is stored already.
func (v paperFormPage) HasFile() bool { return v.Paper != nil && v.Paper.FileID != "" }

// authorRows pads the authors to the lines the form shows (at least 3, one empty to add).
func authorRows(as []papers.Author) []papers.Author {
	rows := append([]papers.Author(nil), as...)
	for len(rows) < 3 || (len(rows) < papers.MaxAuthors && rows[len(rows)-1].Name != "") {
		rows = append(rows, papers.Author{})
	}
	return rows
}

func (s *Server) showPaperForm(c *fiber.Ctx, v paperFormPage, fieldErrs map[string]string) error {
	v.Rows, v.Now = authorRows(v.Form.Authors), s.Now()
	title := "参会投稿"
	if v.Paper != nil {
		title = "修改稿件"
	}
	p := s.page(c, title, "papers")
	p.Data = v
	return renderForm(c, "pages/paper_form", "", p, fieldErrs)
}

// callFor loads the event the member may see and its enabled call (ErrNoCall otherwise).
func (s *Server) callFor(c *fiber.Ctx, eventID int64) (*events.Event, *papers.Call, error) {
	e, err := events.Visible(c.UserContext(), s.DB, eventID, member(c).Council)
	if err != nil {
		return nil, nil, err
	}
	call, err := papers.GetCall(c.UserContext(), s.DB, e.ID)
	if err != nil {
		return nil, nil, err
	}
	if call == nil || !call.Enabled {
		return nil, nil, papers.ErrNoCall
	}
	return e, call, nil
}

func (s *Server) paperNew(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, call, err := s.callFor(c, id)
	if err != nil {
		return err
	}
	return s.showPaperForm(c, paperFormPage{Event: e, Call: call}, nil)
}

// paperForm reads the posted form; a chosen file that cannot be read is a field error.
func paperForm(c *fiber.Ctx) (papers.Form, map[string]string) {
	f := papers.Form{Title: c.FormValue("title"), Abstract: c.FormValue("abstract"), Keywords: c.FormValue("keywords"),
		Topic: c.FormValue("topic"), Declared: c.FormValue("declared") == "1", Code: c.FormValue("code")}
	for i := 0; i < papers.MaxAuthors+2; i++ {
		k := strconv.Itoa(i)
		f.Authors = append(f.Authors, papers.Author{Name: c.FormValue("author_name_" + k), Affiliation: c.FormValue("author_aff_" + k),
			Presenting: c.FormValue("author_presenting_"+k) == "1"})
	}
	up, err := readUpload(c, "file")
	switch {
	case errors.Is(err, errNoUpload):
	case err != nil:
		f.Authors = trimAuthors(f.Authors)
		return f, map[string]string{"file": errText(c, err)}
	default:
		f.File = &papers.Upload{Name: up.Name, Data: up.Data}
	}
	f.Authors = trimAuthors(f.Authors)
	return f, nil
}

func trimAuthors(as []papers.Author) []papers.Author {
	var out []papers.Author
	for _, a := range as {
		if a.Name != "" || a.Affiliation != "" {
			out = append(out, a)
		}
	}
	return out
}

// savePaper posts the form: 保存草稿 (action=draft) or 提交.
func (s *Server) savePaper(c *fiber.Ctx, e *events.Event, call *papers.Call, paper *papers.Paper) error {
	f, fieldErrs := paperForm(c)
	v := paperFormPage{Event: e, Call: call, Paper: paper, Form: f}
	if fieldErrs != nil {
		return s.showPaperForm(c, v, fieldErrs)
	}
	submit := c.FormValue("action") != "draft"
	var id int64
	if paper != nil {
		id = paper.ID
	}
	saved, err := papers.Save(c.UserContext(), s.DB, e.ID, id, paperMember(c), f, submit, actor(c), s.Now())
	var fe papers.FieldErrors
	if errors.As(err, &fe) {
		v.Form.File = nil
		return s.showPaperForm(c, v, fe)
	}
	if err != nil {
		return s.done(c, err, msg(""), "/events/"+strconv.FormatInt(e.ID, 10)+"/call")
	}
	ok := msg("草稿已保存。")
	if submit {
		ok = msg("稿件已提交（第 %d 版）。截止前可以修改后重新提交。", saved.Version)
	}
	return s.done(c, nil, ok, paperURL(saved.ID))
}

func (s *Server) paperCreate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	e, call, err := s.callFor(c, id)
	if err != nil {
		return err
	}
	return s.savePaper(c, e, call, nil)
}

// ownPaper loads the :id paper of the member's company with its event and call.
func (s *Server) ownPaper(c *fiber.Ctx) (*papers.Paper, *events.Event, *papers.Call, error) {
	id, err := idParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := papers.OwnPaper(c.UserContext(), s.DB, id, principal(c).CompanyID)
	if err != nil {
		return nil, nil, nil, err
	}
	e, call, err := s.callFor(c, p.EventID)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, e, call, nil
}

func (s *Server) paperEdit(c *fiber.Ctx) error {
	p, e, call, err := s.ownPaper(c)
	if err != nil {
		return err
	}
	if !p.Editable() {
		return s.done(c, papers.ErrState{Status: p.Status, Action: "修改稿件"}, msg(""), paperURL(p.ID))
	}
	return s.showPaperForm(c, paperFormPage{Event: e, Call: call, Paper: p, Form: papers.FormOfPaper(p)}, nil)
}

func (s *Server) paperUpdate(c *fiber.Ctx) error {
	p, e, call, err := s.ownPaper(c)
	if err != nil {
		return err
	}
	return s.savePaper(c, e, call, p)
}

// paperPage is one of the company's papers: its versions and the released decision.
type paperPage struct {
	Paper    *papers.Paper
	Call     *papers.Call
	Versions []papers.Version
	Decision *papers.Decision
	Now      time.Time
}

// CanEdit says 修改 is offered: the paper is not under review yet and the call takes changes
// (past the close the form asks for the code).
func (v paperPage) CanEdit() bool { return v.Paper.Editable() && v.Call.Started(v.Now) }

func (s *Server) paperShow(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p, _, call, err := s.ownPaper(c)
	if err != nil {
		return err
	}
	v := paperPage{Paper: p, Call: call, Now: s.Now()}
	if v.Versions, err = papers.Versions(ctx, s.DB, p.ID); err != nil {
		return err
	}
	if v.Decision, err = papers.Released(ctx, s.DB, p.ID); err != nil {
		return err
	}
	pg := s.page(c, "稿件详情", "papers")
	pg.Title = p.Title
	pg.Data = v
	return render(c, "pages/paper", "", pg)
}

func (s *Server) paperWithdraw(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, err = papers.Withdraw(c.UserContext(), s.DB, id, paperMember(c), actor(c), s.Now())
	return s.done(c, err, msg("稿件已撤回。"), paperURL(id))
}

// papersPage is 我的投稿: the company's papers across events.
type papersPage struct {
	Rows []papers.Paper
}

func (s *Server) paperList(c *fiber.Ctx) error {
	rows, err := papers.Own(c.UserContext(), s.DB, principal(c).CompanyID, 0)
	if err != nil {
		return err
	}
	p := s.page(c, "我的投稿", "papers")
	p.Data = papersPage{Rows: rows}
	return render(c, "pages/papers", "", p)
}
