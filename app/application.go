package app

import (
	"errors"

	"cpca/internal/company"
	"cpca/internal/membership"

	"github.com/gofiber/fiber/v2"
)

// applicationPage is what an applicant sees of their own application.
type applicationPage struct {
	App      *membership.Application
	Company  *company.Company
	Snap     membership.Snapshot
	Mailing  membership.Mailing
	Docs     []string
	Editable bool
}

func (s *Server) ownApplication(c *fiber.Ctx) (*membership.Application, *company.Company, error) {
	pr := principal(c)
	a, err := membership.ByCompany(c.UserContext(), s.DB, pr.CompanyID)
	if err != nil {
		return nil, nil, err
	}
	co, err := company.ByID(c.UserContext(), s.DB, a.CompanyID)
	return a, co, err
}

// applicationStatus tells an applicant where the application stands: under review, or
// rejected with the reason and the way to fix it.
func (s *Server) applicationStatus(c *fiber.Ctx) error {
	a, co, err := s.ownApplication(c)
	if err != nil {
		return err
	}
	p := s.page(c, "入会申请", "application")
	p.Data = applicationPage{App: a, Company: co, Snap: membership.SnapshotOf(co), Mailing: s.mailing,
		Docs: membership.PaperDocuments, Editable: a.Status == membership.StatusRejected}
	return render(c, "pages/application", "", p)
}

func (s *Server) applicationEdit(c *fiber.Ctx) error {
	a, co, err := s.ownApplication(c)
	if err != nil {
		return err
	}
	if a.Status != membership.StatusRejected {
		flashErr(c, "申请正在审核中，暂不能修改。")
		return redirect(c, "/application")
	}
	p := s.page(c, "修改入会申请", "application")
	p.Data = applicationPage{App: a, Company: co, Snap: membership.SnapshotOf(co), Editable: true}
	return render(c, "pages/application_edit", "partials/application_form", p)
}

// applicationResubmit checks the three company steps as one form and puts the application
// back in the queue as a new revision.
func (s *Server) applicationResubmit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, co, err := s.ownApplication(c)
	if err != nil {
		return err
	}
	var snap membership.Snapshot
	bindCompany(c, &snap.Company)
	bindSales(c, &snap.Sales)
	snap.People = bindPeople(c)
	show := func(errs membership.Errors) error {
		p := s.page(c, "修改入会申请", "application")
		p.Data = applicationPage{App: a, Company: co, Snap: snap, Editable: true}
		p.Errors = errs
		if len(errs) > 0 {
			c.Status(fiber.StatusUnprocessableEntity)
		}
		return render(c, "pages/application_edit", "partials/application_form", p)
	}
	if action := c.FormValue("action"); action == "add" || len(action) > 7 && action[:7] == "remove:" {
		editPeople(&snap.People, action)
		return show(nil)
	}
	errs := membership.Errors{}
	for _, e := range []membership.Errors{snap.Company.Validate(s.Now()), snap.Sales.Validate(), snap.People.Validate()} {
		for k, v := range e {
			errs[k] = v
		}
	}
	if len(errs) > 0 {
		return show(errs)
	}
	_, err = membership.Resubmit(ctx, s.DB, a.ID, snap, actor(c))
	if errors.Is(err, membership.ErrUSCCTaken) {
		return show(membership.Errors{"uscc": err.Error()})
	}
	return s.done(c, err, msg("已重新提交，协会将尽快审核。"), "/application")
}
