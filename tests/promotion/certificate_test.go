package promotion

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/files"
	"cpca/internal/promotion"
)

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// After the ratification the certificate of this year's paid dues is re-issued with the new
// level (the old one superseded), and the PDF says 理事单位; the new level's fee applies from
// next year: this year's dues row keeps the old level.
func TestCertificateAfterRatification(t *testing.T) {
	ctx := context.Background()
	font, err := certificate.LoadFont(certificate.DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	is := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
	m, a := passed(t)
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("first certificate: %v %v", ok, err)
	}
	out, err := promotion.Ratify(ctx, env.DB, a.ID, meeting(env.Term(t).ID), env.Sys.Promotion(), audit.CLI, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if out.PaidDuesID != m.DuesID {
		t.Fatalf("the ratification names dues %d for the certificate, want %d", out.PaidDuesID, m.DuesID)
	}
	if ids, err := certificate.Stale(ctx, env.DB, 2000, 100); err != nil || !contains(ids, m.DuesID) {
		t.Fatalf("the sweep does not see the certificate as stale: %v %v", ids, err)
	}
	if ok, err := is.Issue(ctx, env.DB, m.DuesID, time.Now()); err != nil || !ok {
		t.Fatalf("re-issue: %v %v", ok, err)
	}
	cs, err := certificate.ForCompany(ctx, env.DB, m.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	var live *certificate.Certificate
	superseded := 0
	for i := range cs {
		switch cs[i].Status {
		case certificate.StatusIssued:
			live = &cs[i]
		case certificate.StatusSuperseded:
			superseded++
		}
	}
	if live == nil || live.Level != "council" || superseded != 1 {
		t.Fatalf("certificates %+v", cs)
	}
	f, err := files.Get(ctx, env.DB, live.FileID.String)
	if err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, f.Data); !strings.Contains(strings.ReplaceAll(txt, " ", ""), "理事单位") {
		t.Errorf("certificate text lacks 理事单位:\n%s", txt)
	}
	// The member downloads it from 会员证书.
	if r := m.Get("/files/" + live.FileID.String); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Errorf("download: %d", r.Status)
	}
	var duesLevel string
	if err := env.DB.NewRaw(`SELECT level FROM dues WHERE id = ?`, m.DuesID).Scan(ctx, &duesLevel); err != nil || duesLevel != "member" {
		t.Errorf("this year's dues level %q, want member (the new fee applies from next year)", duesLevel)
	}
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// When a term ends, its seats expire and a company not ratified again goes back to 会员单位;
// seats of the current term stay.
func TestSeatsExpire(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	today := calendar.Today(now)
	old, err := promotion.CreateTerm(ctx, env.DB, 1, today.AddDate(-10, 0, 0), today.AddDate(-6, 0, 0), audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	m, a := passed(t)
	mt := meeting(old.ID)
	mt.HeldOn = today.AddDate(-8, 0, 0)
	if _, err := promotion.Ratify(ctx, env.DB, a.ID, mt, env.Sys.Promotion(), audit.CLI, now); err != nil {
		t.Fatal(err)
	}
	current := count(t, `SELECT count(*) FROM seats WHERE term_id = ? AND status = 'active'`, env.Term(t).ID)
	n, err := promotion.ExpireSeats(ctx, env.DB, audit.CLI, now)
	if err != nil || n != 1 {
		t.Fatalf("expire: %d %v, want 1", n, err)
	}
	if l := level(t, m.CompanyID); l != "member" {
		t.Errorf("level %s after the term ended", l)
	}
	if got := count(t, `SELECT count(*) FROM seats WHERE term_id = ? AND status = 'active'`, env.Term(t).ID); got != current {
		t.Errorf("the current term's seats changed: %d → %d", current, got)
	}
	if count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = '理事单位任期届满'`, m.CompanyID) != 1 {
		t.Error("no notice of the expiry")
	}
	if n, _ := promotion.ExpireSeats(ctx, env.DB, audit.CLI, now); n != 0 {
		t.Errorf("second sweep expired %d more", n)
	}
}
