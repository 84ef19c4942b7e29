package app

import (
	"bytes"
	"cpca/internal/broadcast"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/feedback"
	"cpca/internal/files"
	"cpca/internal/i18n"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/notice"
	"cpca/internal/people"
	"cpca/internal/promotion"
	"cpca/internal/sms"
	"cpca/internal/uscc"
	"cpca/views"
)

// hanAllowed is Chinese that stays in the English UI on purpose: the footer button that
// switches back to Chinese names the language in Chinese, and the variables of mail templates
// and campaigns (邮件管理), which staff type in Chinese in either language.
var hanAllowed = []string{"简体中文", "{{标题}}", "{{正文}}", "{{收件人}}", "{{企业名称}}", "{{联系人}}", "{{会员编号}}", "{{邮箱}}"}

// valueAttr is a form value: an option's value is a code (such as the province's Chinese
// name) that the user does not read, and an input's value is data.
var valueAttr = regexp.MustCompile(` value="[^"]*"`)

// hanLeft returns the runs of Han characters in s outside hanAllowed and form values, each
// with some context.
func hanLeft(s string) []string {
	s = valueAttr.ReplaceAllString(s, "")
	for _, a := range hanAllowed {
		s = strings.ReplaceAll(s, a, "")
	}
	var out []string
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		if !unicode.Is(unicode.Han, r[i]) {
			continue
		}
		j := i
		for j < len(r) && (unicode.Is(unicode.Han, r[j]) || unicode.IsPunct(r[j]) || r[j] > 0x3000) {
			j++
		}
		from, to := max(i-30, 0), min(j+30, len(r))
		out = append(out, strings.Join(strings.Fields(string(r[from:to])), " "))
		i = j
	}
	return out
}

// uiErrors are validation messages as the code produces them, so that the English pages show
// them translated: every fixed message of the validators, and the app's own.
func uiErrors(t *testing.T) map[string]string {
	t.Helper()
	now := time.Now()
	e := map[string]string{}
	add := func(m map[string]string) {
		for k, v := range m {
			e[k] = v
		}
	}
	add((&membership.CompanyInfo{}).Validate(now))
	add((&membership.SalesInfo{ExportRatio: "200"}).Validate())
	add((&membership.PeopleInfo{People: []membership.Person{{}}, Primary: -1, Finance: -1}).Validate())
	add((&membership.AccountInfo{}).Validate("", "x"))
	add((&dues.InvoiceProfile{Type: "special"}).Validate())
	add(map[string]string{
		"form": "用户名或密码错误。", "file": files.ErrTooLarge.Error(), "invoice": "发票须为 PDF 文件（按文件内容识别）",
		"revoke_reason": "请填写撤销原因", "fee_member": dues.ErrAmount.Error(), "received_on": "收到日期不能晚于今天",
		"lang": "请选择语言", "current": "当前密码不正确", "courier_no": "快递单号最多40个字符", "note": "备注最多300字",
		"amount": dues.ErrAmount.Error(), "transfer_date": "转账日期不能晚于今天", "payer": "请填写付款账户名称（最多100字）",
		"reason": "请填写退回原因（最多500字）", "waive_reason": "请填写免缴原因（最多500字）", "password": auth.ErrCommon.Error(),
		"category": "请选择反馈类别", "subject": "请填写主题（最多100字）", "body": "请填写内容（最多5000字）", "dues_year": "请选择本单位的缴费年度",
		"files": "最多上传 3 个附件", "rating": feedback.ErrRating.Error(), "state": "请选择回复后的状态", "assignee": feedback.ErrAssignee.Error(),
		"name": "请填写姓名（最多30字）", "uscc": membership.ErrUSCCTaken.Error(), "username": account.ErrUsernameTaken.Error(),
	})
	add(map[string]string{ // 会员晋升 and 晋升审核
		"level": "请选择高于当前级别的理事类型", "representative": "请从本单位成员中选择代表人", "file_form": "请上传该项材料（PDF、JPG、PNG 或 DOCX）",
		"file_license": files.ErrDocType.Error(), "item_form": "每项原因最多300字", "reject_reason": "请填写不予通过的原因（最多1000字）",
		"term": promotion.ErrNoTerm.Error(), "meeting": promotion.ErrMeetingType.Error(), "session": promotion.ErrSession.Error(),
		"held_on": "日期格式应为 年-月-日", "expected": "请填写人数（0或正整数）", "present": "请填写人数（0或正整数）",
		"resolution": promotion.ErrResolution.Error(), "ratify": promotion.ErrVoteCounts.Error(), "number": promotion.ErrTermOverlap.Error(),
		"starts_on": "日期格式应为 年-月-日", "ends_on": promotion.ErrTermDates.Error(), "title": promotion.ErrTitle.Error(),
	})
	return e
}

