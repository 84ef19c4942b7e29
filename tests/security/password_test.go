package security

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/tests/testenv"

	"golang.org/x/crypto/bcrypt"
)

// passphrase is 42 Chinese characters: 126 bytes, more than bcrypt's 72.
const passphrase = "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少床前明月光疑是地上霜举头望明月低头思故乡白日依山尽黄河入海"

// A company registers with a 42-character Chinese passphrase and logs in with it; a passphrase
// that differs after the first 72 bytes does not log in.
func TestChinesePassphrase(t *testing.T) {
	co := testenv.NewCompany()
	co.Step4.Set("password", passphrase)
	co.Step4.Set("confirm", passphrase)
	id := env.Register(t, env.NewClient(t), co)
	staff := env.NewClient(t)
	staff.Login(env.CreateAdmin(t), testenv.Password)
	env.Approve(t, staff, id)

	wrong := env.NewClient(t)
	wrong.IP = "10.6.3.1"
	if r := loginAttempt(wrong, co.Username(), passphrase[:72]+"不是这句"); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a passphrase sharing the first 72 bytes logged in: %d", r.Status)
	}
	m := env.NewClient(t)
	m.IP = "10.6.3.2"
	m.Login(co.Username(), passphrase)
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("home after passphrase login: %d", r.Status)
	}
	// 密码修改 to another long passphrase.
	next := strings.Repeat("印制电路板协会会员", 10)
	m.Get("/account/password")
	if r := m.Post("/account/password", url.Values{"current": {passphrase}, "password": {next}, "confirm": {next}}); r.Status != http.StatusSeeOther {
		t.Fatalf("change to a 90-character passphrase: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	again := env.NewClient(t)
	again.IP = "10.6.3.3"
	again.Login(co.Username(), next)
}

// Passwords from the common list are refused on 密码修改 with a message that says why, and
// the fields show the rule.
func TestCommonPasswordsRefused(t *testing.T) {
	m, _ := env.Member(t)
	m.IP = "10.6.4.1"
	page := m.Get("/account/password")
	if hint := page.Doc.Find(`#f-password`).Parent().Find(".hint").Text(); hint != auth.Hint {
		t.Fatalf("hint next to the new password: %q", hint)
	}
	for _, pw := range []string{"password1", "qwerty123", "Iloveyou1", "woaini1314", "1qaz2wsx3edc"} {
		r := m.Post("/account/password", url.Values{"current": {testenv.Password}, "password": {pw}, "confirm": {pw}})
		if e := r.FieldError("password"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(e, "密码过于常见，容易被猜中") {
			t.Errorf("%s: %d %q", pw, r.Status, e)
		}
	}
	reg := env.NewClient(t)
	reg.Get("/register")
	reg.Get("/register/step/1")
	co := testenv.NewCompany()
	for i, f := range []url.Values{co.Step1, co.Step2, co.Step3} {
		f.Set("action", "next")
		if r := reg.Post("/register/step/"+strconv.Itoa(i+1), f); r.Status != http.StatusSeeOther {
			t.Fatalf("step %d: %d", i+1, r.Status)
		}
	}
	if p := reg.Get("/register/step/4"); !strings.Contains(p.Body, auth.Hint) {
		t.Fatal("registration step 4 does not show the password rule")
	}
}

// A hash of the first version (bcrypt of the raw password) still logs in, and is replaced by
// the current form at that login.
func TestOldHashUpgradedAtLogin(t *testing.T) {
	ctx := context.Background()
	name := env.CreateAdmin(t)
	old, err := bcrypt.GenerateFromPassword([]byte(testenv.Password), 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE users SET password_hash = ? WHERE username = ?`, string(old), name).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	c := env.NewClient(t)
	c.IP = "10.6.5.1"
	c.Login(name, testenv.Password)
	u := user(t, name)
	if u.PasswordHash == string(old) || auth.NeedsRehash(u.PasswordHash) {
		t.Fatalf("hash not upgraded at login: %q", u.PasswordHash)
	}
	again := env.NewClient(t)
	again.IP = "10.6.5.2"
	again.Login(name, testenv.Password)
}

// cpca admin reset-password's action: the rules apply, every session of the user ends, the
// new password works, and the reset is audited.
func TestResetPassword(t *testing.T) {
	ctx := context.Background()
	m, co := env.Member(t)
	if _, _, err := account.ResetPassword(ctx, env.DB, co.Username(), "qwerty123", audit.CLI); err != auth.ErrCommon {
		t.Fatalf("common password: %v, want ErrCommon", err)
	}
	if r := m.Get("/home"); r.Status != http.StatusOK {
		t.Fatalf("refused reset ended the session: %d", r.Status)
	}
	u, ended, err := account.ResetPassword(ctx, env.DB, co.Username(), passphrase, audit.CLI)
	if err != nil || ended < 1 {
		t.Fatalf("reset: %v, %d sessions ended", err, ended)
	}
	if r := m.Get("/home"); !loggedOut(r) {
		t.Fatalf("session survived the reset: %d", r.Status)
	}
	c := env.NewClient(t)
	c.IP = "10.6.6.1"
	c.Login(co.Username(), passphrase)
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE action = 'account.password_reset' AND actor_name = 'cli' AND object_id = ?`,
		strconv.FormatInt(u.ID, 10)); n != 1 {
		t.Errorf("%d audit rows for the reset, want 1", n)
	}
}
