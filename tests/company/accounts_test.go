package company

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/tests/testenv"
)

const newPassword = "新的长密码 用于测试 2026"

// invite has the main account invite a colleague and returns the colleague's username, email
// and link path.
func invite(t *testing.T, m member) (username, email, link string) {
	t.Helper()
	m.C.Get("/company/accounts")
	username, email = testenv.Name("colleague"), testenv.Name("c")+"@example.cn"
	r := m.C.Post("/company/accounts", url.Values{"name": {"同事甲"}, "username": {username}, "email": {email}})
	wantStatus(t, r, http.StatusSeeOther, "invite")
	link = lastLink(t, email, "invite")
	if !strings.HasPrefix(link, "/invite/") {
		t.Fatalf("no invitation link mailed to %s", email)
	}
	return username, email, link
}

// The invitation: the colleague sets their own password once through the link (the rules
// apply, a weak one spends nothing), then logs in and sees the company; the link does not
// work twice; only the main account invites.
func TestInviteColleague(t *testing.T) {
	m := newMember(t)
	username, _, link := invite(t, m)
	if n := count(t, `SELECT count(*) FROM onetime_links WHERE token_hash = sha256(convert_to(?, 'UTF8'))`, strings.TrimPrefix(link, "/invite/")); n != 1 {
		t.Errorf("stored links by the token's hash: %d, want 1 (only the hash is kept)", n)
	}
	if n := count(t, `SELECT count(*) FROM onetime_links WHERE encode(token_hash, 'escape') LIKE ?`, "%"+strings.TrimPrefix(link, "/invite/")+"%"); n != 0 {
		t.Error("the token is stored in clear")
	}
	c := env.NewClient(t)
	c.IP = "10.9.0.1"
	page := c.Get(link)
	wantStatus(t, page, http.StatusOK, "invitation page")
	if page.Text("#link-username") != username {
		t.Errorf("invitation page names %q", page.Text("#link-username"))
	}
	r := c.Post(link, url.Values{"password": {"password"}, "confirm": {"password"}})
	wantStatus(t, r, http.StatusUnprocessableEntity, "weak password")
	if r.FieldError("password") == "" {
		t.Error("no message for the weak password")
	}
	r = c.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}})
	wantStatus(t, r, http.StatusSeeOther, "set password")
	r = c.Post(link, url.Values{"password": {newPassword + "x"}, "confirm": {newPassword + "x"}})
	wantStatus(t, r, http.StatusUnprocessableEntity, "second use")
	if r.Doc.Find("#link-invalid").Length() == 0 {
		t.Error("a used link is not said to be invalid")
	}
	colleague := env.NewClient(t)
	colleague.IP = "10.9.0.2"
	colleague.Login(username, newPassword)
	if page := colleague.Get("/company"); page.Status != http.StatusOK || page.Text("#key-name") != m.company(t).Name {
		t.Errorf("the colleague does not see the company's profile: %d", page.Status)
	}
	// A colleague is not the main account: no invitations.
	colleague.Get("/company/accounts")
	r = colleague.Post("/company/accounts", url.Values{"name": {"乙"}, "username": {testenv.Name("x")}, "email": {"y@example.cn"}})
	if r.Status != http.StatusForbidden {
		t.Errorf("a colleague invites: %d, want 403", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action IN ('account.invite', 'account.invite_accept')`); n < 2 {
		t.Errorf("audit entries: %d", n)
	}
}

// An expired invitation link is refused, and so is one replaced by a new invitation.
func TestInviteExpiredAndReplaced(t *testing.T) {
	m := newMember(t)
	username, email, link := invite(t, m)
	u, err := account.ByUsername(context.Background(), env.DB, username)
	if err != nil {
		t.Fatal(err)
	}
	r := m.C.Post("/company/accounts/"+idStr(u.ID)+"/resend", nil)
	wantStatus(t, r, http.StatusSeeOther, "resend")
	second := lastLink(t, email, "invite")
	if second == link {
		t.Fatal("the resent link is the same")
	}
	c := env.NewClient(t)
	if r := c.Get(link); r.Doc.Find("#link-invalid").Length() == 0 {
		t.Error("the replaced link still works")
	}
	if _, err := env.DB.NewRaw(`UPDATE onetime_links SET expires_at = now() - interval '1 minute' WHERE user_id = ?`, u.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.Get(second)
	r = c.Post(second, url.Values{"password": {newPassword}, "confirm": {newPassword}})
	if r.Status != http.StatusUnprocessableEntity || r.Doc.Find("#link-invalid").Length() == 0 {
		t.Errorf("an expired link set a password: %d", r.Status)
	}
	if got, _ := account.ByID(context.Background(), env.DB, u.ID); got.PasswordHash != "" {
		t.Error("password stored from an expired link")
	}
	// The links live 72 hours.
	if account.InviteTTL != 72*time.Hour || account.ResetTTL != 30*time.Minute {
		t.Errorf("TTLs %v %v", account.InviteTTL, account.ResetTTL)
	}
}

// Disabling a colleague ends their sessions at once; another company's main account can not
// touch them.
func TestDisableColleague(t *testing.T) {
	m := newMember(t)
	username, _, link := invite(t, m)
	c := env.NewClient(t)
	c.IP = "10.9.1.1"
	c.Get(link)
	c.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}})
	c.Login(username, newPassword)
	if r := c.Get("/people"); r.Status != http.StatusOK {
		t.Fatalf("colleague's session: %d", r.Status)
	}
	u, _ := account.ByUsername(context.Background(), env.DB, username)
	other := newMember(t)
	other.C.Get("/company/accounts")
	if r := other.C.Post("/company/accounts/"+idStr(u.ID)+"/disable", nil); r.Status != http.StatusNotFound {
		t.Errorf("another company disables the colleague: %d, want 404", r.Status)
	}
	m.C.Get("/company/accounts")
	if r := m.C.Post("/company/accounts/"+idStr(m.User.ID)+"/disable", nil); r.Status != http.StatusSeeOther {
		t.Errorf("main disables itself: %d", r.Status)
	}
	if got, _ := account.ByID(context.Background(), env.DB, m.User.ID); got.Disabled {
		t.Fatal("the main account disabled itself")
	}
	r := m.C.Post("/company/accounts/"+idStr(u.ID)+"/disable", nil)
	wantStatus(t, r, http.StatusSeeOther, "disable")
	if n := count(t, `SELECT count(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
		t.Errorf("%d sessions left for the disabled colleague", n)
	}
	if r := c.Get("/people"); r.Status == http.StatusOK {
		t.Error("the disabled colleague's session still works")
	}
	r = m.C.Post("/company/accounts/"+idStr(u.ID)+"/enable", nil)
	wantStatus(t, r, http.StatusSeeOther, "enable")
	c.Login(username, newPassword)
}

// 忘记密码: the same answer for an existing and an unknown account; the link works once,
// within 30 minutes; a reset ends the user's other sessions and tells them by email.
func TestForgotPassword(t *testing.T) {
	m := newMember(t)
	c := env.NewClient(t)
	c.IP = "10.9.2.1"
	c.Get("/password/forgot")
	known := c.Post("/password/forgot", url.Values{"login": {m.Co.Username()}})
	c.Get("/password/forgot")
	unknown := c.Post("/password/forgot", url.Values{"login": {"nobody-" + testenv.Name("x")}})
	if known.Status != http.StatusOK || unknown.Status != http.StatusOK || known.Text("#reset-sent") != unknown.Text("#reset-sent") || known.Text("#reset-sent") == "" {
		t.Errorf("answers differ: %d %q / %d %q", known.Status, known.Text("#reset-sent"), unknown.Status, unknown.Text("#reset-sent"))
	}
	link := lastLink(t, m.User.Email, "password_reset")
	if !strings.HasPrefix(link, "/password/reset/") {
		t.Fatal("no reset link mailed")
	}
	c.Get(link)
	r := c.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}})
	wantStatus(t, r, http.StatusSeeOther, "reset")
	if n := count(t, `SELECT count(*) FROM sessions WHERE user_id = ?`, m.User.ID); n != 0 {
		t.Errorf("%d sessions of the user left after the reset", n)
	}
	if r := m.C.Get("/home"); r.Status == http.StatusOK {
		t.Error("the old session still works after the reset")
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'password_changed'`, m.User.Email); n != 1 {
		t.Errorf("reset notifications: %d", n)
	}
	c.Get(link)
	r = c.Post(link, url.Values{"password": {newPassword + "2"}, "confirm": {newPassword + "2"}})
	if r.Status != http.StatusUnprocessableEntity || r.Doc.Find("#link-invalid").Length() == 0 {
		t.Errorf("the link worked twice: %d", r.Status)
	}
	env.NewClient(t).Login(m.Co.Username(), newPassword)

	// Expired after 30 minutes.
	c.Get("/password/forgot")
	c.Post("/password/forgot", url.Values{"login": {m.User.Email}})
	link2 := lastLink(t, m.User.Email, "password_reset")
	if link2 == link || link2 == "" {
		t.Fatal("no second link (by email address)")
	}
	if _, err := env.DB.NewRaw(`UPDATE onetime_links SET expires_at = created_at + interval '30 minutes', created_at = now() - interval '31 minutes' WHERE user_id = ? AND used_at IS NULL`, m.User.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE onetime_links SET expires_at = now() - interval '1 minute' WHERE user_id = ? AND used_at IS NULL`, m.User.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := c.Get(link2); r.Doc.Find("#link-invalid").Length() == 0 {
		t.Error("an expired reset link is accepted")
	}
}

