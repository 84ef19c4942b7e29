package papers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/papers"
	"cpca/tests/testenv"
)

// reviewerClient logs in an external reviewer of company companyID (0: none).
func reviewerClient(t *testing.T, companyID int64) (*testenv.Client, int64) {
	t.Helper()
	u := env.CreateReviewer(t, companyID)
	c := env.NewClient(t)
	if r := c.Login(u.Username, testenv.Password); r.Location() != "/review" {
		t.Fatalf("a reviewer lands on %q, want /review", r.Location())
	}
	c.Get("/review")
	return c, u.ID
}

func eventsStaff(t *testing.T) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "events"), testenv.Password)
	s.Get("/admin/reviewers")
	return s
}

// Reviewer rules: one from the authors' company is never assigned; one not assigned reads
// nothing (page, score, file); the assigned one sees the paper without authors or company
// in blind mode, downloads it, scores it (1–10 per category), and staff see the weighted
// total.
func TestReviewerRules(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, 5*24*time.Hour)
	m := newMember(t)
	p := env.SubmitPaper(t, ev.ID, m.CompanyID, m.UserID)
	staff := eventsStaff(t)
	pid := itoa(p.ID)

	// From the authors' company: refused with a message, nothing assigned.
	_, sameID := reviewerClient(t, m.CompanyID)
	r := staff.Post("/admin/papers/"+pid+"/reviewers", url.Values{"reviewer": {itoa(sameID)}})
	if r.Status != http.StatusSeeOther || !strings.Contains(staff.Get(r.Location()).Body, "同一单位") {
		t.Fatalf("assign a reviewer of the authors' company: %d, no message", r.Status)
	}
	mustIs(t, "Assign own company", papers.Assign(ctx(), env.DB, p.ID, sameID, by), papers.ErrOwnCompany)
	if n := count(t, `SELECT count(*) FROM paper_reviews WHERE paper_id = ?`, p.ID); n != 0 || status(t, p.ID) != papers.Submitted {
		t.Fatalf("after the refused assignment: %d reviews, status %s", n, status(t, p.ID))
	}
	// A member user is no reviewer.
	mustIs(t, "Assign a member user", papers.Assign(ctx(), env.DB, p.ID, m.UserID, by), papers.ErrNoReviewer)

	// Assigned through the staff page: the paper goes 评审中.
	rc, rid := reviewerClient(t, env.EventCompany(t, ""))
	if r := staff.Post("/admin/papers/"+pid+"/reviewers", url.Values{"reviewer": {itoa(rid)}}); r.Status != http.StatusSeeOther {
		t.Fatalf("assign: %d", r.Status)
	}
	if s := status(t, p.ID); s != papers.Reviewing {
		t.Fatalf("status %s after assignment, want reviewing", s)
	}

	// Someone not assigned: another reviewer sees nothing of it.
	stranger, strangerID := reviewerClient(t, 0)
	if r := stranger.Get("/review/papers/" + pid); r.Status != http.StatusNotFound {
		t.Errorf("a reviewer not assigned opens the paper: %d", r.Status)
	}
	if r := stranger.Post("/review/papers/"+pid, url.Values{"score_创新性": {"9"}}); r.Status != http.StatusNotFound {
		t.Errorf("a reviewer not assigned posts scores: %d", r.Status)
	}
	if r := stranger.Get("/files/" + p.FileID); r.Status != http.StatusNotFound {
		t.Errorf("a reviewer not assigned downloads the paper: %d", r.Status)
	}
	_, err := papers.Score(ctx(), env.DB, p.ID, strangerID, map[string]string{"创新性": "9", "技术水平": "9", "写作": "9"}, "", by, time.Now())
	mustIs(t, "Score by someone not assigned", err, papers.ErrNotAssigned)
	if strings.Contains(stranger.Get("/review").Body, p.Title) {
		t.Errorf("the paper is in a stranger's 评审任务")
	}

	// The assigned reviewer: blind page, download allowed.
	if !strings.Contains(rc.Get("/review").Body, p.Title) {
		t.Fatalf("the paper is not in the reviewer's 评审任务")
	}
	page := rc.Get("/review/papers/" + pid)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, p.Title) {
		t.Fatalf("the assigned reviewer's page: %d", page.Status)
	}
	company := companyName(t, m.CompanyID)
	if strings.Contains(page.Body, "李华") || strings.Contains(page.Body, company) || strings.Contains(page.Body, "测试电路有限公司") {
		t.Errorf("blind review shows authors or company to the reviewer")
	}
	if r := rc.Get("/files/" + p.FileID); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") ||
		strings.Contains(r.Header.Get("Content-Disposition"), "paper") {
		t.Errorf("the assigned reviewer's download: %d %q", r.Status, r.Header.Get("Content-Disposition"))
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'file.download' AND object_id = ? AND actor_id = ?`, p.FileID, rid); n != 1 {
		t.Errorf("the reviewer's download left %d audit entries, want 1", n)
	}
	// A score out of range: refused next to the field, the others kept.
	r = rc.Post("/review/papers/"+pid, url.Values{"score_创新性": {"11"}, "score_技术水平": {"7"}, "score_写作": {"7"}, "comment": {"实验充分"}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("score_创新性") != "请给出1到10分" {
		t.Fatalf("a score of 11: %d %q", r.Status, r.FieldError("score_创新性"))
	}
	if v, _ := r.Doc.Find(`input[name="score_技术水平"]`).Attr("value"); v != "7" {
		t.Errorf("the form lost a score: %q", v)
	}
	r = rc.Post("/review/papers/"+pid, url.Values{"score_创新性": {"8"}, "score_技术水平": {"7"}, "score_写作": {"7"}, "comment": {"实验充分"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("score: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	// Staff see the weighted total: 8×40% + 7×30% + 7×30% = 7.4.
	if got := staff.Get("/admin/papers/" + pid).Text("#avg-score"); got != "7.4" {
		t.Errorf("weighted total shown to staff %q, want 7.4", got)
	}

	// Open review: the authors are shown.
	c, _ := papers.GetCall(ctx(), env.DB, ev.ID)
	c.Blind = false
	if err := papers.SaveCall(ctx(), env.DB, c, by); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rc.Get("/review/papers/"+pid).Body, "李华") {
		t.Errorf("open review hides the authors")
	}
}

func companyName(t *testing.T, id int64) string {
	t.Helper()
	var s string
	if err := env.DB.NewRaw(`SELECT name FROM companies WHERE id = ?`, id).Scan(ctx(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}
