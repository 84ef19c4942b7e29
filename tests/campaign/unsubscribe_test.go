package campaign

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/campaign"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"
)

// The mail as the SMTP server got it carries the recipient's unsubscribe link in the footer
// and in List-Unsubscribe with the RFC 8058 one-click header; a mail client's one-click POST
// (no session, no CSRF token) suppresses the address; the page's button does too; a forged
// token changes nothing.
func TestUnsubscribeLinkAndHeader(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	a, b := addr("unsub", "example.com"), addr("page", "example.com")
	c := newCampaign(t, companies(t, a, b))
	if _, err := runner(t, d, campaign.Limits{}).Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	ms := d.To(a)
	if len(ms) != 1 {
		t.Fatalf("%d messages to %s", len(ms), a)
	}
	m := ms[0]
	lu := m.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+env.Cfg.BaseURL+"/unsubscribe/") || !strings.HasSuffix(lu, ">") {
		t.Fatalf("List-Unsubscribe = %q", lu)
	}
	if p := m.Header.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe-Post = %q", p)
	}
	link := strings.Trim(lu, "<>")
	if !strings.Contains(m.Body, link) {
		t.Fatalf("body does not carry the link %s:\n%s", link, m.Body)
	}
	if !strings.Contains(m.Subject, "年会通知") || strings.Contains(m.Body, "{{") {
		t.Fatalf("variables not replaced: %q\n%s", m.Subject, m.Body)
	}
	path := strings.TrimPrefix(link, env.Cfg.BaseURL)

	// A forged token: the page says so, nothing is suppressed.
	anon := env.NewClient(t)
	forged := path[:len(path)-3] + "AAA"
	if r := anon.Get(forged); r.Status != http.StatusOK || !strings.Contains(r.Body, "退订链接无效") {
		t.Fatalf("forged token page: %d", r.Status)
	}
	// One click, as a mail provider posts it: no cookie, no CSRF token.
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := env.NewClient(t).Do(req); r.Status != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d %s", r.Status, r.Body)
	}
	if s, _ := campaign.Suppressed(ctx, env.DB, a); !s {
		t.Fatal("one-click unsubscribe did not suppress the address")
	}
	// The page: GET asks, the button confirms (with the page's CSRF token).
	pb := strings.Trim(d.To(b)[0].Header.Get("List-Unsubscribe"), "<>")
	pb = strings.TrimPrefix(pb, env.Cfg.BaseURL)
	page := anon.Get(pb)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, b) || !strings.Contains(page.Body, "确认退订") {
		t.Fatalf("unsubscribe page: %d", page.Status)
	}
	if s, _ := campaign.Suppressed(ctx, env.DB, b); s {
		t.Fatal("GET alone unsubscribed")
	}
	if r := anon.Post(pb, url.Values{}); r.Status != http.StatusOK || !strings.Contains(r.Body, "已退订") {
		t.Fatalf("confirm: %d", r.Status)
	}
	if s, _ := campaign.Suppressed(ctx, env.DB, b); !s {
		t.Fatal("the button did not unsubscribe")
	}
	// A POST without the one-click body and without a token is refused (CSRF still applies).
	req, _ = http.NewRequest(http.MethodPost, "http://cpca.test"+pb, strings.NewReader("x=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := env.NewClient(t).Do(req); r.Status != http.StatusForbidden {
		t.Fatalf("tokenless POST without one-click body: %d, want 403", r.Status)
	}
	// Staff see both on the suppression list.
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "info"), testenv.Password)
	list := s.Get("/admin/suppressions?reason=unsubscribe")
	if list.Status != http.StatusOK || !strings.Contains(list.Body, a) || !strings.Contains(list.Body, b) {
		t.Fatalf("suppression list: %d, missing the unsubscribed addresses", list.Status)
	}
	if r := s.Post("/admin/suppressions/remove", url.Values{"address": {b}}); r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.Status)
	}
	if s, _ := campaign.Suppressed(ctx, env.DB, b); s {
		t.Fatal("staff removal did not take the address off the list")
	}
}
