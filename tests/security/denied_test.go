package security

import (
	"net/http"
	"testing"
)

// A logged-in user refused by the policy is audited (authz.denied, route, method), once per
// route a minute however often they try; anonymous visitors sent to login are not.
func TestDeniedAudited(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.9.3.1"
	id := user(t, co.Username()).ID
	for i := 0; i < 5; i++ {
		if r := m.Get("/admin/audit"); r.Status != http.StatusForbidden {
			t.Fatalf("member on /admin/audit: %d", r.Status)
		}
	}
	if r := m.Get("/admin/applications/12345"); r.Status != http.StatusForbidden {
		t.Fatalf("member on an application: %d", r.Status)
	}
	q := `SELECT count(*) FROM audit_log WHERE action = 'authz.denied' AND actor_id = ? AND object_id = ? AND detail = 'GET'`
	if n := countRows(t, q, id, "/admin/audit"); n != 1 {
		t.Fatalf("%d authz.denied entries for 5 refusals of /admin/audit, want 1", n)
	}
	if n := countRows(t, q, id, "/admin/applications/:id"); n != 1 {
		t.Fatalf("%d authz.denied entries for /admin/applications/:id, want 1", n)
	}
	before := countRows(t, `SELECT count(*) FROM audit_log WHERE action = 'authz.denied'`)
	a := env.NewClient(t)
	a.IP = "10.9.3.2"
	if r := a.Get("/admin/audit"); r.Status != http.StatusSeeOther {
		t.Fatalf("anonymous on /admin/audit: %d", r.Status)
	}
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE action = 'authz.denied'`); n != before {
		t.Fatal("an anonymous redirect to login was audited as a refusal")
	}
}
