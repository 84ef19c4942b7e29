package security

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/session"
	"cpca/tests/testenv"
)

func sessionRows(t *testing.T) int {
	t.Helper()
	return countRows(t, `SELECT count(*) FROM sessions`)
}

// Anonymous visitors write nothing: 200 GET /login from browsers without cookies (bots), a
// missing page, the registration form and a language choice leave the sessions table as it
// was. The login form still works on the signed token, and a wrong token is refused.
func TestAnonymousWritesNothing(t *testing.T) {
	_, co := env.Member(t)
	before := sessionRows(t)
	for i := 0; i < 200; i++ {
		b := env.NewClient(t)
		b.IP = "10.9.1.1"
		if r := b.Get("/login"); r.Status != http.StatusOK || b.CSRF == "" {
			t.Fatalf("GET /login: %d, token %q", r.Status, b.CSRF)
		}
	}
	a := env.NewClient(t)
	a.IP = "10.9.1.2"
	if r := a.Get("/no/such/page"); r.Status != http.StatusNotFound {
		t.Fatalf("missing page: %d", r.Status)
	}
	a.Get("/register/step/1")
	a.Get("/login")
	if r := a.Post("/lang", url.Values{"lang": {"en"}, "back": {"/login"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("POST /lang: %d", r.Status)
	}
	if r := a.Get("/login"); !strings.Contains(r.Body, `lang="en"`) {
		t.Fatal("the language choice did not stick")
	}
	if n := sessionRows(t); n != before {
		t.Fatalf("sessions rows %d → %d after anonymous requests", before, n)
	}

	// Wrong token, and another browser's token: 403.
	other := env.NewClient(t)
	other.IP = "10.9.1.3"
	other.Get("/login")
	for name, tok := range map[string]string{"wrong token": "not-the-token", "other browser's token": other.CSRF} {
		r := a.Post("/login", url.Values{"username": {co.Username()}, "password": {"x"}, "_csrf": {tok}})
		if r.Status != http.StatusForbidden {
			t.Fatalf("%s: %d, want 403", name, r.Status)
		}
	}
	// The signed token of the page logs in; only then is a row written.
	a.Get("/login")
	if r := a.Post("/login", url.Values{"username": {co.Username()}, "password": {testenv.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("login with the page's token: %d", r.Status)
	}
	if n := sessionRows(t); n != before+1 {
		t.Fatalf("sessions rows %d → %d after one login, want +1", before, n)
	}
}

// Every web process signs with the key kept in the database, so a token one process put on
// a page is accepted by another (a Store of its own, as a second process would have).
func TestAnonymousTokenShared(t *testing.T) {
	ctx := context.Background()
	a, b := &session.Store{DB: env.DB}, &session.Store{DB: env.DB}
	nonce := session.NewNonce()
	tok, err := a.AnonCSRF(ctx, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := b.CheckAnonCSRF(ctx, nonce, tok); err != nil || !ok {
		t.Fatalf("second process refused the first one's token: %v %v", ok, err)
	}
	if ok, _ := b.CheckAnonCSRF(ctx, session.NewNonce(), tok); ok {
		t.Fatal("a token was accepted with another nonce")
	}
}
