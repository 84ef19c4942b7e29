package company

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/profile"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
)

// profileForm is the 会员信息 form as the page shows it, with changes.
func profileForm(t *testing.T, m member, kv ...string) url.Values {
	t.Helper()
	r := m.C.Get("/company")
	wantStatus(t, r, http.StatusOK, "GET /company")
	f := url.Values{}
	r.Doc.Find(`#profile-form input, #profile-form textarea, #profile-form select`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch goquery.NodeName(s) {
		case "textarea":
			f.Set(name, s.Text())
		case "select":
			f.Set(name, s.Find("option[selected]").AttrOr("value", ""))
		default:
			f.Set(name, s.AttrOr("value", ""))
		}
	})
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// Fields other than the key ones change at once and go into the history; key fields sent
// with the form are ignored.
func TestProfileEditAtOnce(t *testing.T) {
	m := newMember(t)
	before := m.company(t)
	f := profileForm(t, m, "city", "苏州", "main_products", "高多层板", "name", "篡改的名称有限公司", "uscc", "91350100M000100Y43")
	r := m.C.Post("/company", f)
	wantStatus(t, r, http.StatusSeeOther, "save profile")
	after := m.company(t)
	if after.City != "苏州" || after.MainProducts != "高多层板" {
		t.Errorf("city %q products %q, want the new values", after.City, after.MainProducts)
	}
	if after.Name != before.Name || after.USCC != before.USCC {
		t.Errorf("a key field changed without review: %q %q", after.Name, after.USCC)
	}
	if n := count(t, `SELECT count(*) FROM company_changes WHERE company_id = ? AND status = 'applied' AND new_values->>'city' = '苏州'`, after.ID); n != 1 {
		t.Errorf("history rows for the edit: %d, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'company.update' AND object_id = ?`, idStr(after.ID)); n != 1 {
		t.Errorf("audit entries: %d, want 1", n)
	}
	page := m.C.Get("/company")
	if !strings.Contains(page.Doc.Find("#change-history").Text(), "苏州") {
		t.Error("the company does not see its change in the history")
	}
	// The same form again changes nothing and says so.
	r = m.C.Post("/company", profileForm(t, m))
	if r.Status != http.StatusSeeOther || count(t, `SELECT count(*) FROM company_changes WHERE company_id = ?`, after.ID) != 1 {
		t.Errorf("an unchanged form made a history row (status %d)", r.Status)
	}
}

// A bad field is shown next to it with what was typed, nothing is saved.
func TestProfileValidation(t *testing.T) {
	m := newMember(t)
	r := m.C.Post("/company", profileForm(t, m, "postcode", "12", "city", "无锡"))
	wantStatus(t, r, http.StatusUnprocessableEntity, "bad postcode")
	if r.FieldError("postcode") == "" {
		t.Error("no message next to 邮编")
	}
	if v := r.Doc.Find(`#profile-form [name="city"]`).AttrOr("value", ""); v != "无锡" {
		t.Errorf("typed city not kept: %q", v)
	}
	if m.company(t).City == "无锡" {
		t.Error("saved despite the error")
	}
}

// keyFields is the change request form with the company's name and code, and changes.
func keyFields(name, uscc string, kv ...string) map[string]string {
	f := map[string]string{"name": name, "uscc": uscc, "legal_rep": "李四", "reg_capital": "2000", "nature": "民营企业"}
	for i := 0; i+1 < len(kv); i += 2 {
		f[kv[i]] = kv[i+1]
	}
	return f
}

// The whole key-field path: request with evidence (nothing changes yet), a second request
// refused, 会员部 sees old vs new and approves, the company's name changes, it is told.
func TestKeyChangeRequestApproved(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	newName := testenv.Name("新名电路科技") + "有限公司"
	r := m.C.PostMultipart("/company/changes", keyFields(co.Name, co.USCC, "name", newName, "note", "更名"),
		map[string][]byte{"evidence": samplePDF}, map[string]string{"evidence": "营业执照.pdf"})
	wantStatus(t, r, http.StatusSeeOther, "change request")
	if got := m.company(t); got.Name != co.Name || got.LegalRep != co.LegalRep {
		t.Fatalf("key fields changed before review: %q %q", got.Name, got.LegalRep)
	}
	open, err := profile.OpenRequest(context.Background(), env.DB, co.ID)
	if err != nil || open == nil {
		t.Fatalf("no open request: %v", err)
	}
	if open.New["name"] != newName || open.Old["name"] != co.Name || !open.EvidenceID.Valid {
		t.Errorf("request holds %v → %v, evidence %v", open.Old, open.New, open.EvidenceID)
	}
	// The company's page shows the open request; a second one is refused.
	if page := m.C.Get("/company"); page.Doc.Find("#open-request").Length() == 0 {
		t.Error("the open request is not shown")
	}
	_, _, err = profile.RequestChange(context.Background(), env.DB, co.ID, profile.KeyForm{Name: "另一名称有限公司", USCC: co.USCC,
		LegalRep: "李四", RegCapital: "1", Nature: "民营企业", EvidenceName: "a.pdf", Evidence: samplePDF}, audit.Actor{ID: m.User.ID}, time.Now())
	if err != profile.ErrOpen {
		t.Errorf("second open request: %v, want ErrOpen", err)
	}

	s := staffClient(t, "membership")
	list := s.Get("/admin/changes")
	wantStatus(t, list, http.StatusOK, "queue")
	if !strings.Contains(list.Doc.Find("#change-"+idStr(open.ID)).Text(), co.Name) {
		t.Error("the request is not in 会员部's queue")
	}
	d := s.Get("/admin/changes/" + idStr(open.ID))
	diff := d.Doc.Find("#change-diff").Text()
	if !testenv.Contains(diff, co.Name, newName, "李四") {
		t.Errorf("detail does not show old and new: %q", diff)
	}
	// 会员部 may read the evidence; another company may not.
	if r := s.Get("/files/" + open.EvidenceID.String); r.Status != http.StatusOK {
		t.Errorf("staff_membership reads the evidence: %d", r.Status)
	}
	other := newMember(t)
	if r := other.C.Get("/files/" + open.EvidenceID.String); r.Status != http.StatusNotFound {
		t.Errorf("another company reads the evidence: %d", r.Status)
	}
	if r := staffClient(t, "finance").Get("/files/" + open.EvidenceID.String); r.Status != http.StatusNotFound {
		t.Errorf("finance staff read the evidence: %d", r.Status)
	}
	r = s.Post("/admin/changes/"+idStr(open.ID)+"/approve", nil)
	wantStatus(t, r, http.StatusSeeOther, "approve")
	got := m.company(t)
	if got.Name != newName || got.LegalRep != "李四" || got.RegCapital.String != "2000.00" {
		t.Errorf("after approval: %q %q %q", got.Name, got.LegalRep, got.RegCapital.String)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = '会员信息变更已通过'`, co.ID); n != 1 {
		t.Errorf("notices: %d, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE kind = 'profile' AND subject LIKE '会员信息变更已通过%' AND dedupe_key = ? AND to_addr =
		(SELECT email FROM company_people WHERE company_id = ? AND is_primary)`, "company_change:"+idStr(open.ID)+":approved", co.ID); n != 1 {
		t.Errorf("emails to the primary contact: %d, want 1", n)
	}
	// Deciding again is a conflict told in a flash, not a second change.
	r = s.Post("/admin/changes/"+idStr(open.ID)+"/reject", url.Values{"reason": {"晚了"}})
	if r.Status != http.StatusSeeOther || count(t, `SELECT count(*) FROM company_changes WHERE id = ? AND status = 'approved'`, open.ID) != 1 {
		t.Errorf("a decided request was decided again (status %d)", r.Status)
	}
	// Members never reach the staff queue.
	if r := m.C.Get("/admin/changes/" + idStr(open.ID)); r.Status != http.StatusForbidden {
		t.Errorf("member opens the staff detail: %d", r.Status)
	}
}

// Evidence is required and checked by content; a credit code of another company is refused.
func TestKeyChangeBadInput(t *testing.T) {
	m := newMember(t)
	other := newMember(t)
	co, oco := m.company(t), other.company(t)
	f := keyFields(co.Name, co.USCC, "legal_rep", "赵六")
	r := m.C.PostMultipart("/company/changes", f, nil, nil)
	wantStatus(t, r, http.StatusUnprocessableEntity, "no evidence")
	if r.FieldError("evidence") == "" {
		t.Error("no message next to the evidence field")
	}
	if v := r.Doc.Find(`#key-request [name="legal_rep"]`).AttrOr("value", ""); v != "赵六" {
		t.Errorf("typed value not kept: %q", v)
	}
	r = m.C.PostMultipart("/company/changes", f, map[string][]byte{"evidence": []byte("MZ not a licence")}, map[string]string{"evidence": "x.exe"})
	wantStatus(t, r, http.StatusUnprocessableEntity, "wrong type")
	if r.FieldError("evidence") == "" {
		t.Error("no message for the wrong file type")
	}
	r = m.C.PostMultipart("/company/changes", keyFields(co.Name, co.USCC, "uscc", oco.USCC),
		map[string][]byte{"evidence": samplePDF}, map[string]string{"evidence": "a.pdf"})
	wantStatus(t, r, http.StatusUnprocessableEntity, "taken USCC")
	if r.FieldError("uscc") == "" {
		t.Error("no message next to the credit code")
	}
	r = m.C.PostMultipart("/company/changes", keyFields(co.Name, co.USCC, "legal_rep", co.LegalRep, "reg_capital", trimCap(co.RegCapital.String), "nature", co.Nature),
		map[string][]byte{"evidence": samplePDF}, map[string]string{"evidence": "a.pdf"})
	wantStatus(t, r, http.StatusUnprocessableEntity, "nothing changed")
	if n := count(t, `SELECT count(*) FROM company_changes WHERE company_id = ?`, co.ID); n != 0 {
		t.Errorf("%d requests stored from bad input", n)
	}
}

// A change request is always the logged-in company's: a company_id in the form is ignored.
func TestChangeRequestForAnotherCompany(t *testing.T) {
	a, b := newMember(t), newMember(t)
	aco, bco := a.company(t), b.company(t)
	f := keyFields(aco.Name, aco.USCC, "name", "冒名电路有限公司", "company_id", idStr(aco.ID))
	f["uscc"] = bco.USCC
	r := b.C.PostMultipart("/company/changes", f, map[string][]byte{"evidence": samplePDF}, map[string]string{"evidence": "a.pdf"})
	wantStatus(t, r, http.StatusSeeOther, "B's request")
	if n := count(t, `SELECT count(*) FROM company_changes WHERE company_id = ?`, aco.ID); n != 0 {
		t.Errorf("B filed %d requests on A's profile", n)
	}
	if n := count(t, `SELECT count(*) FROM company_changes WHERE company_id = ? AND new_values->>'name' = '冒名电路有限公司'`, bco.ID); n != 1 {
		t.Errorf("B's own request: %d rows, want 1", n)
	}
	// B's profile form with A's id changes B only.
	r = b.C.Post("/company", profileForm(t, b, "city", "合肥", "company_id", idStr(aco.ID), "id", idStr(aco.ID)))
	wantStatus(t, r, http.StatusSeeOther, "B's edit")
	if a.company(t).City == "合肥" || b.company(t).City != "合肥" {
		t.Error("the edit went to the wrong company")
	}
}

// Two staff deciding at once: exactly one wins, the other gets a conflict.
func TestApproveRace(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	ch, fe, err := profile.RequestChange(context.Background(), env.DB, co.ID, profile.KeyForm{Name: co.Name, USCC: co.USCC,
		LegalRep: "并发", RegCapital: "1", Nature: co.Nature, EvidenceName: "a.pdf", Evidence: samplePDF}, audit.Actor{ID: m.User.ID}, time.Now())
	if err != nil || len(fe) > 0 {
		t.Fatal(fe, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				_, errs[i] = profile.Approve(context.Background(), env.DB, ch.ID, audit.Actor{Name: "s"})
			} else {
				_, errs[i] = profile.Reject(context.Background(), env.DB, ch.ID, "并发驳回", audit.Actor{Name: "s"})
			}
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if _, isT := err.(profile.ErrTransition); !isT {
			t.Errorf("loser's error: %v, want ErrTransition", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d decisions won, want 1", ok)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title LIKE '会员信息变更%'`, co.ID); n != 1 {
		t.Errorf("%d notices, want 1", n)
	}
}

// Rejecting needs a reason, which the company is told.
func TestRejectWithReason(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	ch, _, err := profile.RequestChange(context.Background(), env.DB, co.ID, profile.KeyForm{Name: co.Name, USCC: co.USCC,
		LegalRep: "孙七", RegCapital: "1", Nature: co.Nature, EvidenceName: "a.pdf", Evidence: samplePDF}, audit.Actor{ID: m.User.ID}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := staffClient(t, "membership")
	s.Get("/admin/changes/" + idStr(ch.ID))
	r := s.Post("/admin/changes/"+idStr(ch.ID)+"/reject", url.Values{"reason": {" "}})
	wantStatus(t, r, http.StatusUnprocessableEntity, "reject without reason")
	r = s.Post("/admin/changes/"+idStr(ch.ID)+"/reject", url.Values{"reason": {"营业执照不清晰"}})
	wantStatus(t, r, http.StatusSeeOther, "reject")
	if m.company(t).LegalRep == "孙七" {
		t.Error("a rejected request changed the company")
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND body LIKE '%营业执照不清晰%'`, co.ID); n != 1 {
		t.Errorf("notices with the reason: %d", n)
	}
	page := m.C.Get("/company")
	if !strings.Contains(page.Doc.Find("#change-history").Text(), "营业执照不清晰") {
		t.Error("the company's history does not show the reason")
	}
}

func trimCap(s string) string { return strings.TrimSuffix(s, ".00") }
