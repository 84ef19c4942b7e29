package company

import (
	"context"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/profile"
	"cpca/tests/testenv"
)

// A name change re-issues the certificate: the approved 更名 makes this year's certificate
// stale (certificate.StaleFor, what the approval kicks and the hourly sweep finds), the
// worker's Issue supersedes it and issues one with the new name.
func TestNameChangeReissuesCertificate(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	co := m.company(t)
	now := time.Now()
	year := calendar.Year(now)
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: year, Level: l, AmountFen: 200000}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dues.EnsureFor(ctx, env.DB, co.ID, year); err != nil {
		t.Fatal(err)
	}
	d, err := dues.ForYear(ctx, env.DB, co.ID, year)
	if err != nil || d == nil {
		t.Fatal(err)
	}
	f, err := files.Save(ctx, env.DB, co.ID, files.KindVoucher, "回单.pdf", samplePDF, m.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := dues.AddVoucher(ctx, env.DB, d, &dues.Voucher{FileID: f.ID, TransferDate: now.In(calendar.Zone), AmountFen: d.AmountFen,
		Payer: co.Name, CreatedBy: m.User.ID}); err != nil {
		t.Fatal(err)
	}
	staff, err := account.ByUsername(ctx, env.DB, env.CreateAdmin(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dues.Confirm(ctx, env.DB, d.ID, staff.ID, d.AmountFen, now.In(calendar.Zone), now); err != nil {
		t.Fatal(err)
	}
	font, err := certificate.LoadFont(certificate.DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	is := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
	if ok, err := is.Issue(ctx, env.DB, d.ID, now); err != nil || !ok {
		t.Fatalf("first certificate: %v %v", ok, err)
	}
	if ids, _ := certificate.StaleFor(ctx, env.DB, co.ID); len(ids) != 0 {
		t.Fatalf("stale before the change: %v", ids)
	}

	newName := testenv.Name("更名后电路") + "有限公司"
	ch, fe, err := profile.RequestChange(ctx, env.DB, co.ID, profile.KeyForm{Name: newName, USCC: co.USCC, LegalRep: co.LegalRep,
		RegCapital: "1000", Nature: co.Nature, EvidenceName: "a.pdf", Evidence: samplePDF}, audit.Actor{ID: m.User.ID}, now)
	if err != nil || len(fe) > 0 {
		t.Fatal(fe, err)
	}
	approved, err := profile.Approve(ctx, env.DB, ch.ID, audit.Actor{Name: "s"})
	if err != nil || !approved.RenamesCompany() {
		t.Fatalf("approve: %v, renames %v", err, approved != nil && approved.RenamesCompany())
	}
	ids, err := certificate.StaleFor(ctx, env.DB, co.ID)
	if err != nil || len(ids) != 1 || ids[0] != d.ID {
		t.Fatalf("stale after the rename: %v %v, want [%d]", ids, err, d.ID)
	}
	if ok, err := is.Issue(ctx, env.DB, d.ID, now); err != nil || !ok {
		t.Fatalf("re-issue: %v %v", ok, err)
	}
	cs, err := certificate.ForCompany(ctx, env.DB, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	live, superseded := 0, 0
	for _, c := range cs {
		switch c.Status {
		case certificate.StatusIssued:
			live++
			if c.CompanyName != newName {
				t.Errorf("the live certificate names %q, want %q", c.CompanyName, newName)
			}
		case certificate.StatusSuperseded:
			superseded++
		}
	}
	if live != 1 || superseded != 1 {
		t.Errorf("certificates: %d live, %d superseded; want 1 and 1", live, superseded)
	}
}
