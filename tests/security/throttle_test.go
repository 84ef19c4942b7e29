package security

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/auth"
	"cpca/tests/testenv"
)

func loginAttempt(c *testenv.Client, username, password string) *testenv.Resp {
	c.Get("/login")
	return c.Post("/login", url.Values{"username": {username}, "password": {password}})
}

func auditCount(t *testing.T, actor, result string) int {
	t.Helper()
	var n int
	err := env.DB.NewRaw(`SELECT count(*) FROM audit_log WHERE action = 'login' AND actor_name = ? AND result = ?`, actor, result).
		Scan(context.Background(), &n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Five failures from one address lock that (account, address) pair: the sixth attempt from
// there is refused even with the right password, and the same account still logs in from
// another address.
func TestThrottlePerPair(t *testing.T) {
	name := env.CreateAdmin(t)
	c := env.NewClient(t)
	c.IP = "10.4.0.1"
	for i := 0; i < 5; i++ {
		r := loginAttempt(c, name, "wrong-password-1")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "用户名或密码错误") {
			t.Fatalf("failure %d: %d %s", i+1, r.Status, r.Text(".flash.err"))
		}
	}
	r := loginAttempt(c, name, testenv.Password)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("6th attempt with the right password: %d, want 429", r.Status)
	}
	if msg := r.Text(".flash.err"); !strings.Contains(msg, "该账号在此网络登录失败次数过多，已暂时锁定") {
		t.Fatalf("lock message: %q", msg)
	}
	if !loggedOut(c.Get("/admin/applications")) {
		t.Fatal("throttled login logged the user in")
	}
	if n := auditCount(t, name, "failed"); n != 5 {
		t.Errorf("audit: %d failed login rows, want 5", n)
	}
	if n := auditCount(t, name, "throttled"); n != 1 {
		t.Errorf("audit: %d throttled login rows, want 1", n)
	}
	// Case does not get around the lock.
	if r := loginAttempt(c, strings.ToUpper(name), testenv.Password); r.Status != http.StatusTooManyRequests {
		t.Errorf("upper-case username: %d, want 429", r.Status)
	}
	other := env.NewClient(t)
	other.IP = "10.4.0.2"
	other.Login(name, testenv.Password)
}

// An outsider can not lock a staff member out at will: 50 failures on one staff account from
// one address lock only that address's pair; staff logs in from the office all along.
func TestThrottleOutsiderCannotLockStaff(t *testing.T) {
	name := env.CreateAdmin(t)
	attacker := env.NewClient(t)
	attacker.IP = "10.4.1.66"
	refused := 0
	for i := 0; i < 50; i++ {
		if r := loginAttempt(attacker, name, "Guess#"+strconv.Itoa(i)); r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	if n := auditCount(t, name, "failed"); n != 5 || refused != 45 {
		t.Fatalf("%d guesses checked and %d refused, want 5 and 45", n, refused)
	}
	office := env.NewClient(t)
	office.IP = "10.4.1.10"
	office.Login(name, testenv.Password)
	if r := office.Get("/admin/applications"); r.Status != http.StatusOK {
		t.Fatalf("staff from another address: %d", r.Status)
	}
}

// Past the per-account bound (50 failures over many addresses) attempts on the account are
// slowed down, never refused: the right password from a new address still logs in, after
// the wait; and that success ends the slow-down.
func TestThrottleSlowDown(t *testing.T) {
	name := env.CreateAdmin(t)
	for a := 0; a < 10; a++ {
		c := env.NewClient(t)
		c.IP = "10.4.2." + strconv.Itoa(a+1)
		for i := 0; i < 5; i++ {
			if r := loginAttempt(c, name, "Guess#2026x"); r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("address %d guess %d: %d", a, i, r.Status)
			}
		}
	}
	defer func(d time.Duration) { auth.SlowDelay = d }(auth.SlowDelay)
	auth.SlowDelay = 400 * time.Millisecond
	c := env.NewClient(t)
	c.IP = "10.4.2.99"
	c.Get("/login")
	start := time.Now()
	r := c.Post("/login", url.Values{"username": {name}, "password": {testenv.Password}})
	if took := time.Since(start); r.Status != http.StatusSeeOther || took < auth.SlowDelay {
		t.Fatalf("login past the bound: %d after %v, want 303 after at least %v", r.Status, took, auth.SlowDelay)
	}
	c = env.NewClient(t)
	c.IP = "10.4.2.98"
	c.Get("/login")
	start = time.Now()
	if r := c.Post("/login", url.Values{"username": {name}, "password": {testenv.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("second login: %d", r.Status)
	} else if took := time.Since(start); took >= auth.SlowDelay {
		t.Errorf("still slowed after a success: %v", took)
	}
}

// Twenty failures from one address over different usernames block that address only.
func TestThrottlePerIP(t *testing.T) {
	name := env.CreateAdmin(t)
	bad := env.NewClient(t)
	bad.IP = "10.5.0.66"
	for i := 0; i < 20; i++ {
		r := loginAttempt(bad, testenv.Name("nobody"), "wrong-password-1")
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i+1, r.Status)
		}
	}
	r := loginAttempt(bad, name, testenv.Password)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Text(".flash.err"), "此网络登录失败次数过多") {
		t.Fatalf("21st attempt from the same address: %d %q", r.Status, r.Text(".flash.err"))
	}
	if !loggedOut(bad.Get("/admin/applications")) {
		t.Fatal("throttled address got logged in")
	}
	if n := auditCount(t, name, "throttled"); n != 1 {
		t.Errorf("audit: %d throttled rows for %s, want 1", n, name)
	}
	good := env.NewClient(t)
	good.IP = "10.5.0.77"
	good.Login(name, testenv.Password)
	if r := good.Get("/admin/applications"); r.Status != http.StatusOK {
		t.Fatalf("another address can not log in: %d", r.Status)
	}
}

// Guesses sent in parallel can not slip past the limit together: of 12 concurrent wrong
// passwords from one address exactly 5 are checked, the rest are refused.
func TestThrottleParallelGuesses(t *testing.T) {
	co := testenv.NewCompany()
	env.Register(t, env.NewClient(t), co)
	clients := make([]*testenv.Client, 12)
	for i := range clients {
		clients[i] = env.NewClient(t)
		clients[i].IP = "10.8.1.1"
		clients[i].Get("/login")
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func(c *testenv.Client) {
			defer wg.Done()
			c.Post("/login", url.Values{"username": {co.Username()}, "password": {"Wrong#2026guess"}})
		}(c)
	}
	wg.Wait()
	if n := auditCount(t, co.Username(), "failed"); n != 5 {
		t.Errorf("%d guesses were checked, want exactly 5", n)
	}
	if n := auditCount(t, co.Username(), "throttled"); n != 7 {
		t.Errorf("%d guesses were refused, want 7", n)
	}
}
