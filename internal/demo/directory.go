package demo

import (
	"context"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/directory"
	"cpca/internal/people"

	"github.com/uptrace/bun"
)

// seedDirectory shows 通讯录: huadian (after seedCompany) has 李华 with consent and its 会议联系人
// without; shanghaicl (理事单位) gives 陈诚's consent and shows its address to council members
// only and has a brochure (附件简介), so a plain member sees a masked mobile, a withheld
// address and the brochure.
func seedDirectory(ctx context.Context, tx bun.Tx, now time.Time) error {
	u, err := account.ByUsername(ctx, tx, "shanghaicl")
	if err != nil {
		return err
	}
	by := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	co, err := company.ByID(ctx, tx, u.CompanyID)
	if err != nil {
		return err
	}
	for _, p := range co.People {
		if p.IsPrimary {
			if _, err := people.Consent(ctx, tx, co.ID, p.ID, true, by, now); err != nil {
				return err
			}
		}
	}
	if err := directory.Save(ctx, tx, co.ID, false, map[string]string{directory.FieldAddress: directory.Council}, by); err != nil {
		return err
	}
	_, err = directory.SaveBrochure(ctx, tx, co.ID, "上海精诚覆铜板-公司简介.pdf", brochurePDF, by)
	return err
}

// brochurePDF is a one-page PDF for the demo's 附件简介.
var brochurePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
