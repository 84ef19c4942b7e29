package browserwalk

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/calendar"
	"cpca/internal/campaign"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/events"
	"cpca/internal/feedback"
	"cpca/internal/mail"
	"cpca/internal/profile"
	"cpca/internal/projects"
	"cpca/internal/promotion"
	"cpca/internal/sms"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

// list is one page holding a table to check: who opens it, where, the rows that must be
// there (so the check cannot pass on an empty page) and the screenshot's name ("" for none).
type list struct {
	who, path, rows, shot string
}

// onScreen checks, for every table in <main> with rows, that the last cell of its first row
// (操作) and each link, button and field in it lie inside the screen; an empty 操作 cell the
// card layout hides (td.ops.none) passes. It returns what is off-screen, "" when all is.
const onScreen = `() => {
	const w = document.documentElement.clientWidth, bad = [], ctl = 'a, button, select, input:not([type=hidden])';
	document.querySelectorAll('main table').forEach((t, i) => {
		const row = t.querySelector(':scope > tbody > tr');
		if (!row) return;
		const cell = row.lastElementChild, name = t.id || ('table ' + (i + 1));
		if (getComputedStyle(cell).display === 'none' && !cell.querySelector(ctl)) return;
		for (const el of [cell, ...cell.querySelectorAll(ctl)]) {
			const r = el.getBoundingClientRect();
			if (r.width <= 0 || r.left < -1 || r.right > w + 1)
				bad.push(name + ' ' + (el === cell ? 'cell' : el.tagName.toLowerCase() + ' "' + (el.textContent || el.value || '').trim() + '"') +
					' at ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + w);
		}
	});
	return bad.join('; ');
}`

// blankHeaders lists the header cells in <main> whose text (visible or visually hidden) is
// empty, as "table: column n".
const blankHeaders = `() => [...document.querySelectorAll('main table')].flatMap((t, i) =>
	[...t.querySelectorAll('th')].map((th, j) => th.textContent.trim() ? '' : (t.id || 'table ' + (i + 1)) + ': column ' + (j + 1))
).filter(Boolean).join(', ')`

// evalString runs the JavaScript function js in the page and returns its string result.
func evalString(tab *browserenv.Tab, js string) string {
	r, err := tab.Page().Timeout(browserenv.StepTimeout).Eval(js)
	if err != nil {
		tab.Fail("eval: %v", err)
	}
	return r.Value.String()
}

// checkOnScreen fails the test (not the walk) when onScreen finds something off-screen.
func checkOnScreen(t *testing.T, tab *browserenv.Tab, where string) {
	t.Helper()
	if s := evalString(tab, onScreen); s != "" {
		t.Errorf("%s: the last column (操作) is off-screen: %s", where, s)
	}
}

