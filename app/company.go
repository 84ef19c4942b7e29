package app

// 信息管理 — 会员信息: the member company's profile. Fields other than the key ones are saved
// at once; the key ones (企业名称, 统一社会信用代码, 法定代表人, 注册资本, 企业性质) go to 会员部
// as a change request with the 营业执照 or other evidence. Both are in the history below.

import (
	"errors"
	"strings"

	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/membership"
	"cpca/internal/profile"

	"github.com/gofiber/fiber/v2"
)

// companyPage is the profile form, the key-field request form and the history.
type companyPage struct {
	Snap    membership.Snapshot
	Key     profile.KeyForm
	Open    *profile.Change
	History []profile.Change
	Pager   Pager
	// KeyErrors: the errors belong to the request form (Errors is shared by both forms).
	KeyErrors bool
}

const historyPerPage = 10

func (s *Server) companyData(c *fiber.Ctx, companyID int64) (*company.Company, companyPage, error) {
	ctx := c.UserContext()
	co, err := company.ByID(ctx, s.DB, companyID)
	if err != nil {
		return nil, companyPage{}, err
	}
	snap := membership.SnapshotOf(co)
	k := snap.Company
	v := companyPage{Snap: snap, Key: profile.KeyForm{Name: k.Name, USCC: k.USCC, LegalRep: k.LegalRep, RegCapital: k.RegCapital, Nature: k.Nature}}
	if v.Open, err = profile.OpenRequest(ctx, s.DB, companyID); err != nil {
		return nil, v, err
	}
	page := pageNumber(c)
	rows, total, err := profile.List(ctx, s.DB, profile.Filter{CompanyID: companyID}, page, historyPerPage)
	if err != nil {
		return nil, v, err
	}
	v.History, v.Pager = rows, newPager("/company", nil, page, historyPerPage, total)
	return co, v, nil
}

func (s *Server) companyShow(c *fiber.Ctx) error {
	_, v, err := s.companyData(c, principal(c).CompanyID)
	if err != nil {
		return err
	}
	p := s.page(c, "会员信息", "company")
	p.Data = v
	return render(c, "pages/company", "", p)
}

// companySave saves the fields other than the key ones.
func (s *Server) companySave(c *fiber.Ctx) error {
	companyID := principal(c).CompanyID
	var ci membership.CompanyInfo
	var si membership.SalesInfo
	bindCompany(c, &ci)
	bindSales(c, &si)
	_, fieldErrs, err := profile.Update(c.UserContext(), s.DB, companyID, ci, si, actor(c), s.Now())
	if errors.Is(err, profile.ErrNoChange) {
		flash(c, "没有修改任何内容。")
		return redirect(c, "/company")
	}
	if err != nil {
		return err
	}
	if len(fieldErrs) > 0 {
		_, v, err := s.companyData(c, companyID)
		if err != nil {
			return err
		}
		k := v.Snap.Company // the key fields stay as stored; the rest as typed
		ci.Name, ci.USCC, ci.LegalRep, ci.RegCapital, ci.Nature = k.Name, k.USCC, k.LegalRep, k.RegCapital, k.Nature
		v.Snap.Company, v.Snap.Sales = ci, si
		p := s.page(c, "会员信息", "company")
		p.Data = v
		return renderForm(c, "pages/company", "", p, fieldErrs)
	}
	return s.done(c, nil, msg("会员信息已保存。"), "/company")
}

// companyChange files a key-field change request with its evidence.
func (s *Server) companyChange(c *fiber.Ctx) error {
	companyID := principal(c).CompanyID
	f := profile.KeyForm{Name: c.FormValue("name"), USCC: c.FormValue("uscc"), LegalRep: c.FormValue("legal_rep"),
		RegCapital: c.FormValue("reg_capital"), Nature: c.FormValue("nature"), Note: strings.TrimSpace(c.FormValue("note"))}
	fieldErrs := membership.Errors{}
	up, err := readUpload(c, "evidence")
	switch {
	case errors.Is(err, errNoUpload):
	case errors.Is(err, files.ErrTooLarge):
		fieldErrs["evidence"] = files.ErrTooLarge.Error()
	case err != nil:
		return err
	default:
		if _, err := files.Sniff(up.Data); err != nil {
			fieldErrs["evidence"] = err.Error()
		}
		f.EvidenceName, f.Evidence = up.Name, up.Data
	}
	var ch *profile.Change
	if len(fieldErrs) == 0 {
		ch, fieldErrs, err = profile.RequestChange(c.UserContext(), s.DB, companyID, f, actor(c), s.Now())
		if errors.Is(err, files.ErrQuota) {
			fieldErrs, err = membership.Errors{"evidence": errText(c, err)}, nil
		}
		if err != nil && !errors.Is(err, errs.Conflict) {
			return err
		}
	}
	if len(fieldErrs) > 0 {
		_, v, err := s.companyData(c, companyID)
		if err != nil {
			return err
		}
		f.Evidence = nil
		v.Key, v.KeyErrors = f, true
		p := s.page(c, "会员信息", "company")
		p.Data = v
		return renderForm(c, "pages/company", "", p, fieldErrs)
	}
	_ = ch
	return s.done(c, err, msg("变更申请已提交，协会会员部审核通过后生效。"), "/company")
}
