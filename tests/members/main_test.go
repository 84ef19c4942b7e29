// Package members tests 会员管理 (staff): the member list's filters and search, the Excel
// export (text cells, formula escaping), the member detail, 暂停/恢复/退会 and their
// effects on the company's users, dues and certificates, and the account actions.
package members

import (
	"context"
	"net/http"
	"testing"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "members", &env) }

// member is a logged-in member client with its user and company id.
type member struct {
	C    *testenv.Client
	Co   testenv.Company
	User *account.User
}

func newMember(t *testing.T) member {
	t.Helper()
	c, co := env.Member(t)
	c.Get("/home") // the session's CSRF token
	u, err := account.ByUsername(context.Background(), env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	return member{C: c, Co: co, User: u}
}

func (m member) company(t *testing.T) *company.Company {
	t.Helper()
	co, err := company.ByID(context.Background(), env.DB, m.User.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	return co
}

func exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := env.DB.NewRaw(query, args...).Exec(context.Background()); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// staffClient logs in a 会员部 staff user (or another department's).
func staffClient(t *testing.T, dept string) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, dept), testenv.Password)
	s.Get("/account/settings") // the session's CSRF token
	return s
}

func wantStatus(t *testing.T, r *testenv.Resp, status int, what string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d; flash %q errors %q", what, r.Status, status, r.Text(".flash.err"), r.Doc.Find(".error").Text())
	}
}

var _ = http.StatusOK
