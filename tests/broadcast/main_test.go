// Package broadcast tests 站内信管理 and the member's 站内信息 through the real router and
// database: audience resolution, the frozen recipient list, sparse read state with the
// read-before mark, retraction, 补发, scheduled sends, email copies, safe bodies, and the
// unread count's plan with 1,000,000 recipient rows.
package broadcast

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/notice"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "broadcast", &env) }

var ipSeq atomic.Int64

func nextIP() string {
	n := ipSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", 60+time.Now().Unix()%100, n/250, n%250+1)
}

// member is a logged-in member company.
type member struct {
	*testenv.Client
	CompanyID, UserID int64
}

func newMember(t testing.TB, level string) *member {
	t.Helper()
	c, co := env.Member(t)
	c.IP = nextIP()
	u, err := account.ByUsername(context.Background(), env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	if level != "" {
		exec(t, `UPDATE companies SET level = ? WHERE id = ?`, level, u.CompanyID)
	}
	return &member{Client: c, CompanyID: u.CompanyID, UserID: u.ID}
}

func newStaff(t testing.TB) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.IP = nextIP()
	s.Login(env.CreateStaff(t, account.StaffInfo), testenv.Password)
	return s
}

func exec(t testing.TB, q string, args ...any) {
	t.Helper()
	if _, err := env.DB.NewRaw(q, args...).Exec(context.Background()); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(q, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// send creates a broadcast now to a and fails on error.
func send(t testing.TB, title string, a broadcast.Audience, important bool) *broadcast.Broadcast {
	t.Helper()
	b, err := broadcast.Create(context.Background(), env.DB, broadcast.Draft{Title: title, Body: "正文", Important: important, Audience: a},
		audit.CLI, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unread(t testing.TB, m *member) int {
	t.Helper()
	n, err := notice.Unread(context.Background(), env.DB, m.UserID, m.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func id(n int64) string { return fmt.Sprint(n) }

var auditCLI = audit.CLI

func now() time.Time { return time.Now() }
