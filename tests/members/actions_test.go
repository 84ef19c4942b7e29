package members

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/members"
	"cpca/tests/testenv"
)

func memberPath(id int64, action string) string {
	p := "/admin/members/" + strconv.FormatInt(id, 10)
	if action != "" {
		p += "/" + action
	}
	return p
}

// 暂停: a reason is required (kept next to the field); the company is told; its users keep
// the home page (with the message), messages and settings, and every other member page
// answers with a clear message; its data is kept. 恢复 opens everything again.
func TestSuspendAndResume(t *testing.T) {
	m := newMember(t)
	id := m.User.CompanyID
	s := staffClient(t, account.StaffMembership)
	if r := m.C.Get("/dues"); r.Status != http.StatusOK {
		t.Fatalf("member /dues before: %d", r.Status)
	}
	r := s.Post(memberPath(id, "suspend"), url.Values{"suspend_reason": {"  "}})
	wantStatus(t, r, http.StatusUnprocessableEntity, "suspend without reason")
	if r.FieldError("suspend_reason") == "" {
		t.Errorf("no error next to the reason field")
	}
	if m.company(t).Status != company.StatusMember {
		t.Fatalf("refused suspension changed the status")
	}
	r = s.Post(memberPath(id, "suspend"), url.Values{"suspend_reason": {"连续两年未缴会费"}})
	wantStatus(t, r, http.StatusSeeOther, "suspend")
	co := m.company(t)
	if co.Status != company.StatusSuspended || co.StatusReason != "连续两年未缴会费" {
		t.Fatalf("after 暂停: status %s reason %q", co.Status, co.StatusReason)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title = '会员服务已暂停'`, id); n != 1 {
		t.Errorf("notices of the suspension: %d, want 1", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'member.suspend' AND object_id = ?`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("audit entries of the suspension: %d, want 1", n)
	}
	// The member's pages, on its next request.
	for _, p := range []string{"/dues", "/certificate", "/company", "/people", "/promotion", "/events", "/feedback"} {
		r := m.C.Get(p)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "会员服务已暂停") {
			t.Errorf("suspended member GET %s: %d, want 403 with the suspension message", p, r.Status)
		}
	}
	home := m.C.Get("/home")
	wantStatus(t, home, http.StatusOK, "suspended member's home")
	if !strings.Contains(home.Text("#closed"), "会员服务已暂停") {
		t.Errorf("home of a suspended member does not say so")
	}
	if home.Doc.Find(`a[href="/dues"]`).Length() != 0 {
		t.Errorf("the menu of a suspended member still offers 会员缴费")
	}
	for _, p := range []string{"/messages", "/account/settings", "/account/password"} {
		if r := m.C.Get(p); r.Status != http.StatusOK {
			t.Errorf("suspended member GET %s: %d, want 200", p, r.Status)
		}
	}
	// A second 暂停 is a conflict, flashed; the data is kept.
	r = s.Post(memberPath(id, "suspend"), url.Values{"suspend_reason": {"again"}})
	wantStatus(t, r, http.StatusSeeOther, "second suspend")
	if fl := s.Get(r.Location()).Text(".flash.err"); fl == "" {
		t.Errorf("second suspend: no conflict message")
	}
	if len(m.company(t).People) == 0 {
		t.Errorf("suspension lost the company's people")
	}
	// While suspended the yearly generation skips the company; 恢复 bills the year.
	y := time.Now().In(calendar.Zone).Year()
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(context.Background(), env.DB, dues.Fee{Year: y, Level: l, AmountFen: 100000}); err != nil {
			t.Fatal(err)
		}
	}
	exec(t, `DELETE FROM dues WHERE company_id = ? AND year = ?`, id, y)
	if _, err := dues.GenerateYear(context.Background(), env.DB, y, audit.CLI); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE company_id = ? AND year = ?`, id, y); n != 0 {
		t.Errorf("dues generated for a suspended member: %d", n)
	}
	// 恢复.
	r = s.Post(memberPath(id, "resume"), url.Values{})
	wantStatus(t, r, http.StatusSeeOther, "resume")
	if m.company(t).Status != company.StatusMember {
		t.Fatalf("after 恢复: %s", m.company(t).Status)
	}
	if r := m.C.Get("/dues"); r.Status != http.StatusOK {
		t.Errorf("resumed member /dues: %d, want 200", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE company_id = ? AND year = ?`, id, y); n != 1 {
		t.Errorf("this year's dues after 恢复: %d rows, want 1", n)
	}
	// The timeline shows both moves.
	d := s.Get(memberPath(id, ""))
	tl := d.Text("#member-timeline")
	for _, w := range []string{"暂停会员服务", "恢复会员服务", "提交入会申请", "入会申请通过"} {
		if !strings.Contains(tl, w) {
			t.Errorf("timeline lacks %s: %q", w, tl)
		}
	}
}

