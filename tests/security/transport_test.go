package security

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/app"
	"cpca/internal/auth"
	"cpca/internal/authz"
	"cpca/internal/session"
	"cpca/tests/testenv"

	"github.com/gofiber/fiber/v2"
)

// httpsApp is the application as deployed behind https://member.cpca.test (same database).
func httpsApp(t *testing.T) *fiber.App {
	t.Helper()
	cfg := env.Cfg
	cfg.BaseURL, cfg.SecureCookies = "https://member.cpca.test", true
	enf, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Deps{Cfg: cfg, DB: env.DB, Authz: enf, Throttle: auth.NewThrottle(env.DB),
		Sessions: &session.Store{DB: env.DB, Idle: cfg.SessionIdle, Max: cfg.SessionMax},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// send runs one request against a with the given cookies and returns the response and body.
func send(t *testing.T, a *fiber.App, method, path string, form url.Values, cookies []*http.Cookie) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, "https://member.cpca.test"+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Forwarded-For", "10.9.2.1")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := a.Test(req, 30000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Under https every response carries HSTS and the cookies are __Host- prefixed (Secure,
// Path=/, no Domain); under http there is no HSTS and the session cookie stays cpca_sid.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	_, co := env.Member(t)
	a := httpsApp(t)
	res, body := send(t, a, http.MethodGet, "/login", nil, nil)
	if h := res.Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Fatalf("https: Strict-Transport-Security %q", h)
	}
	csrf := res.Cookies()
	if len(csrf) != 1 || csrf[0].Name != "__Host-cpca_csrf" || !csrf[0].Secure || csrf[0].Path != "/" || csrf[0].Domain != "" {
		t.Fatalf("https: anonymous cookies %v", res.Header.Values("Set-Cookie"))
	}
	tok := between(body, `name="_csrf" value="`, `"`)
	res, _ = send(t, a, http.MethodPost, "/login", url.Values{"_csrf": {tok}, "username": {co.Username()}, "password": {testenv.Password}}, csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("https login: %d", res.StatusCode)
	}
	var sid *http.Cookie
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, "cpca_sid") {
			sid = c
		}
	}
	if sid == nil || sid.Name != "__Host-cpca_sid" || !sid.Secure || !sid.HttpOnly || sid.Path != "/" || sid.Domain != "" {
		t.Fatalf("https: session cookie %v", res.Header.Values("Set-Cookie"))
	}
	if res, _ := send(t, a, http.MethodGet, "/home", nil, []*http.Cookie{sid}); res.StatusCode != http.StatusOK {
		t.Fatalf("https: home with the __Host- cookie: %d", res.StatusCode)
	}
	// The unprefixed name is not read under https (a subdomain could have planted it).
	plain := &http.Cookie{Name: "cpca_sid", Value: sid.Value}
	if res, _ := send(t, a, http.MethodGet, "/home", nil, []*http.Cookie{plain}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("https: home with an unprefixed cookie: %d, want the login redirect", res.StatusCode)
	}

	h := env.NewClient(t)
	h.IP = "10.9.2.2"
	if r := h.Get("/login"); r.Header.Get("Strict-Transport-Security") != "" {
		t.Fatal("http: HSTS sent")
	}
	r := h.Post("/login", url.Values{"username": {co.Username()}, "password": {testenv.Password}})
	if sidOf(r) == "" {
		t.Fatalf("http: no cpca_sid cookie at login: %v", r.Header.Values("Set-Cookie"))
	}
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// A session ends CPCA_SESSION_MAX after login even when it is used every minute.
func TestAbsoluteLifetime(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.9.2.3"
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("home: %d", r.Status)
	}
	old := env.Cfg.SessionMax + time.Minute
	if _, err := env.DB.NewRaw(`UPDATE sessions SET created_at = now() - ?::interval, last_seen_at = now() WHERE user_id = ?`,
		old.String(), user(t, co.Username()).ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := m.Get("/home"); !loggedOut(r) {
		t.Fatalf("a session older than %s is still logged in: %d %s", env.Cfg.SessionMax, r.Status, r.Location())
	}
}

// A request from another site is refused even with the right token: Sec-Fetch-Site
// cross-site or same-site, or (without Sec-Fetch-Site) an Origin that is not the base URL's.
func TestCrossSiteRefused(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.9.2.4"
	refreshCSRF(t, m, true)
	post := func(name string, headers map[string]string) *testenv.Resp {
		f := url.Values{"name": {name}, "mobile": {"13700137000"}, "email": {"x@example.com"}, "lang": {"zh"}, "_csrf": {m.CSRF}}
		req, _ := http.NewRequest(http.MethodPost, "http://cpca.test/account/settings", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		return m.Do(req)
	}
	for what, h := range map[string]map[string]string{
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site", "Origin": "http://cpca.test"},
		"Sec-Fetch-Site same-site":  {"Sec-Fetch-Site": "same-site"},
		"foreign Origin":            {"Origin": "https://evil.example"},
		"Origin null":               {"Origin": "null"},
		"other port":                {"Origin": "http://cpca.test:8443"},
	} {
		if r := post("跨站改名", h); r.Status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", what, r.Status)
		}
	}
	if u := user(t, co.Username()); u.Name == "跨站改名" {
		t.Fatal("a cross-site request changed the user")
	}
	for what, h := range map[string]map[string]string{
		"same origin":                {"Origin": "http://cpca.test", "Sec-Fetch-Site": "same-origin"},
		"base URL's Origin":          {"Origin": "http://cpca.test"},
		"no Origin (non-browser)":    {},
		"Sec-Fetch-Site same-origin": {"Sec-Fetch-Site": "same-origin"},
	} {
		if r := post("同站改名", h); r.Status != http.StatusSeeOther {
			t.Errorf("%s: %d, want 303", what, r.Status)
		}
	}
}