// Rate limits: per account, requests past the limit mail nothing (and say the same); per
// address, 429.
func TestForgotPasswordLimits(t *testing.T) {
	m := newMember(t)
	for i := 0; i < account.ResetAccount.Limit+2; i++ {
		c := env.NewClient(t)
		c.IP = "10.9.3." + idStr(int64(i+1))
		c.Get("/password/forgot")
		if r := c.Post("/password/forgot", url.Values{"login": {m.Co.Username()}}); r.Status != http.StatusOK {
			t.Fatalf("request %d: %d", i, r.Status)
		}
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'password_reset'`, m.User.Email); n != account.ResetAccount.Limit {
		t.Errorf("reset mails: %d, want %d", n, account.ResetAccount.Limit)
	}
	c := env.NewClient(t)
	c.IP = "10.9.4.1"
	var last int
	for i := 0; i < account.ResetIP.Limit+1; i++ {
		c.Get("/password/forgot")
		last = c.Post("/password/forgot", url.Values{"login": {"nobody" + idStr(int64(i))}}).Status
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("past the per-address limit: %d, want 429", last)
	}
}

// Two uses of one link at once: exactly one sets the password.
func TestResetLinkRace(t *testing.T) {
	m := newMember(t)
	if err := account.RequestReset(context.Background(), env.DB, m.Co.Username(), "10.9.5.1", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimPrefix(lastLink(t, m.User.Email, "password_reset"), "/password/reset/")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, _, errs[i] = account.ResetWithLink(context.Background(), env.DB, token, newPassword+idStr(int64(i)), "10.9.5.1", time.Now())
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if err != account.ErrLinkInvalid {
			t.Errorf("loser: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d resets from one link, want 1", ok)
	}
}