// TestListsWithDataOnPhones fills every list a member or the staff use with a row (dues
// with an uploaded voucher, a certificate, a registration, a paper, a broadcast, an email,
// an SMS, feedback, a project, a change request) and checks at 390 px and at 1280 px, in
// Chinese and in English, that the 操作 of the first row is on screen. With CPCA_SHOTS=1 it
// saves the certificate and voucher tables at both widths into shots/.
func TestListsWithDataOnPhones(t *testing.T) {
	b := browserenv.Start(t, env.App, 300*time.Second)
	b.FailPrefix = "FAILED-lists-"
	d := seedLists(t, b.Base)
	lists := []list{
		{"member", "/dues", "#dues tbody tr", "lists-member-dues"},
		{"member", fmt.Sprintf("/dues/%d/voucher", d.pending), "#vouchers tbody tr", "lists-member-vouchers"},
		{"member", "/certificate", "#certificates tbody tr", "lists-member-certificates"},
		{"member", "/feedback", "main table tbody tr", ""},
		{"member", "/projects", "main table tbody tr", ""},
		{"member", "/events", "main table tbody tr", ""},
		{"member", fmt.Sprintf("/events/%d", d.event), "main table tbody tr", ""},
		{"member", "/papers", "main table tbody tr", ""},
		{"member", "/directory", "main .dir-entry", ""},
		{"member", "/directory/settings", "main table tbody tr", ""},
		{"member", "/people", "main .person", ""},
		{"member", fmt.Sprintf("/events/%d/register", d.event), "main table.people tbody tr", ""},
		{"member", "/company/accounts", "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/dues/%d", d.pending), "#vouchers tbody tr", "lists-staff-vouchers"},
		{"staff", fmt.Sprintf("/admin/dues/%d", d.confirmed), "#certificates tbody tr", "lists-staff-certificates"},
		{"staff", "/admin/dues", "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/members/%d", d.company), "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/events/%d", d.event), "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/events/%d/papers", d.event), "main table tbody tr", ""},
		{"staff", "/admin/events", "main table tbody tr", ""},
		{"staff", "/admin/messages", "#broadcasts tbody tr", "lists-staff-messages"},
		{"staff", "/admin/emails", "main table tbody tr", "lists-staff-emails"},
		{"staff", "/admin/mail-templates", "main table tbody tr", "lists-staff-mail-templates"},
		{"staff", "/admin/applications", "main table tbody tr", "lists-staff-applications"},
		{"staff", "/admin/campaigns", "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/campaigns/%d", d.campaign), "main table tbody tr", "lists-staff-deliveries"},
		{"staff", "/admin/suppressions", "main table tbody tr", ""},
		{"staff", "/admin/sms", "main table tbody tr", "lists-staff-sms"},
		{"staff", "/admin/sms/templates", "main table tbody tr", "lists-staff-sms-templates"},
		{"staff", "/admin/feedback", "main table tbody tr", ""},
		{"staff", "/admin/projects", "main table tbody tr", ""},
		{"staff", "/admin/changes", "main table tbody tr", ""},
		{"staff", "/admin/promotions", "main table tbody tr", ""},
		{"staff", fmt.Sprintf("/admin/promotions/%d", d.promotion), "main table tbody tr", ""},
		{"staff", "/admin/directory", "main table tbody tr", ""},
	}
	tabs := map[string]*browserenv.Tab{"member": b.NewTab(t, "会员"), "staff": b.NewTab(t, "系统管理员")}
	tabs["member"].Login(d.member)
	tabs["staff"].Login(d.staff)
	for _, l := range lists {
		tab := tabs[l.who]
		tab.At("open " + l.path)
		tab.Open(l.path)
		tab.El(l.rows)
		checkOnScreen(t, tab, l.path+" at 1280 px")
		if e := evalString(tab, blankHeaders); e != "" {
			t.Errorf("%s: header cells without text (a screen reader announces nothing): %s", l.path, e)
		}
		tab.CheckAxe()
		tab.Viewport(390, 844, true)
		tab.WaitJS("the phone layout", `() => document.documentElement.clientWidth === 390`)
		checkOnScreen(t, tab, l.path+" at 390 px")
		tab.CheckAxe()
		if tab.EvalBool(`() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`) {
			t.Errorf("%s at 390 px is wider than the screen (the whole page scrolls sideways)", l.path)
		}
		if l.shot != "" {
			tab.Shot(l.shot + "-390")
		}
		tab.Viewport(1280, 900, false)
		tab.WaitJS("the desktop layout", `() => window.innerWidth === 1280`)
		if l.shot != "" {
			tab.Shot(l.shot + "-1280")
		}
	}
	for _, tab := range tabs {
		tab.At("english")
		tab.ClickTextAndLoad("footer button", "^English$")
	}
	for _, l := range lists {
		tab := tabs[l.who]
		tab.At("open " + l.path + " in English")
		tab.Open(l.path)
		tab.El(l.rows)
		checkOnScreen(t, tab, l.path+" in English at 1280 px")
		if l.shot != "" {
			tab.Shot(l.shot + "-en-1280")
		}
	}
	for _, tab := range tabs {
		tab.CheckConsole()
	}
}

