package security

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/ratelimit"
	"cpca/tests/testenv"
)

// 会员缴费 exports: 10 per staff user in 10 minutes, then 429 with a message; another staff
// user is not affected.
func TestExportRateLimit(t *testing.T) {
	s := env.NewClient(t)
	s.Login(env.CreateAdmin(t), testenv.Password)
	for i := 0; i < ratelimit.Export.Limit; i++ {
		if r := s.Get("/admin/dues/export"); r.Status != http.StatusOK {
			t.Fatalf("export %d: %d", i+1, r.Status)
		}
	}
	r := s.Get("/admin/dues/export")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "导出过于频繁") {
		t.Fatalf("export %d: %d, want 429 with a message", ratelimit.Export.Limit+1, r.Status)
	}
	other := env.NewClient(t)
	other.Login(env.CreateAdmin(t), testenv.Password)
	if r := other.Get("/admin/dues/export"); r.Status != http.StatusOK {
		t.Fatalf("another staff user: %d", r.Status)
	}
}

// submit walks the registration of co from ip and returns the response of step 4.
func submit(t *testing.T, co testenv.Company, ip string) *testenv.Resp {
	t.Helper()
	c := env.NewClient(t)
	c.IP = ip
	c.Get("/register")
	c.Get("/register/step/1")
	var r *testenv.Resp
	for i, form := range []url.Values{co.Step1, co.Step2, co.Step3, co.Step4} {
		f := url.Values{"action": {"next"}} // a copy: Post adds this client's CSRF token
		for k, v := range form {
			if k != "_csrf" {
				f[k] = v
			}
		}
		if r = c.Post("/register/step/"+strconv.Itoa(i+1), f); i < 3 && r.Status != http.StatusSeeOther {
			t.Fatalf("step %d: %d %s", i+1, r.Status, r.Text("main"))
		}
	}
	return r
}

// Registration submissions per client address: past the limit 429 with a message, and
// nothing is created; another address still registers.
func TestRegistrationRateLimitPerIP(t *testing.T) {
	defer func(n int) { ratelimit.RegisterIP.Limit = n }(ratelimit.RegisterIP.Limit)
	ratelimit.RegisterIP.Limit = 10 // the production value (testenv raises it for the rest of the suite)
	for i := 0; i < 10; i++ {
		if r := submit(t, testenv.NewCompany(), "10.9.1.1"); r.Status != http.StatusSeeOther {
			t.Fatalf("registration %d: %d", i+1, r.Status)
		}
	}
	co := testenv.NewCompany()
	r := submit(t, co, "10.9.1.1")
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "此网络提交入会申请过于频繁") {
		t.Fatalf("11th registration: %d, want 429 with a message", r.Status)
	}
	if n := countRows(t, `SELECT count(*) FROM users WHERE username = ?`, co.Username()); n != 0 {
		t.Fatal("the refused registration created a user")
	}
	if r := submit(t, co, "10.9.1.2"); r.Status != http.StatusSeeOther {
		t.Fatalf("from another address: %d", r.Status)
	}
}

// 入会申请提交成功 per email address: 3 in 24 hours, then the form says so next to the email,
// so the form can not flood someone's mailbox.
func TestRegistrationEmailLimit(t *testing.T) {
	addr := testenv.Name("victim") + "@example.com"
	for i := 0; i < 3; i++ {
		co := testenv.NewCompany()
		co.Step4.Set("email", addr)
		if r := submit(t, co, "10.9.2."+strconv.Itoa(i+1)); r.Status != http.StatusSeeOther {
			t.Fatalf("registration %d: %d", i+1, r.Status)
		}
	}
	co := testenv.NewCompany()
	co.Step4.Set("email", addr)
	r := submit(t, co, "10.9.2.9")
	if e := r.FieldError("email"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(e, "该邮箱24小时内已提交过多次入会申请") {
		t.Fatalf("4th registration with one address: %d %q", r.Status, e)
	}
	if n := countRows(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'application_submitted'`, addr); n != 3 {
		t.Fatalf("%d submission emails to %s, want 3", n, addr)
	}
}

// The count is in the database and taken one at a time: of 25 parallel takes (as from
// several web processes) exactly the limit pass.
func TestRateLimitParallel(t *testing.T) {
	rule := ratelimit.Rule{Bucket: "test.parallel", Limit: 10, Window: time.Minute}
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 25; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if yes, err := ratelimit.Take(context.Background(), env.DB, rule, "subject"); err != nil {
				t.Error(err)
			} else if yes {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 10 {
		t.Fatalf("%d takes passed, want 10", ok.Load())
	}
}
