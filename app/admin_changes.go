package app

// Staff (会员部): 会员信息变更审核 — the queue of key-field change requests, the detail with
// old and new values and the evidence, approve or reject with a reason.

import (
	"context"
	"strconv"

	"cpca/internal/certificate"
	"cpca/internal/profile"

	"github.com/gofiber/fiber/v2"
)

type changesQuery struct {
	Status string `query:"status"`
}

// Clean keeps a known state; the queue opens on the pending requests.
func (f *changesQuery) Clean() {
	if f.Status != "all" {
		f.Status = oneOrEmpty(f.Status, profile.Statuses)
	}
}

type changesPage struct {
	changesQuery
	Rows     []profile.Change
	Pager    Pager
	Statuses []string
}

type changeDetailPage struct {
	Change  *profile.Change
	History []profile.Change
}

const changesPerPage = 20

func changeURL(id int64) string { return "/admin/changes/" + strconv.FormatInt(id, 10) }

func (s *Server) changesList(c *fiber.Ctx) error {
	var f changesQuery
	if c.Query("status") == "" {
		f.Status = profile.Pending
	} else {
		f.Status = c.Query("status")
	}
	f.Clean()
	q := queryOf(&f)
	page := pageNumber(c)
	status := f.Status
	if status == "all" {
		status = ""
	}
	rows, total, err := profile.List(c.UserContext(), s.DB, profile.Filter{Status: status, Kind: kindFor(status)}, page, changesPerPage)
	if err != nil {
		return err
	}
	p := s.page(c, "会员信息变更", "changes")
	p.Data = changesPage{changesQuery: f, Rows: rows, Pager: newPager("/admin/changes", q, page, changesPerPage, total), Statuses: profile.Statuses}
	return render(c, "pages/admin_changes", "partials/changes_table", p)
}

// kindFor: the queue's states other than 已生效 are key-field requests.
func kindFor(status string) string {
	if status == profile.Applied {
		return profile.KindProfile
	}
	return ""
}

func (s *Server) changeDetail(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ch, err := profile.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	hist, _, err := profile.List(c.UserContext(), s.DB, profile.Filter{CompanyID: ch.CompanyID}, 1, 50)
	if err != nil {
		return err
	}
	p := s.page(c, "会员信息变更", "change_detail")
	p.Data = changeDetailPage{Change: ch, History: hist}
	return render(c, "pages/admin_change", "", p)
}

func (s *Server) changeApprove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ch, err := profile.Approve(c.UserContext(), s.DB, id, actor(c))
	if err == nil && ch.RenamesCompany() {
		s.kickCompanyCertificates(c.UserContext(), ch.CompanyID)
	}
	return s.done(c, err, msg("已通过变更申请，已通知该单位。"), changeURL(id))
}

func (s *Server) changeReject(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, err = profile.Reject(c.UserContext(), s.DB, id, c.FormValue("reason"), actor(c))
	if err == profile.ErrReason {
		ch, gerr := profile.Get(c.UserContext(), s.DB, id)
		if gerr != nil {
			return gerr
		}
		p := s.page(c, "会员信息变更", "changes")
		p.Data = changeDetailPage{Change: ch}
		return renderForm(c, "pages/admin_change", "", p, map[string]string{"reason": err.Error()})
	}
	return s.done(c, err, msg("已驳回变更申请，已通知该单位。"), changeURL(id))
}

// kickCompanyCertificates asks the worker to re-issue the company's certificates whose name no
// longer matches; the hourly sweep does it anyway if Redis is down now.
func (s *Server) kickCompanyCertificates(ctx context.Context, companyID int64) {
	ids, err := certificate.StaleFor(ctx, s.DB, companyID)
	if err != nil {
		return
	}
	for _, id := range ids {
		s.kickCertificate(ctx, id)
	}
}
