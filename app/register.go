package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sort"
	"strconv"
	"strings"

	"cpca/internal/account"
	"cpca/internal/auth"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// Steps of 注册账户, in order (manual 2.1.1).
var registerSteps = []string{"公司信息", "产品及销售信息", "成员信息", "账号信息"}

// registerPage is the data of the wizard.
type registerPage struct {
	Step    int
	Reached int
	Steps   []string
	Draft   *membership.Draft
	Mailing membership.Mailing
}

// registerDone is the data of the confirmation page.
type registerDone struct {
	ApplicationID string
	Email         string
	Documents     []string
	Mailing       membership.Mailing
}

func newDraftID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// draft loads the session's draft. Without one, a GET gets an empty draft that is not stored
// (no state change on GET); a POST starts and stores one.
func (s *Server) draft(c *fiber.Ctx) (string, *membership.Draft, error) {
	sess := sessionOf(c)
	id := sess.Get("draft")
	if id != "" {
		d, err := membership.LoadDraft(c.UserContext(), s.DB, id)
		if err == nil {
			return id, d, nil
		}
		if !errors.Is(err, membership.ErrNotFound) {
			return "", nil, err
		}
	}
	d := &membership.Draft{Step: 1, People: membership.PeopleInfo{People: []membership.Person{{}}}}
	if c.Method() == fiber.MethodGet {
		return "", d, nil
	}
	id = newDraftID()
	sess.Set("draft", id)
	return id, d, membership.SaveDraft(c.UserContext(), s.DB, id, d)
}

func stepParam(c *fiber.Ctx) (int, error) {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || n > len(registerSteps) {
		return 0, fiber.ErrNotFound
	}
	return n, nil
}

func (s *Server) registerStart(c *fiber.Ctx) error {
	if pr := principal(c); pr.UserID != 0 {
		return redirect(c, landing(pr.Role))
	}
	_, d, err := s.draft(c)
	if err != nil {
		return err
	}
	return redirect(c, "/register/step/"+strconv.Itoa(d.Step))
}

func (s *Server) showStep(c *fiber.Ctx, n int, d *membership.Draft, errs membership.Errors) error {
	p := s.page(c, "注册账户", "register")
	p.Title = p.T(p.Title) + " - " + p.T(registerSteps[n-1])
	p.Data = registerPage{Step: n, Reached: d.Step, Steps: registerSteps, Draft: d, Mailing: s.mailing}
	p.Errors = errs
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return render(c, "pages/register", "partials/register_form", p)
}

func (s *Server) registerStep(c *fiber.Ctx) error {
	if pr := principal(c); pr.UserID != 0 {
		return redirect(c, landing(pr.Role)) // registering is for new companies, not a logged-in user
	}
	n, err := stepParam(c)
	if err != nil {
		return err
	}
	_, d, err := s.draft(c)
	if err != nil {
		return err
	}
	if n > d.Step {
		// A step can not be skipped: go to the furthest step reached.
		return redirect(c, "/register/step/"+strconv.Itoa(d.Step))
	}
	return s.showStep(c, n, d, nil)
}

// registerSave takes one step's form: 上一步 keeps what was typed without checking it,
// 添加/删除 changes the people rows in place, 下一步 validates and moves on.
func (s *Server) registerSave(c *fiber.Ctx) error {
	if pr := principal(c); pr.UserID != 0 {
		return redirect(c, landing(pr.Role))
	}
	n, err := stepParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	id, d, err := s.draft(c)
	if err != nil {
		return err
	}
	if n > d.Step {
		return redirect(c, "/register/step/"+strconv.Itoa(d.Step))
	}
	action := c.FormValue("action")
	switch n {
	case 1:
		bindCompany(c, &d.Company)
	case 2:
		bindSales(c, &d.Sales)
	case 3:
		d.People = bindPeople(c)
		if action == "add" || strings.HasPrefix(action, "remove:") {
			editPeople(&d.People, action)
			if err := membership.SaveDraft(ctx, s.DB, id, d); err != nil {
				return err
			}
			return s.showStep(c, n, d, nil)
		}
	case 4:
		d.Account.Username = c.FormValue("username")
		d.Account.Email = c.FormValue("email")
		d.Account.Mobile = c.FormValue("mobile")
		d.Account.Consent = c.FormValue("consent") == "on"
	}
	if action == "back" {
		if err := membership.SaveDraft(ctx, s.DB, id, d); err != nil {
			return err
		}
		return redirect(c, "/register/step/"+strconv.Itoa(max(n-1, 1)))
	}
	var errs membership.Errors
	switch n {
	case 1:
		errs = d.Company.Validate(s.Now())
		if errs["uscc"] == "" {
			taken, err := membership.USCCTaken(ctx, s.DB, d.Company.USCC, 0)
			if err != nil {
				return err
			}
			if taken {
				errs["uscc"] = membership.ErrUSCCTaken.Error()
			}
		}
	case 2:
		errs = d.Sales.Validate()
	case 3:
		errs = d.People.Validate()
	case 4:
		return s.registerSubmit(c, id, d)
	}
	if err := membership.SaveDraft(ctx, s.DB, id, d); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.showStep(c, n, d, errs)
	}
	d.Step = max(d.Step, n+1)
	if err := membership.SaveDraft(ctx, s.DB, id, d); err != nil {
		return err
	}
	return redirect(c, "/register/step/"+strconv.Itoa(n+1))
}

