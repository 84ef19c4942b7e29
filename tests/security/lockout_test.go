package security

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/tests/testenv"
)

// lock makes 5 failures for name from ip, so the pair is locked.
func lock(t *testing.T, name, ip string) {
	t.Helper()
	c := env.NewClient(t)
	c.IP = ip
	for i := 0; i < 5; i++ {
		loginAttempt(c, name, "wrong-password-1")
	}
	if r := loginAttempt(c, name, testenv.Password); r.Status != http.StatusTooManyRequests {
		t.Fatalf("pair %s@%s not locked: %d", name, ip, r.Status)
	}
}

// Staff see the current locks on 登录锁定 and lift one with 解除锁定 (audited): the member
// then logs in from that address at once.
func TestStaffUnlock(t *testing.T) {
	_, co := env.Member(t)
	name := strings.ToLower(co.Username())
	lock(t, name, "10.7.0.5")

	staff := env.NewClient(t)
	staff.IP = "10.7.0.1"
	staff.Login(env.CreateAdmin(t), testenv.Password)
	page := staff.Get("/admin/lockouts")
	if page.Status != http.StatusOK || !testenv.Contains(page.Body, name, "10.7.0.5", "解除锁定") {
		t.Fatalf("lockouts page: %d, lock of %s not listed", page.Status, name)
	}
	r := staff.Post("/admin/lockouts/unlock", url.Values{"username": {name}, "ip": {"10.7.0.5"}})
	if r.Status != http.StatusSeeOther || r.Location() != "/admin/lockouts" {
		t.Fatalf("unlock: %d %s", r.Status, r.Location())
	}
	if page := staff.Get("/admin/lockouts"); !strings.Contains(page.Text(".flash"), "已解除锁定") || strings.Contains(page.Body, "10.7.0.5") {
		t.Fatalf("after unlock: flash %q, still listed: %v", page.Text(".flash"), strings.Contains(page.Body, "10.7.0.5"))
	}
	c := env.NewClient(t)
	c.IP = "10.7.0.5"
	c.Login(co.Username(), testenv.Password)
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE action = 'login.unlock' AND object_id = ?`, name+"@10.7.0.5"); n != 1 {
		t.Errorf("%d audit rows for the unlock, want 1", n)
	}
	// Unlocking what is not locked says so and changes nothing.
	staff.Get("/admin/lockouts")
	staff.Post("/admin/lockouts/unlock", url.Values{"username": {name}, "ip": {"10.7.0.5"}})
	if page := staff.Get("/admin/lockouts"); !strings.Contains(page.Text(".flash.err"), "该锁定已解除或已过期") {
		t.Fatalf("second unlock: %q", page.Text(".flash.err"))
	}
}

// An address that failed on 20 usernames is listed as one lock and can be lifted as a whole.
func TestStaffUnlockAddress(t *testing.T) {
	bad := env.NewClient(t)
	bad.IP = "10.7.1.66"
	for i := 0; i < 20; i++ {
		loginAttempt(bad, testenv.Name("nobody"), "wrong-password-1")
	}
	name := env.CreateAdmin(t)
	if r := loginAttempt(bad, name, testenv.Password); r.Status != http.StatusTooManyRequests {
		t.Fatalf("address not blocked: %d", r.Status)
	}
	staff := env.NewClient(t)
	staff.IP = "10.7.1.1"
	staff.Login(env.CreateAdmin(t), testenv.Password)
	page := staff.Get("/admin/lockouts")
	if !testenv.Contains(page.Body, "10.7.1.66", "该网络的所有账号", strconv.Itoa(20)) {
		t.Fatal("address lock not listed")
	}
	if r := staff.Post("/admin/lockouts/unlock", url.Values{"ip": {"10.7.1.66"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("unlock address: %d", r.Status)
	}
	bad.Login(name, testenv.Password)
}
