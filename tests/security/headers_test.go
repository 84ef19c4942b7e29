package security

import (
	"net/http"
	"strings"
	"testing"

	"cpca/tests/testenv"
)

func checkSecurityHeaders(t *testing.T, what string, r *testenv.Resp) {
	t.Helper()
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: CSP allows unsafe scripts: %q", what, csp)
	}
	if v := r.Header.Get("X-Content-Type-Options"); v != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, v)
	}
	if v := r.Header.Get("X-Frame-Options"); v != "DENY" && v != "SAMEORIGIN" {
		t.Errorf("%s: X-Frame-Options %q", what, v)
	}
	if v := r.Header.Get("Referrer-Policy"); v == "" || v == "unsafe-url" {
		t.Errorf("%s: Referrer-Policy %q", what, v)
	}
}

func TestSecurityHeaders(t *testing.T) {
	a := env.NewClient(t)
	a.IP = "10.7.0.1"
	checkSecurityHeaders(t, "login page", a.Get("/login"))
	checkSecurityHeaders(t, "register page", a.Get("/register/step/1"))

	m, _ := env.Member(t)
	m.IP = "10.7.0.2"
	for _, p := range []string{"/home", "/messages", "/account/settings", "/account/password"} {
		r := m.Get(p)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", p, r.Status)
		}
		checkSecurityHeaders(t, p, r)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q, want no-store", p, cc)
		}
	}
	s := env.NewClient(t)
	s.IP = "10.7.0.3"
	s.Login(env.CreateAdmin(t), testenv.Password)
	for _, p := range []string{"/admin/applications", "/admin/emails", "/admin/audit"} {
		r := s.Get(p)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", p, r.Status)
		}
		checkSecurityHeaders(t, p, r)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q, want no-store", p, cc)
		}
	}
	// Static files keep their cache headers but still get nosniff.
	if r := a.Get("/public/css/app.css"); r.Status == http.StatusOK && r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("static file without nosniff")
	}
}

// checkErrorPage: the page names the request id and shows no internals.
func checkErrorPage(t *testing.T, what string, r *testenv.Resp, status int, text string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d", what, r.Status, status)
	}
	rid := r.Header.Get("X-Request-Id")
	if rid == "" || !strings.Contains(r.Body, "请求编号："+rid) {
		t.Errorf("%s: request id %q not on the page", what, rid)
	}
	if !strings.Contains(r.Body, text) {
		t.Errorf("%s: page lacks %q", what, text)
	}
	for _, leak := range []string{"goroutine ", ".go:", "runtime/", "panic", "sql:", "pq:", "SQLSTATE", "Cannot GET"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("%s: page shows internals (%q)", what, leak)
		}
	}
	checkSecurityHeaders(t, what, r)
}

func TestErrorPages(t *testing.T) {
	a := env.NewClient(t)
	a.IP = "10.7.0.4"
	checkErrorPage(t, "unknown route", a.Get("/no/such/page"), http.StatusNotFound, "页面不存在")

	m, _ := env.Member(t)
	m.IP = "10.7.0.5"
	checkErrorPage(t, "forbidden", m.Get("/admin/audit"), http.StatusForbidden, "您没有权限访问此页面")
	checkErrorPage(t, "unknown notice", m.Get("/messages/987654321"), http.StatusNotFound, "您要找的内容不存在")
	checkErrorPage(t, "bad id", m.Get("/messages/abc%27%20OR%201=1"), http.StatusNotFound, "您要找的内容不存在")
	checkErrorPage(t, "unknown route logged in", m.Get("/home/../secret.go"), http.StatusNotFound, "页面")

	s := env.NewClient(t)
	s.IP = "10.7.0.6"
	s.Login(env.CreateAdmin(t), testenv.Password)
	checkErrorPage(t, "unknown application", s.Get("/admin/applications/987654321"), http.StatusNotFound, "您要找的内容不存在")
	checkErrorPage(t, "unknown email", s.Get("/admin/emails/987654321"), http.StatusNotFound, "您要找的内容不存在")
}