// englishSamples are the pages and partials with data in Latin letters, several for a
// template whose text depends on a state, so any Chinese in the English output is the UI's.
func englishSamples() map[string][]any {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	snap := membership.Snapshot{
		Company: membership.CompanyInfo{Name: "Acme Circuits Ltd", USCC: "91350100M000100Y43", LegalRep: "Li Hua", Nature: membership.Natures[1],
			Category: membership.Categories[0], Province: membership.Provinces[18], City: "Shenzhen", Address: "1 Keji Road"},
		Sales:  membership.SalesInfo{MainProducts: "HDI boards"},
		People: membership.PeopleInfo{People: []membership.Person{{Name: "Li Hua", Title: "CEO"}, {Name: "Wang Fang", Title: "CFO"}}, Finance: 1}}
	co := &company.Company{Name: "Acme Circuits Ltd", Level: company.LevelCouncil, MemberNo: sql.NullString{String: "CPCA202600001", Valid: true},
		JoinedOn: sql.NullTime{Time: now, Valid: true}}
	app := func(status string, paper bool) *membership.Application {
		return &membership.Application{ID: 7, Status: status, Revision: 2, SubmittedAt: now, RejectReason: "Blurry scan",
			PaperReceived: paper, PaperReceivedOn: sql.NullTime{Time: now, Valid: paper}, ReviewedAt: sql.NullTime{Time: now, Valid: true}}
	}
	mailing := membership.Mailing{Address: "1 Example Road, Shenzhen"}
	appPage := func(a *membership.Application) applicationPage {
		return applicationPage{App: a, Company: co, Snap: snap, Mailing: mailing, Docs: membership.PaperDocuments, Editable: true}
	}
	n := func(read bool) notice.Notice {
		return notice.Notice{ID: 3, Title: "Welcome", Body: "Hello\n\nSee https://example.com", CreatedAt: now, Read: read, Important: !read}
	}
	pager := newPager("/x", nil, 2, 20, 41)
	capped := newPager("/x", nil, 1, 20, 5000)
	voucher := dues.Voucher{ID: 1, FileID: "f", FileName: "receipt.pdf", AmountFen: 500000, TransferDate: now, Payer: "Acme", CreatedAt: now}
	row := func(status, invoice string) dues.Dues {
		d := dues.Dues{ID: 9, Year: 2026, Level: company.LevelMember, AmountFen: 500000, Status: status, InvoiceStatus: invoice,
			CompanyName: "Acme Circuits Ltd", RejectReason: "Wrong amount", WaiveReason: "Founding member", CompanyID: 1}
		if status != dues.Unpaid {
			d.Vouchers = []dues.Voucher{voucher}
		}
		if status == dues.Confirmed {
			d.ReceivedFen, d.ReceivedOn = sql.NullInt64{Int64: 500000, Valid: true}, sql.NullTime{Time: now, Valid: true}
		}
		if invoice == dues.InvoiceIssued {
			d.InvoiceFileID, d.InvoiceIssuedAt = sql.NullString{String: "f", Valid: true}, sql.NullTime{Time: now, Valid: true}
		}
		if invoice != dues.InvoiceNone {
			d.InvoiceRequest = &dues.InvoiceProfile{Type: dues.InvoiceSpecial, Title: "Acme", TaxNo: "91350100M000100Y43", Email: "a@b.cn"}
		}
		return d
	}
	var rows []dues.Dues
	for _, s := range dues.Statuses {
		for _, i := range dues.InvoiceStatuses {
			rows = append(rows, row(s, i))
		}
	}
	pending, confirmed, rejected := row(dues.Pending, dues.InvoiceRequested), row(dues.Confirmed, dues.InvoiceRequested), row(dues.Rejected, dues.InvoiceNone)
	cert := func(status string, year int) certificate.Certificate {
		return certificate.Certificate{ID: 1, Year: year, Number: "CPCA-2026-000001", Status: status, CompanyName: "Acme Circuits Ltd",
			Level: company.LevelMember, IssuedOn: now, FileID: sql.NullString{String: "f", Valid: true}, Code: "abc", RevokeReason: "Closed"}
	}
	certs := []certificate.Certificate{cert("issued", 2026), cert("issued", 2025), cert("revoked", 2026), cert("superseded", 2026), cert("pending", 2026)}
	var verdicts []any
	for _, s := range []string{"valid", "expired", "revoked", "superseded", "unknown"} {
		verdicts = append(verdicts, verifyPage{Verdict: certificate.Verdict{State: s, CompanyName: "Acme", Year: 2025, Number: "X"},
			Level: company.LevelLabel(company.LevelStanding)})
	}
	var errorPages []any
	for _, code := range []int{404, 403, 429, 500} {
		errorPages = append(errorPages, errorPage{Status: code, Message: "系统出现错误，请稍后重试。如问题持续，请联系协会并提供请求编号。"})
	}
	var levels []feeRow
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		levels = append(levels, feeRow{Level: l, Label: company.LevelLabel(l), Amount: "5000.00"})
	}
	var draft = func(step int) registerPage {
		return registerPage{Step: step, Reached: 4, Steps: registerSteps, Draft: &membership.Draft{Step: 4, Company: snap.Company, People: snap.People}, Mailing: mailing}
	}
	var todos []todo
	for _, a := range []string{"查看", "上传缴费凭证", "重新上传", "填写开票信息", "下载发票", "下载会员证书", "修改并重新提交"} {
		todos = append(todos, todo{Text: "您有未读的站内通知", Link: "/", Action: a})
	}
	todos = append(todos, todo{Text: "晋升申请被退回，请按原因修改后重新提交", Link: "/", Action: "修改并重新提交"})
	for _, f := range []string{"%d年度开票信息未填写", "%d年度会费发票已开具", "%d年度会员证书已生成"} {
		todos = append(todos, todo{Text: i18n.Tf("en", f, 2026), Link: "/", Action: "查看"})
	}
	var missing []any
	for _, m := range []string{i18n.Tf("en", "%d 年度会费账单尚未生成，请留意协会通知。", 2026),
		i18n.Tf("en", "尚未缴纳 %d 年度会费（%s 元）。请转账后在「会员缴费」中上传缴费凭证。", 2026, "5,000.00"),
		"缴费凭证已上传，等待协会确认到账。确认后将自动生成会员证书。", i18n.Tf("en", "缴费凭证被退回：%s。请重新上传。", "Blurry"),
		"会费已确认，会员证书正在生成，请稍后刷新本页。"} {
		missing = append(missing, certificatePage{Year: 2026, Missing: m, All: certs})
	}
	changes := []membership.Change{}
	for _, l := range []string{"企业名称", "统一社会信用代码", "注册资本(万元)", "上年度销售额(万元)", "出口比例(%)", "成员信息"} {
		changes = append(changes, membership.Change{Label: l, Before: "a", After: "b"})
	}
	var auditEntries []audit.Entry
	for _, r := range []string{"ok", "denied"} {
		auditEntries = append(auditEntries, audit.Entry{ID: 1, Action: "login", At: now, Result: r, ActorName: "admin"})
	}
	fbItem := func(status string, replied bool) *feedback.Item {
		it := &feedback.Item{ID: 5, CompanyID: 1, Category: feedback.Billing, Subject: "Invoice title", Status: status, CompanyName: "Acme",
			AssigneeName: "Wang", StaffUnread: true, MemberUnread: true, CreatedAt: now, LastMessageAt: now,
			DuesYear: sql.NullInt64{Int64: 2026, Valid: true}, AssigneeID: sql.NullInt64{Int64: 2, Valid: true}}
		if replied {
			it.FirstReplyAt = sql.NullTime{Time: now, Valid: true}
			it.Rating, it.RatingNote = sql.NullInt16{Int16: 4, Valid: true}, "Quick"
		}
		return it
	}
	fbMsgs := []feedback.Message{{ID: 1, AuthorName: "li", Body: "Hello\nthere", CreatedAt: now, Files: []feedback.Attachment{{FileID: "f", Name: "a.pdf"}}},
		{ID: 2, AuthorName: "Wang", FromStaff: true, Body: "Answer", CreatedAt: now}, {ID: 3, AuthorName: "Wang", FromStaff: true, Internal: true, Body: "Note", CreatedAt: now}}
	var fbRows []feedback.Item
	var fbMember, fbStaff []any
	for _, st := range feedback.Statuses {
		fbRows = append(fbRows, *fbItem(st, st == feedback.Resolved || st == feedback.Closed))
		fbMember = append(fbMember, feedbackItemPage{Item: fbItem(st, st == feedback.Resolved || st == feedback.Closed), Messages: fbMsgs, Rating: "4"})
		fbStaff = append(fbStaff, adminFeedbackItemPage{Item: fbItem(st, true), Messages: fbMsgs, Handlers: []feedback.StaffMember{{ID: 2, Name: "Wang"}},
			Canned: feedback.CannedReplies, State: feedback.Processing})
	}
	fbQueue := adminFeedbackPage{Rows: fbRows, Pager: pager, Handlers: []feedback.StaffMember{{ID: 2, Name: "Wang"}}, FirstReply: "1 h", Resolve: "2 d",
		Stats: feedback.Stats{Replied: 3, Resolved: 1}, adminFeedbackQuery: adminFeedbackQuery{Assignee: "me"}}
	m := map[string][]any{
		"pages/feedback":                {feedbackListPage{Rows: fbRows, Pager: pager}, feedbackListPage{Pager: pager}, feedbackListPage{Pager: pager, feedbackQuery: feedbackQuery{Status: "closed"}}},
		"partials/feedback_list":        {feedbackListPage{Rows: fbRows, Pager: pager}},
		"pages/feedback_new":            {feedbackNewPage{Years: []int{2026}, Form: feedbackForm{Category: feedback.Billing, DuesYear: "2026"}}},
		"pages/feedback_item":           fbMember,
		"pages/admin_feedback":          {fbQueue, adminFeedbackPage{Pager: pager, Query: "status=closed"}},
		"partials/admin_feedback_table": {fbQueue},
		"pages/admin_feedback_item":     fbStaff,
		"partials/feedback_reply":       fbStaff[:1],
		"pages/admin_application": {
			reviewDetailPage{App: app(membership.StatusResubmitted, false), Company: co, Snap: snap, Applicant: &account.User{Username: "u"}, Changes: changes},
			reviewDetailPage{App: app(membership.StatusApproved, true), Company: co, Snap: snap, Applicant: &account.User{Username: "u"}},
		},
		"pages/admin_applications": {reviewListPage{reviewQuery: reviewQuery{Status: "pending"}, Pager: pager, Rows: []membership.Row{
			{Application: *app(membership.StatusSubmitted, true), CompanyName: "Acme"}, {Application: *app(membership.StatusApproved, false), CompanyName: "Acme"},
			{Application: *app(membership.StatusRejected, false), CompanyName: "Acme"}, {Application: *app(membership.StatusResubmitted, false), CompanyName: "Acme"}}}},
		"pages/admin_audit":          {auditSample(auditEntries, "en"), auditPage{}},
		"partials/admin_audit_table": {auditSample(auditEntries, "en")},
		"pages/admin_lockouts": {lockoutsPage{Lockouts: []auth.Lockout{{IP: "10.0.0.1", Failures: 20, LastAt: now},
			{Username: "u", IP: "10.0.0.2", Failures: 5, LastAt: now}}}, lockoutsPage{}},
		"pages/admin_email":  {&mail.Email{ID: 1, Subject: "Hello", Status: mail.StatusFailed, Body: "Hi", LastError: "timeout", SentAt: sql.NullTime{Time: now, Valid: true}}, &mail.Email{ID: 2, Subject: "Hello", Status: mail.StatusUnknown, Body: "Hi"}},
		"pages/admin_emails": {emailListPage{Emails: []mail.Email{{ID: 1, Status: mail.StatusSent}, {ID: 2, Status: mail.StatusFailed}, {ID: 3, Status: mail.StatusQueued}}, Pager: capped, Statuses: mail.Statuses}, emailListPage{Pager: pager}},
		"pages/application": {appPage(app(membership.StatusRejected, false)), appPage(app(membership.StatusSubmitted, false)),
			appPage(app(membership.StatusResubmitted, true)), appPage(app(membership.StatusApproved, true))},
		"pages/application_edit": {appPage(app(membership.StatusRejected, false))},
		"pages/error":            errorPages,
		"pages/home":             {homePage{Company: co, Pinned: []notice.Notice{n(false)}, Notices: []notice.Notice{n(false)}, Todos: todos, Events: append(eventTodos(), projectTodos()...)}, homePage{Company: co}},
		"pages/login":            {loginForm{Username: "x"}},
		"pages/message": {messagePage{Notice: &[]notice.Notice{n(false)}[0]},
			messagePage{Notice: &[]notice.Notice{n(true)}[0], Attachments: []broadcast.Attachment{{ID: "f", Name: "a.pdf", Size: 3 << 20}}}},
		"pages/messages":              {messagesPage{Notices: []notice.Notice{n(false), n(true)}, Pager: pager}, messagesPage{Pager: pager, Filter: "unread"}, messagesPage{Pager: pager}, messagesPage{Pager: pager, Filter: "important"}},
		"pages/password":              {nil},
		"pages/privacy":               {nil},
		"pages/register":              {draft(1), draft(2), draft(3), draft(4)},
		"pages/register_done":         {registerDone{ApplicationID: "7", Email: "a@b.cn", Documents: membership.PaperDocuments, Mailing: mailing}},
		"pages/settings":              {settingsPage{Settings: account.Settings{Name: "Li Hua", Lang: "en"}, Langs: i18n.Langs}},
		"partials/application_form":   {appPage(app(membership.StatusRejected, false))},
		"partials/applications_table": {reviewListPage{Pager: pager}},
		"partials/emails_table":       {emailListPage{Pager: pager}},
		"partials/messages_list":      {messagesPage{Pager: pager, Filter: "unread"}},
		"partials/register_form":      {draft(1), draft(4)},
		"partials/toast":              {errorPage{Message: "页面已过期或请求来源无效，请刷新页面后重试。"}},
		"pages/dues":                  {duesPage{duesQuery: duesQuery{Year: "2026"}, Years: []int{2026}, Rows: rows, Pager: capped}, duesPage{Pager: pager}, duesPage{Pager: pager, duesQuery: duesQuery{Year: "2026"}}},
		"partials/dues_table":         {duesPage{Pager: pager, duesQuery: duesQuery{Invoice: "issued"}}},
		"pages/dues_voucher":          {voucherPage{Dues: &rejected, Form: voucherForm{Amount: "5000.00"}}, voucherPage{Dues: &pending}},
		"pages/dues_invoice":          {invoicePage{Dues: &pending, Profile: dues.InvoiceProfile{Type: "special"}}},
		"partials/invoice_form":       {invoicePage{Dues: &pending}},
		"pages/certificate":           append([]any{certificatePage{Year: 2026, Live: &certs[0], All: certs}, certificatePage{Year: 2026}}, missing...),
		"pages/verify":                verdicts,
		"pages/admin_fees":            {feesPage{Year: 2026, Rows: levels}},
		"pages/admin_dues":            {financePage{Years: []int{2026}, Rows: rows, Pager: capped, ThisYear: 2026}, financePage{Pager: pager, Query: "q=x"}},
		"partials/finance_table":      {financePage{Pager: pager, Rows: rows}},
		"pages/admin_jobs": {jobsPage{Available: true, Rows: []jobRow{{ID: "x", Type: "certificate:issue", State: "retry", Error: "font"}, {ID: "y", Type: "email:send", State: "archived"}}},
			jobsPage{Available: true}, jobsPage{}},
		"pages/admin_messages": {messagesAdminPage{Rows: []broadcast.Broadcast{{ID: 1, Title: "Notice", Status: broadcast.Sent, Important: true},
			{ID: 2, Title: "Later", Status: broadcast.Scheduled}, {ID: 3, Title: "Gone", Status: broadcast.Retracted}}, Pager: pager}, messagesAdminPage{Pager: pager}},
		"pages/admin_message_new": {composePage{Form: composeForm{Title: "Notice", Levels: []string{"council"}, Categories: []string{membership.Categories[0]}, Provinces: []string{membership.Provinces[0]}},
			Counted: true, Count: 3, Previewing: true, Preview: "<p>x</p>", Levels: messageLevels, Chosen: []broadcast.Company{{ID: 1, Name: "Acme"}}}, composePage{Levels: messageLevels}},
		"partials/recipient_count": {composePage{Counted: true, Count: 1}, composePage{}},
		"pages/admin_message": {messageAdminPage{B: &broadcast.Broadcast{ID: 1, Title: "Notice", Body: "a", Status: broadcast.Sent, EmailCopy: true, Important: true,
			Audience: broadcast.Audience{Levels: []string{"council"}, Provinces: []string{membership.Provinces[0]}, Categories: []string{membership.Categories[0]}}},
			Chosen: []broadcast.Company{{ID: 1, Name: "Acme"}},
			Stats:  broadcast.Stats{Levels: []broadcast.LevelRead{{Level: "council", Recipients: 4, Read: 1}}, Emails: []broadcast.Delivery{{Status: "sent", Count: 4}}}},
			messageAdminPage{B: &broadcast.Broadcast{ID: 2, Title: "Notice", Status: broadcast.Scheduled, Audience: broadcast.Audience{All: true}}},
			messageAdminPage{B: &broadcast.Broadcast{ID: 3, Title: "Notice", Status: broadcast.Retracted, EmailCopy: true, Audience: broadcast.Audience{All: true}}}},
		"pages/admin_sms":    {smsSample(pager), smsPage{}},
		"partials/sms_table": {smsSample(pager), smsPage{}},
		"pages/admin_sms_templates": {smsTemplatesPage{Templates: []sms.Template{{Key: "a", Kind: sms.KindNotice, Params: []string{"name"}, Text: "Hello ${name}", Enabled: true, Code: "SMS_1"},
			{Key: "b", Kind: sms.KindMarketing, Text: "Hi", Stored: true}, {Key: "c", Kind: sms.KindCode, Text: "Hi", Enabled: true}}}},
		"pages/admin_sms_template": {smsTemplatePage{New: true, Kinds: sms.Kinds, Form: sms.Form{Key: "a", Body: "Hello ${name}", Params: "name:10"}}, smsTemplatePage{Kinds: sms.Kinds}},
		"pages/admin_dues_detail": {
			financeDetailPage{Dues: &pending, Company: co, Certificates: certs},
			financeDetailPage{Dues: &confirmed, Company: co},
			financeDetailPage{Dues: &rejected, Company: co},
		},
	}
	for k, v := range companySamples(now, snap, pager) {
		m[k] = v
	}
	return m
}

