package promotion

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/promotion"
)

// The whole way through the UI: eligibility shown, 申请晋升 with a DOCX, a PDF and a PNG,
// 初审 returned with a reason per item, corrected and resubmitted (staff see what changed),
// passed, a ratification refused without quorum and then recorded; the level and the role
// change on the member's next request in the same session, and every step is a notice and
// an audit entry.
func TestPromotionFlow(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	s := newStaff(t)
	term := env.Term(t)

	r := m.Get("/promotion")
	if r.Status != http.StatusOK || r.Doc.Find("#apply").Length() != 1 || r.Doc.Find(".checks .badge.bad").Length() != 0 {
		t.Fatalf("/promotion: %d, eligible checks: %s", r.Status, r.Text(".checks"))
	}
	a := m.mustApply(t)
	if a.Status != promotion.Submitted || a.Level != "council" || a.RepresentativeID != m.PersonID {
		t.Fatalf("application %+v", a)
	}
	if n := count(t, `SELECT count(*) FROM promotion_materials WHERE application_id = ?`, a.ID); n != 3 {
		t.Fatalf("%d materials, want 3", n)
	}
	// The member's query lists it; staff's queue too, filtered by status and name.
	if r := m.Get("/promotion"); !strings.Contains(r.Text("table"), "待初审") {
		t.Errorf("会员晋升查询 lacks the application: %s", r.Text("table"))
	}
	r = s.GetHTMX("/admin/promotions?status=submitted&level=council&q=" + url.QueryEscape(a.CompanyName))
	if !strings.Contains(r.Body, "/admin/promotions/"+id(a.ID)) || strings.Contains(r.Body, "</html>") {
		t.Errorf("queue fragment lacks the application")
	}
	if r := s.GetHTMX("/admin/promotions?status=ratified&q=" + url.QueryEscape(a.CompanyName)); strings.Contains(r.Body, "/admin/promotions/"+id(a.ID)) {
		t.Errorf("the ratified filter shows a submitted application")
	}

	// Staff's forms refuse what is missing, next to the field.
	if r := staffPost(s, a.ID, "return", map[string]string{}); r.Status != http.StatusUnprocessableEntity || r.FieldError("reason") == "" {
		t.Errorf("return without a reason: %d", r.Status)
	}
	if r := staffPost(s, a.ID, "reject", map[string]string{}); r.Status != http.StatusUnprocessableEntity || r.FieldError("reject_reason") == "" {
		t.Errorf("reject without a reason: %d", r.Status)
	}
	// Returned with a reason for one item.
	r = staffPost(s, a.ID, "return", map[string]string{"reason": "请补充盖章", "item_license": "营业执照不清晰"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	r = m.Get("/promotion/" + id(a.ID))
	if !strings.Contains(r.Body, "营业执照不清晰") || r.Doc.Find("#resubmit").Length() != 1 {
		t.Fatalf("the member does not see the item's reason or the resubmit form")
	}
	if h := m.Get("/home"); !strings.Contains(h.Body, "晋升申请被退回") || h.Doc.Find(`a[href="/promotion/`+id(a.ID)+`"]`).Length() == 0 {
		t.Errorf("待办事项 lacks the returned application")
	}
	r = m.PostMultipart("/promotion/"+id(a.ID)+"/resubmit", map[string]string{"representative": id(m.PersonID)},
		map[string][]byte{"file_license": pdfFile}, map[string]string{"file_license": "营业执照-清晰.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("resubmit: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	r = s.Get("/admin/promotions/" + id(a.ID))
	if !strings.Contains(r.Body, "本次已更换") || !strings.Contains(r.Body, "更换 营业执照副本（盖章）") || !strings.Contains(r.Body, "营业执照.png") {
		t.Errorf("staff do not see what changed (badge, history, the old file)")
	}

	// Passed; a vote without quorum is refused and changes nothing.
	if r := staffPost(s, a.ID, "pass", map[string]string{"note": "材料齐全"}); r.Status != http.StatusSeeOther {
		t.Fatalf("pass: %d", r.Status)
	}
	pr, _ := account.PrincipalOf(ctx, env.DB, m.UserID)
	if pr.Role != account.RoleMember || level(t, m.CompanyID) != "member" {
		t.Fatalf("初审 changed the level or role: %s %s", pr.Role, level(t, m.CompanyID))
	}
	f := ratifyFields(term.ID)
	f["present"], f["yes"], f["no"], f["abstain"] = "19", "19", "0", "0"
	r = ratify(s, a.ID, f)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("#ratify-error"), "未达到法定人数") {
		t.Fatalf("no quorum: %d %q", r.Status, r.Text("#ratify-error"))
	}
	if r.Doc.Find(`input[name="session"]`).AttrOr("value", "") != "第五届理事会第三次会议" {
		t.Errorf("the refused form lost what was typed")
	}
	f = ratifyFields(term.ID)
	f["yes"], f["no"] = "16", "7"
	if r := ratify(s, a.ID, f); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("#ratify-error"), "赞成票未达到要求") {
		t.Fatalf("no majority: %d %q", r.Status, r.Text("#ratify-error"))
	}
	if level(t, m.CompanyID) != "member" || count(t, `SELECT count(*) FROM ratifications WHERE application_id = ?`, a.ID) != 0 {
		t.Fatal("a refused ratification left something behind")
	}
	if r := ratify(s, a.ID, ratifyFields(term.ID)); r.Status != http.StatusSeeOther {
		t.Fatalf("ratify: %d %s %s", r.Status, r.Text("#ratify-error"), r.Doc.Find(".error").Text())
	}

	// Only now: the level, the seat, the history; the role on the member's next request.
	if l := level(t, m.CompanyID); l != "council" {
		t.Fatalf("level %s after ratification", l)
	}
	if n := count(t, `SELECT count(*) FROM seats WHERE company_id = ? AND term_id = ? AND status = 'active' AND level = 'council'`, m.CompanyID, term.ID); n != 1 {
		t.Errorf("%d active seats", n)
	}
	if n := count(t, `SELECT count(*) FROM level_history WHERE company_id = ? AND from_level = 'member' AND to_level = 'council'`, m.CompanyID); n != 1 {
		t.Errorf("%d level history rows", n)
	}
	if r := m.Get("/home"); !strings.Contains(r.Text(".kv"), "理事单位") {
		t.Errorf("待办事项 does not show 理事单位: %s", r.Text(".kv"))
	}
	if pr, _ := account.PrincipalOf(ctx, env.DB, m.UserID); pr.Role != account.RoleCouncil {
		t.Errorf("role %s after ratification, want council", pr.Role)
	}
	if r := m.Get("/promotion"); !strings.Contains(r.Text("#current-level"), "理事单位") || !strings.Contains(r.Body, "已批准") ||
		!strings.Contains(r.Body, "第五届理事会第三次会议批准（理事会，第5届）") {
		t.Errorf("/promotion: level %q", r.Text("#current-level"))
	}

	// Every step told the company and was audited.
	for _, title := range []string{"晋升申请已提交", "晋升申请被退回修改", "晋升申请已重新提交", "晋升申请已通过初审", "晋升申请已批准"} {
		if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = ?`, m.CompanyID, title); n != 1 {
			t.Errorf("notice %q: %d", title, n)
		}
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE kind = 'promotion' AND dedupe_key LIKE ?`, "promotion:"+id(a.ID)+":%"); n != 5 {
		t.Errorf("%d promotion emails, want 5", n)
	}
	for _, action := range []string{"promotion.apply", "promotion.return", "promotion.resubmit", "promotion.pass", "promotion.ratify"} {
		if n := count(t, `SELECT count(*) FROM audit_log WHERE action = ? AND object_id = ?`, action, id(a.ID)); n != 1 {
			t.Errorf("audit %s: %d", action, n)
		}
	}
	// A second ratification of the same application is a conflict, flashed.
	if r := ratify(s, a.ID, ratifyFields(term.ID)); r.Status != http.StatusSeeOther || count(t, `SELECT count(*) FROM ratifications WHERE application_id = ?`, a.ID) != 1 {
		t.Errorf("second ratification: %d", r.Status)
	}
}
