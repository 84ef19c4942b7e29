// Package company tests 会员信息 (profile edits, key-field change requests and their review),
// 单位成员 (people edited in place, one 主要联系人, directory consent), 单位账号 (invitations,
// disabling) and 忘记密码, through the real router and a fresh database.
package company

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "company", &env) }

// samplePDF is a small file recognised as PDF by its content.
var samplePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// member is a logged-in member client with its user and company.
type member struct {
	C    *testenv.Client
	Co   testenv.Company
	User *account.User
}

func newMember(t *testing.T) member {
	t.Helper()
	c, co := env.Member(t)
	c.Get("/company") // the session's CSRF token, as a browser would have it
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

func count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// staffClient logs in a staff user of the department ("membership", ...; "" for 系统管理员).
func staffClient(t *testing.T, dept string) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	if dept == "" {
		s.Login(env.CreateAdmin(t), testenv.Password)
	} else {
		s.Login(env.CreateStaff(t, dept), testenv.Password)
	}
	return s
}

var linkRe = regexp.MustCompile(`/(invite|password/reset)/([A-Za-z0-9_-]{20,})`)

// lastLink is the one-time link path in the newest email to addr of kind, or "".
func lastLink(t *testing.T, addr, kind string) string {
	t.Helper()
	var body string
	err := env.DB.NewRaw(`SELECT body FROM emails WHERE to_addr = ? AND kind = ? ORDER BY id DESC LIMIT 1`, addr, kind).
		Scan(context.Background(), &body)
	if err != nil {
		return ""
	}
	return linkRe.FindString(body)
}

func wantStatus(t *testing.T, r *testenv.Resp, status int, what string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d; flash %q errors %q", what, r.Status, status, r.Text(".flash.err"), r.Doc.Find(".error").Text())
	}
}

var _ = http.StatusOK
