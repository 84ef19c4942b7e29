package promotion

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/promotion"
)

// Bad input to 申请晋升: each gets its message next to the field (or the form) and nothing is
// stored.
func TestApplyBadInput(t *testing.T) {
	m := newMember(t)
	fs, ns := councilFiles()

	// Not a document: a text file named .pdf.
	bad := map[string][]byte{"file_form": []byte("just text"), "file_recommend": pdfFile, "file_license": pngFile}
	r := m.apply(t, "council", bad, ns)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file_form"), "DOCX") {
		t.Errorf("text as material: %d %q", r.Status, r.FieldError("file_form"))
	}
	// Over the size limit.
	big := map[string][]byte{"file_form": append(append([]byte{}, pdfFile...), make([]byte, 6<<20)...), "file_recommend": pdfFile, "file_license": pngFile}
	r = m.apply(t, "council", big, ns)
	if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("6 MB material: %d", r.Status)
	}
	// A missing item.
	r = m.apply(t, "council", map[string][]byte{"file_form": pdfFile}, ns)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("file_license") == "" {
		t.Errorf("missing licence: %d %q", r.Status, r.FieldError("file_license"))
	}
	// A level at or below the current one, and an unknown one.
	for _, l := range []string{"member", "nobody"} {
		r = m.apply(t, l, fs, ns)
		if r.Status != http.StatusUnprocessableEntity || r.FieldError("level") == "" {
			t.Errorf("level %s: %d %q", l, r.Status, r.FieldError("level"))
		}
	}
	// Someone else's person as representative.
	other := newMember(t)
	m.Get("/promotion/apply?level=council")
	r = m.PostMultipart("/promotion/apply", map[string]string{"level": "council", "representative": id(other.PersonID)}, fs, ns)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("representative") == "" {
		t.Errorf("another company's person: %d", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM promotion_applications WHERE company_id = ?`, m.CompanyID); n != 0 {
		t.Fatalf("%d applications stored from bad input", n)
	}
	if n := count(t, `SELECT count(*) FROM files WHERE company_id = ? AND kind = 'promotion_material'`, m.CompanyID); n != 0 {
		t.Fatalf("%d files stored from bad input", n)
	}

	// A second open application is refused (and the action refuses it too, for a form raced).
	m.mustApply(t)
	r = m.apply(t, "standing", fs, ns)
	if r.Status == http.StatusSeeOther || count(t, `SELECT count(*) FROM promotion_applications WHERE company_id = ?`, m.CompanyID) != 1 {
		t.Errorf("second application: %d", r.Status)
	}
	_, err := promotion.Apply(context.Background(), env.DB, m.CompanyID, promotion.Request{Level: "standing", RepresentativeID: m.PersonID,
		Materials: nil}, promotion.DefaultRules, audit.CLI, env.Sys.Clock())
	if !errors.Is(err, errs.Conflict) {
		t.Errorf("second application through the action: %v", err)
	}
}

// Eligibility: dues not settled this year, or a member for less than the minimum years,
// shows the failed check and refuses the form.
func TestEligibility(t *testing.T) {
	m := newMember(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET joined_on = now()::date - 30 WHERE id = ?`, m.CompanyID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := m.Get("/promotion")
	if r.Doc.Find("#apply").Length() != 0 || !strings.Contains(r.Text(".checks"), "入会满 1 年") || r.Doc.Find(".checks .badge.bad").Length() != 1 {
		t.Errorf("a new member is shown as eligible: %s", r.Text(".checks"))
	}
	fs, ns := councilFiles()
	if r := m.apply(t, "council", fs, ns); r.Status == http.StatusSeeOther {
		t.Errorf("a member of 30 days applied")
	}
	if _, err := env.DB.NewRaw(`UPDATE companies SET joined_on = now()::date - 800 WHERE id = ?`, m.CompanyID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE dues SET status = 'unpaid' WHERE id = ?`, m.DuesID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := m.Get("/promotion"); r.Doc.Find("#apply").Length() != 0 || !strings.Contains(r.Text(".checks .bad"), "会费已确认到账") {
		t.Errorf("unpaid dues shown as eligible: %s", r.Text(".checks"))
	}
}
