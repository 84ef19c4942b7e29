// Package membership tests 注册账户 (the four-step registration), 入会审核 (staff review) and
// the applicant's own application end to end, through the real router and a fresh database.
package membership

import (
	"context"
	"crypto/rand"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/uscc"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "membership", &env) }

// clone copies a form so a test can change one field without touching the fixture.
func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

// with returns a copy of v with the given key/value pairs set ("" deletes nothing: it sets empty).
func with(v url.Values, kv ...string) url.Values {
	out := clone(v)
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// step posts one registration step with an action.
func step(c *testenv.Client, n int, form url.Values, action string) *testenv.Resp {
	f := clone(form)
	f.Set("action", action)
	return c.Post("/register/step/"+strconv.Itoa(n), f)
}

// walk starts a registration and completes steps 1..upTo with co's data.
func walk(t *testing.T, c *testenv.Client, co testenv.Company, upTo int) {
	t.Helper()
	c.Get("/register")
	c.Get("/register/step/1")
	forms := []url.Values{co.Step1, co.Step2, co.Step3, co.Step4}
	for i := 0; i < upTo; i++ {
		r := step(c, i+1, forms[i], "next")
		if r.Status != http.StatusSeeOther {
			t.Fatalf("step %d: status %d, errors: %s", i+1, r.Status, r.Doc.Find(".error").Text())
		}
		if want := "/register/step/" + strconv.Itoa(i+2); i < 3 && r.Location() != want {
			t.Fatalf("step %d: redirected to %q, want %q", i+1, r.Location(), want)
		}
	}
}

// val is what the re-rendered form shows for a field: an input's value, a textarea's text,
// a select's selected option.
func val(r *testenv.Resp, name string) string {
	s := r.Doc.Find(`[name="` + name + `"]`).First()
	switch goquery.NodeName(s) {
	case "textarea":
		return s.Text()
	case "select":
		return s.Find("option[selected]").AttrOr("value", "")
	}
	return s.AttrOr("value", "")
}

// checked is the value of the checked radio named name, or "" when none is.
func checked(r *testenv.Resp, name string) string {
	return r.Doc.Find(`input[name="`+name+`"][checked]`).AttrOr("value", "")
}

// errorsText is all error messages on the page.
func errorsText(r *testenv.Resp) string { return r.Doc.Find(".error").Text() }

// peopleNames lists the names in the rows of the 成员信息 table, in order.
func peopleNames(r *testenv.Resp) []string {
	var out []string
	r.Doc.Find(`table.people input[name$=".name"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("value", ""))
	})
	return out
}

// newUSCC returns a valid credit code starting with prefix (at most 17 characters).
func newUSCC(prefix string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	p := []byte(prefix)
	for len(p) < 17 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		p = append(p, alphabet[n.Int64()])
	}
	return string(p) + string(uscc.CheckChar(string(p)))
}

// fullWidth turns ASCII letters and digits into their full-width forms (as typed with a
// Chinese input method).
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0x20 && r < 0x7F {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// count runs a SELECT count(*) ... and returns the number.
func count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// scan runs a query returning one row into dest.
func scan(t *testing.T, query string, args []any, dest ...any) {
	t.Helper()
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), dest...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// staff logs a new admin in and returns the client.
func staff(t *testing.T) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.Login(env.CreateAdmin(t), testenv.Password)
	return s
}

func appPath(id int64) string { return "/admin/applications/" + strconv.FormatInt(id, 10) }

// listIDs is the application ids in the 入会审核 table of a response.
func listIDs(r *testenv.Resp) map[string]bool {
	out := map[string]bool{}
	r.Doc.Find("#applications tbody tr").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("td").First().Text())] = true
	})
	return out
}

// listRows is the text of each row of the 入会审核 table, by application id.
func listRows(r *testenv.Resp) map[string]string {
	out := map[string]string{}
	r.Doc.Find("#applications tbody tr").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("td").First().Text())] = s.Text()
	})
	return out
}

// allRows reports whether every row's text contains part (and there is at least one row).
func allRows(rows map[string]string, part string) bool {
	for _, text := range rows {
		if !strings.Contains(text, part) {
			return false
		}
	}
	return len(rows) > 0
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