// 退会: a reason; no more dues generated for the company; its certificates revoked; it can
// not be resumed; its users' member pages are closed.
func TestWithdraw(t *testing.T) {
	ctx := context.Background()
	m, other := newMember(t), newMember(t)
	id := m.User.CompanyID
	y := time.Now().Year() + 3
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: y, Level: l, AmountFen: 100000}); err != nil {
			t.Fatal(err)
		}
	}
	exec(t, `INSERT INTO dues (company_id, year, level, amount_fen, status) VALUES (?, ?, 'member', 100, 'confirmed')`, id, y-1)
	exec(t, `INSERT INTO certificates (company_id, dues_id, year, number, code, company_name, level, issued_on, status)
		SELECT ?, d.id, d.year, ?, ?, 'x', 'member', now(), 'issued' FROM dues d WHERE d.company_id = ? AND d.year = ?`,
		id, testenv.Name("CERT"), testenv.Name("code")+"0123456789abcdef", id, y-1)
	s := staffClient(t, account.StaffMembership)
	r := s.Post(memberPath(id, "withdraw"), url.Values{})
	wantStatus(t, r, http.StatusUnprocessableEntity, "withdraw without reason")
	r = s.Post(memberPath(id, "withdraw"), url.Values{"withdraw_reason": {"单位注销"}})
	wantStatus(t, r, http.StatusSeeOther, "withdraw")
	if st := m.company(t).Status; st != company.StatusWithdrawn {
		t.Fatalf("after 退会: %s", st)
	}
	if n := count(t, `SELECT count(*) FROM certificates WHERE company_id = ? AND status = 'issued'`, id); n != 0 {
		t.Errorf("live certificates after 退会: %d, want 0", n)
	}
	if n := count(t, `SELECT count(*) FROM certificates WHERE company_id = ? AND status = 'revoked' AND revoke_reason LIKE '%单位注销%'`, id); n != 1 {
		t.Errorf("revoked certificates with the reason: %d, want 1", n)
	}
	if _, err := dues.GenerateYear(ctx, env.DB, y, audit.CLI); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE company_id = ? AND year = ?`, id, y); n != 0 {
		t.Errorf("dues generated for a withdrawn member: %d rows", n)
	}
	if n := count(t, `SELECT count(*) FROM dues WHERE company_id = ? AND year = ?`, other.User.CompanyID, y); n != 1 {
		t.Errorf("dues of a normal member: %d rows, want 1 (the generation ran)", n)
	}
	if ok, err := dues.EnsureFor(ctx, env.DB, id, y); err != nil || ok {
		t.Errorf("EnsureFor a withdrawn member: created=%v err=%v", ok, err)
	}
	if r := m.C.Get("/dues"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "已退会") {
		t.Errorf("withdrawn member /dues: %d, want 403 with the message", r.Status)
	}
	// No way back from 退会 here; the page offers no action.
	if err := members.Resume(ctx, env.DB, id, "", audit.CLI, time.Now()); !errors.Is(err, members.ErrState) {
		t.Errorf("resume a withdrawn member: %v, want ErrState", err)
	}
	d := s.Get(memberPath(id, ""))
	if d.Doc.Find("#suspend, #resume, #withdraw").Length() != 0 {
		t.Errorf("a withdrawn member's page still offers actions")
	}
	if !strings.Contains(d.Text("#member-status"), "已退会") {
		t.Errorf("status shown %q", d.Text("#member-status"))
	}
	// Withdrawn members are listed under 已退会 only.
	l := s.Get("/admin/members?status=withdrawn&q=" + m.company(t).USCC)
	if l.Doc.Find("#members tbody tr").Length() != 1 {
		t.Errorf("withdrawn member not listed under 已退会")
	}
	if l := s.Get("/admin/members?status=member&q=" + m.company(t).USCC); l.Doc.Find("#members tbody tr").Length() != 0 {
		t.Errorf("withdrawn member listed under 正常")
	}
}

// The state machine, table-driven: every status × every target.
func TestMoves(t *testing.T) {
	all := []string{company.StatusApplicant, company.StatusMember, company.StatusSuspended, company.StatusWithdrawn}
	want := map[[2]string]bool{
		{company.StatusMember, company.StatusSuspended}:    true,
		{company.StatusSuspended, company.StatusMember}:    true,
		{company.StatusMember, company.StatusWithdrawn}:    true,
		{company.StatusSuspended, company.StatusWithdrawn}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := members.CanMove(from, to); got != want[[2]string{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}

// Two staff suspending the same member at once: exactly one wins, one notice, one audit entry.
func TestSuspendRace(t *testing.T) {
	m := newMember(t)
	id := m.User.CompanyID
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = members.Suspend(context.Background(), env.DB, id, "race", audit.Actor{Name: "t"}, time.Now())
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, members.ErrState) {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d suspensions won, want 1", ok)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'member.suspend' AND object_id = ?`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("audit entries: %d, want 1", n)
	}
}

