package browser

import (
	"net/url"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

// TestStaffUnlockInBrowser: a member locked out on one network calls the association; staff
// find the lock on 登录锁定 and click 解除锁定.
func TestStaffUnlockInBrowser(t *testing.T) {
	b := browserenv.Start(t, env.App, 60*time.Second)
	locked := env.CreateAdmin(t)
	c := env.NewClient(t)
	c.IP = "10.77.0.5"
	for i := 0; i < 5; i++ {
		c.Get("/login")
		c.Post("/login", url.Values{"username": {locked}, "password": {"wrong-password-1"}})
	}

	s := b.NewTab(t, "系统管理员")
	s.Login(env.CreateAdmin(t))
	s.At("open 登录锁定")
	s.Open("/admin/lockouts")
	s.ElText("h1", "登录锁定")
	s.ElText("td", "^"+locked+"$")
	s.ElText("td", "^10.77.0.5$")
	s.Shot("20-admin-lockouts")
	s.At("click 解除锁定")
	s.ClickTextAndLoad("button", "^解除锁定$")
	s.ElText(".flash", "已解除锁定")
	s.ElText(".empty", "当前没有被锁定的账号或网络")

	c.Get("/login")
	if r := c.Post("/login", url.Values{"username": {locked}, "password": {testenv.Password}}); r.Status != 303 {
		t.Fatalf("login after the unlock: %d", r.Status)
	}
}