// TestEnglishPages renders every page and partial in English, for each role, and fails on
// Chinese that is not a data value: data here is in Latin letters, validation messages and
// flashes are the code's own Chinese, which must show in English.
func TestEnglishPages(t *testing.T) {
	engine, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	samples := englishSamples()
	for k, v := range eventSamples() {
		samples[k] = v
	}
	for k, v := range memberSamples() {
		samples[k] = v
	}
	for k, v := range projectSamples() {
		samples[k] = v
	}
	for k, v := range campaignSamples() {
		samples[k] = v
	}
	for k, v := range paperSamples() {
		samples[k] = v
	}
	for k, v := range importSamples() {
		samples[k] = v
	}
	for k, v := range directorySamples() {
		samples[k] = v
	}
	for k, v := range dashboardSamples() {
		samples[k] = v
	}
	for k, v := range uiSamples() {
		samples[k] = v
	}
	for k, v := range evfeeSamples() { // added to the pages' own samples, not instead of them
		samples[k] = append(samples[k], v...)
	}
	errs := uiErrors(t)
	nav := testNavigator(t)
	page := func(role string, data any, withErrors bool) *Page {
		p := &Page{Title: "会员缴费", Lang: "en", CSRF: "tok", RequestID: "rid", Data: data, Unread: 2,
			User:  account.Principal{UserID: 1, Role: role, Username: "li"},
			Flash: "缴费凭证已删除。", FlashErr: "申请正在审核中，暂不能修改。", navi: nav}
		if withErrors {
			p.Errors = errs
		}
		return p
	}
	en := &Page{Lang: "en"}
	direct := map[string][]any{
		"partials/company_view":   {dict("T", en, "S", englishSamples()["pages/application"][0].(applicationPage).Snap)},
		"partials/company_fields": {dict("P", page(account.RoleAnonymous, nil, true), "C", englishSamples()["pages/application"][0].(applicationPage).Snap.Company)},
		"partials/sales_fields":   {dict("P", page(account.RoleAnonymous, nil, true), "S", englishSamples()["pages/application"][0].(applicationPage).Snap.Sales)},
		"partials/field":          {dict("T", en, "Label", "企业名称", "Name", "name", "Err", "请填写企业名称", "Hint", "18位，见营业执照")},
		"partials/select": {dict("T", en, "Label", "省份", "Name", "province", "Options", membership.Provinces, "Err", "请选择省份"),
			dict("T", en, "Label", "企业性质", "Name", "nature", "Options", membership.Natures), dict("T", en, "Label", "企业类别", "Name", "category", "Options", membership.Categories)},
		"partials/message_row": {messageLineOf(&notice.Notice{ID: 1, Title: "Hi"}, "en", "t"), messageLineOf(&notice.Notice{ID: 1, Title: "Hi", Read: true, Important: true}, "en", "t")},
		"partials/message_read": {dict("Line", messageLineOf(&notice.Notice{ID: 1, Title: "Hi", Read: true}, "en", "t"), "T", en, "Unread", 1, "View", "page"),
			dict("Line", messageLineOf(&notice.Notice{ID: 1, Title: "Hi", Read: true}, "en", "t"), "T", en, "Unread", 0)},
		"partials/unread_badge": {dict("Unread", 3)},
		"partials/attachments":  {dict("T", en, "List", []broadcast.Attachment{{ID: "f", Name: "a.pdf", Size: 100}})},
		"partials/charge_name":  {dict("T", en, "D", &dues.Dues{Year: 2026}), dict("T", en, "D", &dues.Dues{EventRegistrationID: 1, Subject: "Expo"})},
		"partials/pager":        {langPager(en, newPager("/x", nil, 2, 20, 41)), langPager(en, newPager("/x", nil, 2, 20, 5000))},
		"partials/people_table": {dict("T", en, "P", membership.PeopleInfo{People: []membership.Person{{Name: "A"}, {Name: "B"}}}, "Errors", map[string]string{
			"people": "请至少填写一位联系人", "people.0.name": "请填写姓名", "people.0.title": "职务最多30个字", "people.0.mobile": "请填写11位手机号码",
			"people.0.email": "邮箱格式不正确", "primary": "请选择主要联系人", "finance": "请选择财务联系人"}, "URL", "/x")},
		"partials/menu": menuPages(page),
		"partials/feedback_thread": {dict("T", en, "Msgs", []feedback.Message{{ID: 1, AuthorName: "li", Body: "Hi", Files: []feedback.Attachment{{FileID: "f", Name: "a.pdf"}}},
			{ID: 2, FromStaff: true, Body: "Answer"}, {ID: 3, FromStaff: true, Internal: true, Body: "Note"}}, "Staff", false),
			dict("T", en, "Msgs", []feedback.Message{{ID: 2, FromStaff: true, AuthorName: "Wang", Body: "Answer"}}, "Staff", true)},
		"partials/feedback_files": {dict("T", en, "Err", "最多上传 3 个附件"), dict("T", en)},
		"partials/change_history": {dict("T", en, "Rows", companySamples(time.Now(), membership.Snapshot{}, Pager{})["pages/admin_change"][0].(changeDetailPage).History)},
		"partials/person_fields": {dict("P", page(account.RoleMember, nil, true), "F", people.Form{Primary: true}),
			dict("P", &Page{Lang: "en", Errors: map[string]string{"primary": "单位必须有一位主要联系人：请在另一位成员上勾选“主要联系人”来更换。", "department": "部门最多30个字"}}, "F", people.Form{})},
	}
	for k, v := range directoryDirect(en) {
		direct[k] = v
	}
	for k, v := range promotionDirect(en) {
		direct[k] = v
	}
	for k, v := range promotionSamples() {
		samples[k] = v
	}
	check := func(name string, out string) {
		if left := hanLeft(out); len(left) > 0 {
			if len(left) > 8 {
				left = left[:8]
			}
			t.Errorf("%s: Chinese in the English page:\n  %s", name, strings.Join(left, "\n  "))
		}
	}
	err = fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") || strings.HasPrefix(path, "layouts/") {
			return err
		}
		name := strings.TrimSuffix(path, ".html")
		if vs, ok := direct[name]; ok {
			for _, v := range vs {
				var buf bytes.Buffer
				if err := engine.Render(&buf, name, v); err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				check(name, buf.String())
			}
			return nil
		}
		vs, ok := samples[name]
		if !ok {
			t.Errorf("%s: no English sample data in this test; add one", name)
			return nil
		}
		for _, v := range vs {
			for _, role := range []string{account.RoleAnonymous, account.RoleApplicant, account.RoleMember, account.RoleAdmin} {
				for _, withErrors := range []bool{false, true} {
					var buf bytes.Buffer
					if err := engine.Render(&buf, name, page(role, v, withErrors)); err != nil {
						t.Errorf("%s (%s): %v", name, role, err)
						continue
					}
					check(name+" ("+role+")", buf.String())
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTemplateTextTranslated reads the templates: Chinese appears only as the argument of T
// (or as a Label or Hint a partial translates), and each such string has an English entry,
// so a branch the samples above do not reach is covered too.
func TestTemplateTextTranslated(t *testing.T) {
	lit := regexp.MustCompile(`(?:\.T|\$T|\.TN|\.TC "\w+") "((?:[^"\\]|\\.)*)"|"(?:Label|Hint)" "([^"]*)"`)
	comment := regexp.MustCompile(`(?s)\{\{/\*.*?\*/\}\}`)
	err := fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(views.FS, path)
		if err != nil {
			return err
		}
		src := comment.ReplaceAllString(string(b), "")
		for _, m := range lit.FindAllStringSubmatch(src, -1) {
			s := m[1] + m[2]
			if strings.HasPrefix(m[0], ".TC") {
				ctx := strings.Fields(m[0])[1]
				s = strings.Trim(ctx, `"`) + "\x04" + s
			}
			if hasHan(s) && !i18n.Has(s) {
				t.Errorf("%s: no English for %q", path, s)
			}
		}
		// A comparison with a Chinese label is logic, not text.
		src = regexp.MustCompile(`eq \$\w+ "[^"]*"`).ReplaceAllString(src, "")
		if left := hanLeft(lit.ReplaceAllString(src, "")); len(left) > 0 {
			t.Errorf("%s: Chinese not passed through T:\n  %s", path, strings.Join(left, "\n  "))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestGoTextTranslated checks the Chinese that Go hands to the templates: page titles,
// labels and choice lists, and the fixed validation and error messages.
func TestGoTextTranslated(t *testing.T) {
	var want []string
	want = append(want, registerSteps...)
	want = append(want, membership.Provinces...)
	want = append(want, membership.Natures...)
	want = append(want, membership.Categories...)
	want = append(want, membership.PaperDocuments...)
	for _, s := range membership.Statuses {
		want = append(want, membership.StatusLabel(s))
	}
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident} {
		want = append(want, company.LevelLabel(l))
	}
	for _, s := range dues.Statuses {
		want = append(want, dues.StatusLabel(s))
	}
	for _, s := range dues.InvoiceStatuses {
		want = append(want, dues.InvoiceLabel(s))
	}
	want = append(want, dues.InvoiceTypeLabel(dues.InvoiceNormal), dues.InvoiceTypeLabel(dues.InvoiceSpecial))
	for _, s := range feedback.Statuses {
		want = append(want, feedback.StatusLabel(s))
	}
	for _, c := range feedback.Categories {
		want = append(want, feedback.CategoryLabel(c))
	}
	for _, c := range feedback.CannedReplies {
		want = append(want, c.Title, c.Body)
	}
	want = append(want, feedback.ErrRating.Error(), feedback.ErrAssignee.Error(), feedback.ErrRateNote.Error(), feedback.ErrNotFound.Error(),
		feedback.BodyError(""), "%d 天 %d 小时", "%d 小时 %d 分钟", "%d 分钟")
	for _, m := range []map[string]string{(&feedback.Draft{DuesYear: 1}).Validate(nil)} {
		for _, v := range m {
			want = append(want, v)
		}
	}
	for _, s := range mail.Statuses {
		want = append(want, mail.StatusLabel(s))
	}
	for _, s := range []string{"issued", "revoked", "superseded", "pending"} {
		want = append(want, certStatus(s, 2026, 2026), certStatus(s, 2025, 2026))
	}
	for _, err := range []error{uscc.ErrLength, uscc.ErrCharacter, uscc.ErrCheck, auth.ErrTooShort, auth.ErrTooLong,
		auth.ErrCommon, auth.ErrHasAccount, files.ErrEmpty, files.ErrTooLarge, files.ErrType, dues.ErrAmount,
		membership.ErrUSCCTaken, account.ErrUsernameTaken, account.ErrWrongPassword, account.ErrPasswordThrottled, account.ErrSamePassword} {
		want = append(want, err.Error())
	}
	// Every fixed message the validators produce, for empty and for wrong input.
	now := time.Now()
	long := strings.Repeat("x", 2100)
	var msgs []map[string]string
	for _, c := range []membership.CompanyInfo{{}, {Name: long, LegalRep: long, RegCapital: "-1", FoundedOn: "2008", City: long, Address: long,
		Postcode: "1", Website: "x", Employees: "0", Intro: long, USCC: "91350100M000100Y4I"},
		{FoundedOn: "2999-01-01", USCC: "91350100M000100Y44"}, {FoundedOn: "1800-01-01", USCC: "1"}} {
		msgs = append(msgs, c.Validate(now))
	}
	for _, s := range []membership.SalesInfo{{}, {MainProducts: long, LastYearSales: "x", ExportRatio: "200", MainMarkets: long, Certifications: long}} {
		msgs = append(msgs, s.Validate())
	}
	for _, p := range []membership.PeopleInfo{{}, {People: make([]membership.Person, 21), Primary: -1, Finance: 30},
		{People: []membership.Person{{Name: long, Title: long, Mobile: "1", Email: "x"}}}} {
		msgs = append(msgs, p.Validate())
	}
	for _, a := range []membership.AccountInfo{{}, {Username: "1x", Email: "x", Mobile: "1"}} {
		msgs = append(msgs, a.Validate("", "x"))
	}
	for _, p := range []dues.InvoiceProfile{{}, {Type: "special", Title: long, TaxNo: "91350100M000100Y44"}, {Type: "special", TaxNo: "1"},
		{Type: "normal", TaxNo: "91350100M000100Y4I", Address: long}} {
		msgs = append(msgs, p.Validate())
	}
	for _, m := range msgs {
		for _, v := range m {
			want = append(want, v)
		}
	}
	// Page titles given to s.page.
	title := regexp.MustCompile(`s\.page\(c, "([^"]+)"`)
	goFiles, _ := filepath.Glob("*.go")
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range title.FindAllStringSubmatch(string(b), -1) {
			want = append(want, m[1])
		}
	}
	sort.Strings(want)
	seen := map[string]bool{}
	for _, s := range want {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if hasHan(s) && !i18n.Has(s) {
			t.Errorf("no English for %q", s)
		}
	}
}