// listData is what seedLists made: the logins and the ids the list pages need.
type listData struct {
	member, staff      string
	pending, confirmed int64 // this year's dues (a voucher awaiting review), last year's (paid, certified)
	company            int64 // the member's
	event, campaign    int64
	promotion          int64 // the second company's 晋升 application
}

// seedLists makes one member company with something in every list it and the staff see.
func seedLists(t *testing.T, base string) listData {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	year := calendar.Year(now)
	d := listData{staff: env.CreateAdmin(t)}
	staff, err := account.ByUsername(ctx, env.DB, d.staff)
	if err != nil {
		t.Fatal(err)
	}
	by := audit.Actor{ID: staff.ID, Name: staff.Username}
	mc, co := env.Member(t)
	d.member = co.Username()
	u, err := account.ByUsername(ctx, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	d.company = u.CompanyID
	for _, y := range []int{year - 1, year} {
		for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
			company.LevelVicePresident, company.LevelPresident} {
			if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: y, Level: l, AmountFen: 300000}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := dues.EnsureFor(ctx, env.DB, u.CompanyID, y); err != nil {
			t.Fatal(err)
		}
	}
	duesOf := func(y int) int64 {
		var id int64
		if err := env.DB.NewRaw(`SELECT id FROM dues WHERE company_id = ? AND year = ?`, u.CompanyID, y).Scan(ctx, &id); err != nil {
			t.Fatalf("dues of %d: %v", y, err)
		}
		return id
	}
	d.pending, d.confirmed = duesOf(year), duesOf(year-1)
	// A voucher on each (a long file name, as a phone names its photos); last year's confirmed
	// and its certificate issued, as the worker would.
	for _, id := range []int64{d.pending, d.confirmed} {
		p := fmt.Sprintf("/dues/%d/voucher", id)
		mc.Get(p)
		r := mc.PostMultipart(p, map[string]string{"transfer_date": now.AddDate(0, 0, -1).Format("2006-01-02"), "amount": "3000.00",
			"payer": co.Step1.Get("name"), "note": "会费"}, map[string][]byte{"file": testenv.SamplePDF},
			map[string]string{"file": "中国银行电子回单_20260315_0001234567.pdf"})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("upload a voucher to dues %d: status %d: %s", id, r.Status, r.Doc.Find(".error, .flash.err").Text())
		}
	}
	if _, err := dues.ConfirmPayment(ctx, env.DB, d.confirmed, 300000, now.AddDate(0, 0, -1), by, now); err != nil {
		t.Fatal(err)
	}
	font, err := certificate.LoadFont(env.Cfg.Font)
	if err != nil {
		t.Fatal(err)
	}
	issuer := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: base}
	if ok, err := issuer.Issue(ctx, env.DB, d.confirmed, now); err != nil || !ok {
		t.Fatalf("issue the certificate of dues %d: issued=%v err=%v", d.confirmed, ok, err)
	}

	// 展会活动: an event the company registered for, with a call for papers and its paper.
	ev := env.NewEvent(t, testenv.EventOpts{})
	d.event = ev.ID
	if _, err := events.Register(ctx, env.DB, ev.ID, events.Member{CompanyID: u.CompanyID}, testenv.People(2), "", by, now); err != nil {
		t.Fatal(err)
	}
	env.OpenCall(t, ev.ID, 10*24*time.Hour)
	env.SubmitPaper(t, ev.ID, u.CompanyID, u.ID)

	// 站内信, 邮件, 短信, 反馈, 项目申报, 会员信息变更.
	if _, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "关于召开2026年度会员大会的通知", Body: "正文",
		Important: true, Audience: broadcast.Audience{All: true}}, by, now); err != nil {
		t.Fatal(err)
	}
	to := testenv.Name("rcpt") + "@example.com"
	if _, err := mail.Queue(ctx, env.DB, mail.Message{To: to, Subject: "会费缴纳提醒：请于截止日期前完成年度会费缴纳",
		Body: "正文", Kind: "test", DedupeKey: "test:" + to}); err != nil {
		t.Fatal(err)
	}
	if _, err := sms.Queue(ctx, env.DB, sms.Text{To: "13812345678", Template: sms.DuesReminder, Kind: "test",
		Params: map[string]string{"company": "测试公司", "year": strconv.Itoa(year), "when": "已超过截止日期"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := feedback.Submit(ctx, env.DB, u.CompanyID, feedback.Draft{Category: feedback.Question,
		Subject: "会员证书的单位名称需要更新", Body: "请问……"}, audit.Actor{ID: u.ID, Name: u.Username}, now); err != nil {
		t.Fatal(err)
	}
	p, err := projects.Save(ctx, env.DB, &projects.Project{Name: "2026年度电子电路行业标准制修订项目", Kind: projects.KindStandard,
		Year: year, StartsAt: now.Add(-time.Hour), Deadline: now.Add(10 * 24 * time.Hour), SubmitEmail: "xm@cpca.test",
		PaperCopies: 2, MailAddress: "上海市", Postmark: true}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := projects.Publish(ctx, env.DB, p.ID, by); err != nil {
		t.Fatal(err)
	}
	mc2, co2 := env.Member(t) // a second company asks to change its name
	u2, err := account.ByUsername(ctx, env.DB, co2.Username())
	if err != nil {
		t.Fatal(err)
	}
	name, uscc := co2.Step1.Get("name"), co2.Step1.Get("uscc")
	if _, fe, err := profile.RequestChange(ctx, env.DB, u2.CompanyID, profile.KeyForm{Name: strings.TrimSuffix(name, "有限公司") + "科技有限公司",
		USCC: uscc, LegalRep: "李四", RegCapital: "2000", Nature: "民营企业", Note: "更名", EvidenceName: "营业执照.pdf",
		Evidence: testenv.SamplePDF}, by, now); err != nil || len(fe) > 0 {
		t.Fatalf("change request: %v %v", err, fe)
	}

	// 邮件管理: a campaign to the two companies, a suppressed address.
	cp, err := campaign.Create(ctx, env.DB, campaign.Draft{Subject: "关于2026年度会员大会的参会通知", Body: "正文",
		Audience: broadcast.Audience{CompanyIDs: []int64{u.CompanyID, u2.CompanyID}}, Roles: []string{campaign.RolePrimary}}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	d.campaign = cp.ID
	if _, _, err := campaign.Materialize(ctx, env.DB, cp); err != nil { // its 发送记录, as the runner makes them
		t.Fatal(err)
	}
	if err := campaign.Suppress(ctx, env.DB, testenv.Name("bounce")+"@example.com", "bounce", "550 5.1.1 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}

	// 晋升审核: the second company applies for 理事单位 with its three materials.
	env.PromotionReady(t, u2.CompanyID)
	env.Term(t)
	var person int64
	if err := env.DB.NewRaw(`SELECT id FROM company_people WHERE company_id = ? ORDER BY is_primary DESC, id LIMIT 1`, u2.CompanyID).Scan(ctx, &person); err != nil {
		t.Fatal(err)
	}
	mc2.Get("/promotion/apply?level=council")
	r := mc2.PostMultipart("/promotion/apply", map[string]string{"level": "council", "representative": strconv.FormatInt(person, 10)},
		map[string][]byte{"file_form": testenv.SamplePDF, "file_recommend": testenv.SamplePDF, "file_license": testenv.SamplePDF},
		map[string]string{"file_form": "申请表.pdf", "file_recommend": "推荐表.pdf", "file_license": "营业执照.pdf"})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("apply for 理事单位: status %d: %s %s", r.Status, r.Text(".flash.err"), r.Doc.Find(".error").Text())
	}
	open, err := promotion.OpenFor(ctx, env.DB, u2.CompanyID)
	if err != nil || open == nil {
		t.Fatalf("no open promotion application: %v", err)
	}
	d.promotion = open.ID
	return d
}
