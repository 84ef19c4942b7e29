package papers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cpca/tests/testenv"
)

var inviteRe = regexp.MustCompile(`/invite/[A-Za-z0-9_-]+`)

// 评审专家: staff invite an external reviewer (a taken username is refused next to the field);
// the reviewer sets a password through the one-time link, logs in and lands on 评审任务,
// which is empty; member pages stay closed to them.
func TestInviteReviewer(t *testing.T) {
	staff := eventsStaff(t)
	name := testenv.Name("zhou")
	email := name + "@example.edu.cn"
	taken := env.CreateReviewer(t, 0).Username
	r := staff.Post("/admin/reviewers", url.Values{"name": {"周教授"}, "username": {taken}, "email": {email}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("username") == "" {
		t.Fatalf("a taken username: %d %q", r.Status, r.FieldError("username"))
	}
	if v, _ := r.Doc.Find(`input[name="email"]`).Attr("value"); v != email {
		t.Errorf("the form lost the email: %q", v)
	}
	r = staff.Post("/admin/reviewers", url.Values{"name": {"周教授"}, "username": {name}, "email": {email}, "affiliation": {"电子科技大学"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if !strings.Contains(staff.Get("/admin/reviewers").Body, name) {
		t.Errorf("the reviewer is not listed")
	}
	var body string
	if err := env.DB.NewRaw(`SELECT body FROM emails WHERE to_addr = ? AND kind = 'reviewer_invite'`, email).Scan(ctx(), &body); err != nil {
		t.Fatal(err)
	}
	link := inviteRe.FindString(body)
	if link == "" {
		t.Fatalf("no invitation link in %q", body)
	}
	c := env.NewClient(t)
	c.Get(link)
	if r := c.Post(link, url.Values{"password": {testenv.Password}, "confirm": {testenv.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set the password: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if r := c.Login(name, testenv.Password); r.Location() != "/review" {
		t.Fatalf("the reviewer lands on %q", r.Location())
	}
	if r := c.Get("/review"); r.Status != http.StatusOK || !strings.Contains(r.Body, "目前没有分配给您的稿件") {
		t.Errorf("评审任务 of a new reviewer: %d", r.Status)
	}
	for _, p := range []string{"/home", "/papers", "/events", "/admin/events"} {
		if r := c.Get(p); r.Status != http.StatusForbidden {
			t.Errorf("GET %s as a reviewer: %d, want 403", p, r.Status)
		}
	}
}