// registerSubmit checks step 4 and all earlier steps again, then creates the application
// and its 入会申请提交成功 email in one transaction.
func (s *Server) registerSubmit(c *fiber.Ctx, id string, d *membership.Draft) error {
	ctx := c.UserContext()
	password, confirm := c.FormValue("password"), c.FormValue("confirm")
	errs := d.Account.Validate(password, confirm)
	if errs["password"] == "" {
		if err := auth.CheckRules(password, d.Account.Username); err != nil {
			errs["password"] = err.Error()
		}
	}
	if errs["username"] == "" {
		taken, err := account.UsernameTaken(ctx, s.DB, d.Account.Username)
		if err != nil {
			return err
		}
		if taken {
			errs["username"] = account.ErrUsernameTaken.Error()
		}
	}
	if err := membership.SaveDraft(ctx, s.DB, id, d); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.showStep(c, 4, d, errs)
	}
	// Earlier steps may have been changed since they were checked (another tab, a stale draft).
	for step, e := range []membership.Errors{d.Company.Validate(s.Now()), d.Sales.Validate(), d.People.Validate()} {
		if len(e) > 0 {
			d.Step = step + 1
			_ = membership.SaveDraft(ctx, s.DB, id, d)
			return s.showStep(c, step+1, d, e)
		}
	}
	if e, err := s.registrationAllowed(c, d.Account.Email); err != nil || len(e) > 0 {
		if err != nil {
			return err
		}
		return s.showStep(c, 4, d, e)
	}
	app, err := membership.Submit(ctx, s.DB, d, password, s.mailing, c.IP())
	switch {
	case errors.Is(err, membership.ErrUSCCTaken):
		d.Step = 1
		_ = membership.SaveDraft(ctx, s.DB, id, d)
		return s.showStep(c, 1, d, membership.Errors{"uscc": err.Error()})
	case errors.Is(err, account.ErrUsernameTaken):
		return s.showStep(c, 4, d, membership.Errors{"username": err.Error()})
	case err != nil:
		return err
	}
	s.kickOutbox()
	_ = membership.DeleteDraft(ctx, s.DB, id)
	sess := sessionOf(c)
	sess.Set("draft", "")
	sess.Set("submitted", strconv.FormatInt(app.ID, 10)+"|"+d.Account.Email)
	return redirect(c, "/register/done")
}

func (s *Server) registerDone(c *fiber.Ctx) error {
	v := sessionOf(c).Get("submitted")
	if v == "" {
		return redirect(c, "/register")
	}
	appID, email, _ := strings.Cut(v, "|")
	p := s.page(c, "入会申请提交成功", "register")
	p.Data = registerDone{ApplicationID: appID, Email: email, Documents: membership.PaperDocuments, Mailing: s.mailing}
	return render(c, "pages/register_done", "", p)
}

func bindCompany(c *fiber.Ctx, x *membership.CompanyInfo) {
	*x = membership.CompanyInfo{Name: c.FormValue("name"), USCC: c.FormValue("uscc"), LegalRep: c.FormValue("legal_rep"),
		RegCapital: c.FormValue("reg_capital"), FoundedOn: c.FormValue("founded_on"), Nature: c.FormValue("nature"),
		Category: c.FormValue("category"), Province: c.FormValue("province"), City: c.FormValue("city"),
		Address: c.FormValue("address"), Postcode: c.FormValue("postcode"), Website: c.FormValue("website"),
		Employees: c.FormValue("employees"), Intro: c.FormValue("intro")}
}

func bindSales(c *fiber.Ctx, x *membership.SalesInfo) {
	*x = membership.SalesInfo{MainProducts: c.FormValue("main_products"), LastYearSales: c.FormValue("last_year_sales"),
		ExportRatio: c.FormValue("export_ratio"), MainMarkets: c.FormValue("main_markets"), Certifications: c.FormValue("certifications")}
}

// bindPeople reads rows named people.N.field, in the order of N.
func bindPeople(c *fiber.Ctx) membership.PeopleInfo {
	rows := map[int]*membership.Person{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		key := string(k)
		if !strings.HasPrefix(key, "people.") {
			return
		}
		parts := strings.SplitN(key, ".", 3)
		if len(parts) != 3 {
			return
		}
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= membership.MaxPeople*2 {
			return
		}
		p := rows[i]
		if p == nil {
			p = &membership.Person{}
			rows[i] = p
		}
		switch parts[2] {
		case "name":
			p.Name = string(v)
		case "title":
			p.Title = string(v)
		case "mobile":
			p.Mobile = string(v)
		case "email":
			p.Email = string(v)
		}
	})
	idx := make([]int, 0, len(rows))
	for i := range rows {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := membership.PeopleInfo{Primary: -1, Finance: -1}
	pos := map[int]int{}
	for n, i := range idx {
		out.People = append(out.People, *rows[i])
		pos[i] = n
	}
	if n, err := strconv.Atoi(c.FormValue("primary")); err == nil {
		if p, ok := pos[n]; ok {
			out.Primary = p
		}
	}
	if n, err := strconv.Atoi(c.FormValue("finance")); err == nil {
		if p, ok := pos[n]; ok {
			out.Finance = p
		}
	}
	return out
}

// editPeople adds an empty row or removes row i, keeping the contact marks on the same people.
func editPeople(p *membership.PeopleInfo, action string) {
	if action == "add" {
		if len(p.People) < membership.MaxPeople {
			p.People = append(p.People, membership.Person{})
		}
		return
	}
	i, err := strconv.Atoi(strings.TrimPrefix(action, "remove:"))
	if err != nil || i < 0 || i >= len(p.People) || len(p.People) == 1 {
		return
	}
	p.People = append(p.People[:i], p.People[i+1:]...)
	fix := func(m int) int {
		switch {
		case m == i:
			return -1
		case m > i:
			return m - 1
		}
		return m
	}
	p.Primary, p.Finance = fix(p.Primary), fix(p.Finance)
}
