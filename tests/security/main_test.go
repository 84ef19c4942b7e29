// Package security checks the security baseline of DESIGN.md §5 through the real router:
// the route × role table, CSRF, login throttling, sessions and response headers.
package security

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "security", &env) }

const sessionCookie = "cpca_sid"

// sidOf returns the session cookie a response sets, or "".
func sidOf(r *testenv.Resp) string {
	for _, line := range r.Header.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == sessionCookie {
			return c.Value
		}
	}
	return ""
}

// setCookieLine returns the raw Set-Cookie header of the session cookie.
func setCookieLine(r *testenv.Resp) string {
	for _, line := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, sessionCookie+"=") {
			return line
		}
	}
	return ""
}

// rawGet sends a GET carrying only the given session cookie (a browser that kept an old cookie).
func rawGet(t *testing.T, path, sid string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test"+path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sid})
	req.Header.Set("X-Forwarded-For", "10.9.9.9")
	res, err := env.App.Test(req, 30000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// loggedOut reports whether a GET of a member page was sent to the login page.
func loggedOut(r *testenv.Resp) bool {
	return r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location(), "/login?next=")
}

// user loads a user row by username.
func user(t *testing.T, username string) *account.User {
	t.Helper()
	u, err := account.ByUsername(context.Background(), env.DB, username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// refreshCSRF loads a page so the client holds its session's current CSRF token.
func refreshCSRF(t *testing.T, c *testenv.Client, loggedIn bool) {
	t.Helper()
	c.CSRF = ""
	if loggedIn {
		c.Get("/privacy")
	} else {
		c.Get("/login")
	}
	if c.CSRF == "" {
		t.Fatal("no CSRF token on the page")
	}
}