var resetRe = regexp.MustCompile(`/password/reset/[A-Za-z0-9_-]{20,}`)

// Accounts: staff disable an account (its sessions end at once), enable it again and send a
// one-time reset link that works once. Another company's account through this company's
// URL is 404 and unchanged; an applicant's company is not a member page.
func TestMemberAccounts(t *testing.T) {
	m, other := newMember(t), newMember(t)
	id := m.User.CompanyID
	s := staffClient(t, account.StaffMembership)
	d := s.Get(memberPath(id, ""))
	wantStatus(t, d, http.StatusOK, "detail")
	if !strings.Contains(d.Text("#member-accounts"), m.User.Username) || !strings.Contains(d.Text("#member-people"), "李四") {
		t.Errorf("detail lacks the account or the people")
	}
	acct := func(uid int64, action string) string {
		return memberPath(id, "accounts/"+strconv.FormatInt(uid, 10)+"/"+action)
	}
	// Object checks.
	if r := s.Post(acct(other.User.ID, "disable"), nil); r.Status != http.StatusNotFound {
		t.Errorf("disable another company's account: %d, want 404", r.Status)
	}
	if r := s.Post(acct(other.User.ID, "reset"), nil); r.Status != http.StatusNotFound {
		t.Errorf("reset link for another company's account: %d, want 404", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE id = ? AND disabled`, other.User.ID); n != 0 {
		t.Errorf("another company's account was disabled")
	}
	if r := other.C.Get("/home"); r.Status != http.StatusOK {
		t.Errorf("the other company's user lost the session: %d", r.Status)
	}
	ap := testenv.NewCompany()
	env.Register(t, env.NewClient(t), ap)
	apUser, _ := account.ByUsername(context.Background(), env.DB, ap.Username())
	if r := s.Get(memberPath(apUser.CompanyID, "")); r.Status != http.StatusNotFound {
		t.Errorf("an applicant's company as a member: %d, want 404", r.Status)
	}
	if r := s.Get("/admin/members/999999999"); r.Status != http.StatusNotFound {
		t.Errorf("missing member: %d, want 404", r.Status)
	}
	// Disable: the session ends on the next request.
	r := s.Post(acct(m.User.ID, "disable"), nil)
	wantStatus(t, r, http.StatusSeeOther, "disable")
	if r := m.C.Get("/home"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
		t.Errorf("disabled user's next request: %d %s, want the login page", r.Status, r.Location())
	}
	// A reset link is refused for a disabled account, sent once enabled, and works once.
	r = s.Post(acct(m.User.ID, "reset"), nil)
	if fl := s.Get(r.Location()).Text(".flash.err"); fl == "" {
		t.Errorf("reset link for a disabled account: no message")
	}
	wantStatus(t, s.Post(acct(m.User.ID, "enable"), nil), http.StatusSeeOther, "enable")
	wantStatus(t, s.Post(acct(m.User.ID, "reset"), nil), http.StatusSeeOther, "reset")
	var body string
	if err := env.DB.NewRaw(`SELECT body FROM emails WHERE to_addr = ? AND kind = 'password_reset' ORDER BY id DESC LIMIT 1`, m.User.Email).
		Scan(context.Background(), &body); err != nil {
		t.Fatalf("no reset email: %v", err)
	}
	link := resetRe.FindString(body)
	if link == "" {
		t.Fatalf("no link in %q", body)
	}
	c := env.NewClient(t)
	c.Get(link)
	const pw = "新的长密码 用于测试 2026"
	if r := c.Post(link, url.Values{"password": {pw}, "confirm": {pw}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reset through the link: %d %s", r.Status, r.Doc.Find(".error").Text())
	}
	if r := env.NewClient(t).Login(m.User.Username, pw); r.Status != http.StatusSeeOther || strings.HasPrefix(r.Location(), "/login") {
		t.Errorf("login with the new password: %d %s", r.Status, r.Location())
	}
	c2 := env.NewClient(t)
	c2.Get(link)
	if r := c2.Post(link, url.Values{"password": {pw + "x"}, "confirm": {pw + "x"}}); r.Status == http.StatusSeeOther {
		t.Errorf("the reset link worked twice")
	}
	for _, a := range []string{"member.account_disable", "member.account_enable", "member.account_reset_link"} {
		if n := count(t, `SELECT count(*) FROM audit_log WHERE action = ? AND object_id = ?`, a, strconv.FormatInt(m.User.ID, 10)); n < 1 {
			t.Errorf("no audit entry %s", a)
		}
	}
}
