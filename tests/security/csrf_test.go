package security

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/tests/testenv"
)

// Unsafe requests need the session's own token: none, a wrong one or another session's is
// refused with 403 and changes nothing; htmx's X-CSRF-Token header is accepted.
func TestCSRF(t *testing.T) {
	m, co := env.Member(t)
	m.IP = "10.3.0.1"
	refreshCSRF(t, m, true)
	other, _ := env.Member(t)
	other.IP = "10.3.0.2"
	refreshCSRF(t, other, true)
	before := user(t, co.Username())

	post := func(form url.Values, header string) *testenv.Resp {
		req, _ := http.NewRequest(http.MethodPost, "http://cpca.test/account/settings", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			req.Header.Set("X-CSRF-Token", header)
		}
		return m.Do(req)
	}
	form := func() url.Values {
		return url.Values{"name": {"改过的名字"}, "mobile": {"13700137000"}, "email": {"changed@example.com"}, "lang": {"en"}}
	}
	cases := []struct {
		name   string
		token  string // form field
		header string
	}{
		{"no token", "", ""},
		{"wrong token", "not-the-token", ""},
		{"wrong header", "", "not-the-token"},
		{"other session's token", other.CSRF, ""},
		{"other session's header", "", other.CSRF},
	}
	for _, tc := range cases {
		f := form()
		if tc.token != "" {
			f.Set("_csrf", tc.token)
		}
		r := post(f, tc.header)
		if r.Status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tc.name, r.Status)
		}
		after := user(t, co.Username())
		if after.Name != before.Name || after.Email != before.Email || after.Mobile != before.Mobile || after.Lang != before.Lang ||
			!after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Fatalf("%s: the refused POST changed the user: %+v", tc.name, after)
		}
	}
	// A refused logout does not end the session either.
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test/logout", nil)
	if r := m.Do(req); r.Status != http.StatusForbidden {
		t.Errorf("logout without token: %d, want 403", r.Status)
	}
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("still logged in after refused logout: %d %s", r.Status, r.Location())
	}

	// htmx sends the token in a header: accepted.
	r := m.PostHTMX("/account/settings", form())
	if r.Status != http.StatusOK || r.Header.Get("HX-Redirect") != "/account/settings" {
		t.Fatalf("htmx POST with X-CSRF-Token: %d %q %s", r.Status, r.Header.Get("HX-Redirect"), r.Body)
	}
	if after := user(t, co.Username()); after.Name != "改过的名字" || after.Email != "changed@example.com" {
		t.Fatalf("htmx POST did not save: %+v", after)
	}
}
