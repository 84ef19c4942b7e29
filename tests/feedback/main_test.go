// Package feedback tests 反馈信息 and 反馈建议管理 through the real router and database: the
// thread with replies and staff-only notes, the state machine and who is told, bad input,
// another company's thread, the queue's filters and medians, and the auto-close job.
package feedback

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/feedback"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "feedback", &env) }

var ipSeq atomic.Int64

func nextIP() string {
	n := ipSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", 60+time.Now().Unix()%100, n/250, n%250+1)
}

// member is a logged-in member company.
type member struct {
	*testenv.Client
	UserID, CompanyID int64
}

func newMember(t testing.TB) *member {
	t.Helper()
	c, co := env.Member(t)
	c.IP = nextIP()
	u, err := account.ByUsername(context.Background(), env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	return &member{Client: c, UserID: u.ID, CompanyID: u.CompanyID}
}

// staff is a logged-in staff user of a department.
type staff struct {
	*testenv.Client
	User *account.User
}

func newStaff(t testing.TB, dept string) *staff {
	t.Helper()
	s := env.NewClient(t)
	s.IP = nextIP()
	name := env.CreateStaff(t, dept)
	s.Login(name, testenv.Password)
	u, err := account.ByUsername(context.Background(), env.DB, name)
	if err != nil {
		t.Fatal(err)
	}
	return &staff{Client: s, User: u}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func get(t testing.TB, itemID int64) *feedback.Item {
	t.Helper()
	it, err := feedback.Get(context.Background(), env.DB, itemID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// submit files an item for the member directly through the action.
func (m *member) submit(t testing.TB, subject string) *feedback.Item {
	t.Helper()
	it, err := feedback.Submit(context.Background(), env.DB, m.CompanyID, feedback.Draft{Category: feedback.Question, Subject: subject, Body: "请问……"},
		audit.Actor{ID: m.UserID, Name: "member"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func mustStatus(t testing.TB, r *testenv.Resp, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d: %s %s", what, r.Status, want, r.Doc.Find(".error").Text(), r.Text(".flash.err"))
	}
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

var _ = http.StatusOK
