package security

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/tests/testenv"
)

// The session id changes at login, the cookie is HttpOnly and SameSite=Lax, and the id
// planted before login is worthless afterwards. (An anonymous visitor has a session only
// once something is stored: here a registration draft.)
func TestSessionFixationAndCookie(t *testing.T) {
	_, co := env.Member(t)
	c := env.NewClient(t)
	c.IP = "10.6.0.1"
	c.Get("/register/step/1")
	r := c.Post("/register/step/1", url.Values{"name": {"未填完的公司"}})
	before := sidOf(r)
	if len(before) < 43 {
		t.Fatalf("anonymous session cookie %q: want at least 256 bits", before)
	}
	line := setCookieLine(r)
	if !strings.Contains(line, "HttpOnly") || !strings.Contains(strings.ToLower(line), "samesite=lax") {
		t.Errorf("session cookie attributes: %q", line)
	}
	r = c.Post("/login", url.Values{"username": {co.Username()}, "password": {testenv.Password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.Status)
	}
	after := sidOf(r)
	if after == "" || after == before {
		t.Fatalf("session id not regenerated at login: before %q after %q", before, after)
	}
	line = setCookieLine(r)
	if !strings.Contains(line, "HttpOnly") || !strings.Contains(strings.ToLower(line), "samesite=lax") {
		t.Errorf("session cookie attributes after login: %q", line)
	}
	if res, _ := rawGet(t, "/home", before); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("pre-login session id still works: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := rawGet(t, "/home", after); res.StatusCode != http.StatusOK {
		t.Errorf("new session id: %d", res.StatusCode)
	}
}

// Logout ends the session on the server: a copy of the old cookie no longer works.
func TestLogoutServerSide(t *testing.T) {
	_, co := env.Member(t)
	c := env.NewClient(t)
	c.IP = "10.6.0.2"
	c.Get("/login")
	sid := sidOf(c.Post("/login", url.Values{"username": {co.Username()}, "password": {testenv.Password}}))
	refreshCSRF(t, c, true)
	r := c.Post("/logout", nil)
	if r.Status != http.StatusSeeOther || r.Location() != "/login" {
		t.Fatalf("logout: %d %s", r.Status, r.Location())
	}
	res, _ := rawGet(t, "/home", sid)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Fatalf("old cookie after logout: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var n int
	h := sha256.Sum256([]byte(sid))
	if err := env.DB.NewRaw(`SELECT count(*) FROM sessions WHERE id_hash = ?`, h[:]).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("the session row is still there after logout")
	}
}

// A session idle longer than the timeout is over.
func TestIdleTimeout(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.6.0.3"
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("home: %d", r.Status)
	}
	idle := env.Cfg.SessionIdle + time.Minute
	if _, err := env.DB.NewRaw(`UPDATE sessions SET last_seen_at = now() - ?::interval WHERE user_id = ?`,
		idle.String(), user(t, co.Username()).ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := m.Get("/home"); !loggedOut(r) {
		t.Fatalf("idle session still logged in: %d %s", r.Status, r.Location())
	}
}

// 密码修改 needs the current password and ends the user's other sessions, not this one.
func TestPasswordChange(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.6.0.4"
	second := env.NewClient(t)
	second.IP = "10.6.0.5"
	second.Login(co.Username(), testenv.Password)
	if r := second.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("second client: %d", r.Status)
	}
	m.Get("/account/password")
	const next = "Xinmima#2027y"
	r := m.Post("/account/password", url.Values{"current": {"Wrong#2026pass"}, "password": {next}, "confirm": {next}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("wrong current password: %d, want 422", r.Status)
	}
	if e := r.FieldError("current"); !strings.Contains(e, "当前密码不正确") {
		t.Fatalf("message next to current: %q", e)
	}
	if r := second.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("refused change ended the other session: %d", r.Status)
	}
	r = m.Post("/account/password", url.Values{"current": {testenv.Password}, "password": {next}, "confirm": {next}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("password change: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if r := m.Get("/account/password"); r.Status != http.StatusOK || !strings.Contains(r.Body, "密码已修改") {
		t.Fatalf("current session after change: %d", r.Status)
	}
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("current session logged out: %d %s", r.Status, r.Location())
	}
	if r := second.Get("/home"); !loggedOut(r) {
		t.Fatalf("other session still logged in: %d %s", r.Status, r.Location())
	}
	fresh := env.NewClient(t)
	fresh.IP = "10.6.0.6"
	if r := loginAttempt(fresh, co.Username(), testenv.Password); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("old password still works: %d", r.Status)
	}
	fresh.Login(co.Username(), next)
}

// 个人设置 saves name, mobile, email and language, and nothing else.
func TestSettingsNoMassAssignment(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.6.0.7"
	before := user(t, co.Username())
	m.Get("/account/settings")
	r := m.Post("/account/settings", url.Values{"name": {"王五"}, "mobile": {"13600136000"}, "email": {"Wangwu@Example.com"},
		"lang": {"en"}, "role": {"admin"}, "username": {"hijack"}, "company_id": {"1"}, "disabled": {"true"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	u := user(t, co.Username())
	if u.Name != "王五" || u.Mobile != "13600136000" || u.Email != "wangwu@example.com" || u.Lang != "en" {
		t.Fatalf("settings not saved: %+v", u)
	}
	if u.Role != before.Role || u.Username != before.Username || u.CompanyID != before.CompanyID || u.Disabled {
		t.Fatalf("settings changed more than allowed: role %s username %s company %d disabled %v", u.Role, u.Username, u.CompanyID, u.Disabled)
	}
	if r := m.Get("/admin/applications"); r.Status != http.StatusForbidden {
		t.Fatalf("member reached staff page after posting role=admin: %d", r.Status)
	}
	// Invalid input: 422 and nothing saved.
	r = m.Post("/account/settings", url.Values{"name": {""}, "mobile": {"123"}, "email": {"x"}, "lang": {"fr"}})
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("mobile") == "" {
		t.Fatalf("invalid settings: %d %q", r.Status, r.FieldError("mobile"))
	}
	if u2 := user(t, co.Username()); u2.Name != "王五" || u2.Lang != "en" {
		t.Fatalf("invalid settings saved: %+v", u2)
	}
}

// Guessing the current password on 密码修改 from a taken-over session is throttled like
// logins: after 5 wrong guesses even the right one is refused for a while.
func TestPasswordChangeThrottled(t *testing.T) {
	m, _ := env.Member(t)
	m.IP = "10.6.0.9"
	m.Get("/account/password")
	const next = "Xinmima#2027z"
	for i := 0; i < 5; i++ {
		r := m.Post("/account/password", url.Values{"current": {"Wrong#2026pass"}, "password": {next}, "confirm": {next}})
		if e := r.FieldError("current"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(e, "当前密码不正确") {
			t.Fatalf("guess %d: %d %q", i+1, r.Status, e)
		}
	}
	r := m.Post("/account/password", url.Values{"current": {testenv.Password}, "password": {next}, "confirm": {next}})
	if e := r.FieldError("current"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(e, "错误次数过多") {
		t.Fatalf("after 5 wrong guesses: %d %q", r.Status, e)
	}
}
