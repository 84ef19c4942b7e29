// Package browserevents drives 展会活动 in Debian's Chromium against the real app: a member
// finds an event by a 2-character fragment of its name, registers two attendees (the form's
// errors first), sees the e-tickets, cancels (hx-confirm); the company on the waitlist finds
// the offer on 待办事项, accepts and gets its e-ticket; staff check the code in on a phone.
// With CPCA_SHOTS=1 it saves screenshots into shots/.
package browserevents

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/events"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_events", &env) }

func TestRegisterCancelWaitlistOffer(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-events-"
	bg := context.Background()
	name := testenv.Name("华南电路峰会")
	ev := env.NewEvent(t, testenv.EventOpts{Name: name, Capacity: 2, MaxPerCompany: 3})
	env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("华北覆铜板论坛"), Capacity: 5})

	_, coA := env.Member(t)
	_, coB := env.Member(t)
	uB, err := account.ByUsername(bg, env.DB, coB.Username())
	if err != nil {
		t.Fatal(err)
	}

	// ---- A finds the event by two characters and registers two attendees ----------------
	a := b.NewTab(t, "会员A")
	a.At("login A")
	a.Login(coA.Username())
	a.ClickTextAndLoad("nav.menu a", "^展会活动$")
	a.ElText("h1", "展会活动")
	a.At("search by 南电")
	a.MarkWindow()
	a.Fill("#f-q", "南电")
	a.WaitJS("only the matching event", `() => { const r = document.querySelectorAll('#events tbody tr'); return r.length === 1 }`)
	a.ElText("#events a", regexp.QuoteMeta(name))
	a.WaitJS("the search in the address bar", `() => new URLSearchParams(location.search).get('q') === '南电'`)
	if !a.SameDocument() {
		a.Fail("the search reloaded the page: htmx did not update the list")
	}
	a.Shot("events-01-search")
	a.PhoneShot("events-01-search-phone")
	a.ClickTextAndLoad("#events a", regexp.QuoteMeta(name))
	a.ElText("h1", regexp.QuoteMeta(name))
	a.ClickTextAndLoad("main a.button", "^报名参会$")
	a.At("a bad mobile number first")
	a.Fill(`input[name="name_0"]`, "王芳")
	a.Fill(`input[name="mobile_0"]`, "12345")
	a.Fill(`input[name="name_1"]`, "李强")
	a.Fill(`input[name="title_1"]`, "工程师")
	a.ClickTextAndLoad("main button", "^提交报名$")
	if msg := a.Text("td.invalid .error"); msg != "请填写11位手机号码" {
		a.Fail("the error next to 手机 reads %q", msg)
	}
	if v := a.Value(`input[name="name_1"]`); v != "李强" {
		a.Fail("the form lost the second attendee: %q", v)
	}
	a.Shot("events-02-register-error")
	a.Fill(`input[name="mobile_0"]`, "13712345678")
	a.ClickTextAndLoad("main button", "^提交报名$")
	a.ElText(".flash", "报名成功")
	a.ElText("#registration .badge", "^已确认$")
	a.WaitJS("two QR codes loaded", `() => { const i = document.querySelectorAll('img.qr'); return i.length === 2 && [...i].every(x => x.complete && x.naturalWidth > 0) }`)
	a.ElText("code.ticket-code", `^E\d+-A\d+-`)
	a.Shot("events-03-tickets")
	a.PhoneShot("events-03-tickets-phone")

	// ---- B registers while the event is full: waitlisted ------------------------------------
	rb, err := events.Register(bg, env.DB, ev.ID, events.Member{CompanyID: uB.CompanyID}, testenv.People(1), "", audit.Actor{Name: "test"}, time.Now())
	if err != nil || rb.Status != events.Waitlisted {
		t.Fatalf("B's registration: %v %v, want waitlisted", rb, err)
	}

	// ---- A cancels ----------------------------------------------------------------------------
	a.At("A cancels")
	a.Open("/events/" + itoa(ev.ID))
	// The question is asked in the page's own dialog; 取消 leaves the registration alone.
	a.MarkWindow()
	a.Click(a.ElText("#registration button", "^取消报名$"), "取消报名")
	a.ElText("#confirm-dialog[open] .question", "确定取消报名")
	a.Shot("events-03b-confirm-dialog")
	a.Click(a.El("#confirm-dialog button[value=cancel]"), "取消")
	a.WaitJS("the dialog to close", `() => !document.querySelector("#confirm-dialog[open]")`)
	if !a.SameDocument() || a.Text("#registration .badge") == "已取消" {
		t.Fatal("dismissing the confirmation dialog still cancelled the registration")
	}
	a.ConfirmDismiss(a.ElText("#registration button", "^取消报名$"), "确定取消报名")
	a.ConfirmClickAndLoad(a.ElText("#registration button", "^取消报名$"), "确定取消报名")
	a.ElText(".flash", "报名已取消")
	a.ElText("#registration .badge", "^已取消$")
	a.CheckConsole()

	// ---- B finds the offer on 待办事项 and accepts ------------------------------------------------
	m := b.NewTab(t, "会员B")
	m.At("login B")
	m.Login(coB.Username())
	m.ElText("h1", "待办事项")
	m.ElText("#event-reminders li", "候补名额已为贵单位保留")
	m.Shot("events-04-home-offer")
	m.ClickTextAndLoad("#event-reminders a", "^确认参会$")
	m.ElText("#registration .badge", "^候补待确认$")
	m.ClickTextAndLoad("#registration button", "^确认参会$")
	m.ElText(".flash", "已确认参会")
	m.ElText("#registration .badge", "^已确认$")
	code := m.Text("code.ticket-code")
	m.Shot("events-05-offer-accepted")
	m.CheckConsole()

	// ---- Staff check the code in on a phone, twice -------------------------------------------
	s := b.NewTab(t, "会展")
	s.At("staff check-in")
	s.Login(env.CreateStaff(t, "events"))
	s.ClickTextAndLoad("nav.menu a", "^展会活动管理$")
	s.Fill("#f-q", "南电")
	s.WaitJS("the filtered list", `() => document.querySelectorAll('#admin-events tbody tr').length === 1 && new URLSearchParams(location.search).get('q') === '南电'`)
	s.ClickTextAndLoad("#admin-events a", regexp.QuoteMeta(name))
	s.ElText("#regs", "候补待确认|已确认")
	s.Shot("events-06-staff-registrations")
	s.ClickTextAndLoad("main a.button", "^现场签到$")
	s.Viewport(390, 844, true)
	s.Fill("#f-code", code)
	s.ClickText("#checkin button", "^签到$")
	s.ElText("#checkin .flash", "签到成功")
	s.PhoneShot("events-07-checkin-phone")
	s.Fill("#f-code", code)
	s.ClickText("#checkin button", "^签到$")
	s.ElText("#checkin .flash.err", "重复签到")
	s.PhoneShot("events-08-checkin-again-phone")
	s.CheckConsole()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
