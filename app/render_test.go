package app

import (
	"cpca/tests/vnu"

	"bytes"
	"cpca/internal/broadcast"
	"database/sql"
	"io/fs"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/feedback"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/notice"
	"cpca/internal/people"
	"cpca/internal/sms"
	"cpca/views"
)

// TestEveryTemplateRenders renders each page and partial with typical data, for each role
// and language, so a broken template fails here and not in front of a user. A template
// without sample data fails the test too.
func TestEveryTemplateRenders(t *testing.T) {
	engine, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	snap := membership.Snapshot{Company: membership.CompanyInfo{Name: "深圳华电电路有限公司", USCC: "91350100M000100Y43"},
		People: membership.PeopleInfo{People: []membership.Person{{Name: "李华"}, {Name: "王会计"}}, Finance: 1}}
	app := &membership.Application{ID: 7, Status: membership.StatusRejected, Revision: 2, SubmittedAt: now, RejectReason: "材料不清晰",
		PaperReceivedOn: sql.NullTime{Time: now, Valid: true}}
	co := &company.Company{Name: "深圳华电电路有限公司", Level: "member", MemberNo: sql.NullString{String: "CPCA202600001", Valid: true}}
	n := &notice.Notice{ID: 3, Title: "欢迎加入", Body: "正文", CreatedAt: now}
	draft := &membership.Draft{Step: 3, People: snap.People}
	pager := newPager("/x", nil, 1, 20, 41)
	duesRow := dues.Dues{ID: 9, Year: 2026, Level: "member", AmountFen: 500000, Status: dues.Rejected, InvoiceStatus: dues.InvoiceIssued,
		RejectReason: "金额不符", InvoiceFileID: sql.NullString{String: "f", Valid: true},
		Vouchers: []dues.Voucher{{ID: 1, FileID: "f", FileName: "回单.pdf", AmountFen: 500000, TransferDate: now}}}
	pendingRow := duesRow
	pendingRow.Status, pendingRow.InvoiceStatus = dues.Pending, dues.InvoiceRequested
	pendingRow.InvoiceRequest = &dues.InvoiceProfile{Type: "special", Title: "甲"}
	cert := certificate.Certificate{ID: 1, Year: 2026, Number: "CPCA-2026-000001", Status: "issued", FileID: sql.NullString{String: "f", Valid: true}}
	samples := map[string]any{
		"pages/admin_application":     reviewDetailPage{App: &membership.Application{ID: 7, Status: membership.StatusResubmitted, Revision: 2}, Company: co, Snap: snap, Applicant: &account.User{Username: "u"}, Changes: []membership.Change{{Label: "城市", Before: "深圳", After: "广州"}}},
		"pages/admin_applications":    reviewListPage{reviewQuery: reviewQuery{Status: "pending"}, Rows: []membership.Row{{Application: *app, CompanyName: "甲"}}, Pager: pager},
		"pages/admin_audit":           auditSample([]audit.Entry{{ID: 1, Action: "login", At: now}, {ID: 2, Action: "=cmd", Result: "failed", At: now}}, "zh"),
		"pages/admin_lockouts":        lockoutsPage{Lockouts: []auth.Lockout{{Username: "u", IP: "10.0.0.2", Failures: 5, LastAt: now}}},
		"pages/admin_email":           &mail.Email{ID: 1, Subject: "主题", Status: mail.StatusFailed, Body: "正文"},
		"pages/admin_emails":          emailListPage{Emails: []mail.Email{{ID: 1, Status: mail.StatusSent}}, Pager: pager, Statuses: []string{"sent"}},
		"pages/application":           applicationPage{App: app, Company: co, Snap: snap, Editable: true},
		"pages/application_edit":      applicationPage{App: app, Company: co, Snap: snap, Editable: true},
		"pages/error":                 errorPage{Status: 404, Message: "页面不存在"},
		"pages/home":                  homePage{Company: co, Notices: []notice.Notice{*n}, Todos: []todo{{Text: "a", Link: "/", Action: "b"}}},
		"pages/login":                 loginForm{Username: "x"},
		"pages/message":               messagePage{Notice: n, Attachments: []broadcast.Attachment{{ID: "f1", Name: "议程.pdf", Size: 2048}}},
		"pages/messages":              messagesPage{Notices: []notice.Notice{*n}, Pager: pager},
		"pages/password":              nil,
		"pages/privacy":               nil,
		"pages/register":              registerPage{Step: 3, Reached: 3, Steps: registerSteps, Draft: draft},
		"pages/register_done":         registerDone{ApplicationID: "7", Email: "a@b.cn", Documents: membership.PaperDocuments},
		"pages/settings":              settingsPage{Settings: account.Settings{Name: "李华", Lang: "zh"}},
		"partials/application_form":   applicationPage{App: app, Snap: snap},
		"partials/applications_table": reviewListPage{Pager: pager},
		"partials/admin_audit_table":  auditPage{},
		"partials/emails_table":       emailListPage{Pager: pager},
		"partials/messages_list":      messagesPage{Pager: pager, Filter: "unread"},
		"partials/register_form":      registerPage{Step: 4, Reached: 4, Steps: registerSteps, Draft: draft},
		"partials/toast":              errorPage{Message: "出错了"},
		"pages/dues":                  duesPage{duesQuery: duesQuery{Year: "2026"}, Years: []int{2026}, Rows: []dues.Dues{duesRow}, Pager: pager},
		"partials/dues_table":         duesPage{Pager: pager, duesQuery: duesQuery{Invoice: "issued"}},
		"pages/dues_voucher":          voucherPage{Dues: &duesRow, Form: voucherForm{Amount: "5000.00"}},
		"pages/dues_invoice":          invoicePage{Dues: &duesRow, Profile: dues.InvoiceProfile{Type: "special"}},
		"partials/invoice_form":       invoicePage{Dues: &duesRow},
		"pages/certificate":           certificatePage{Year: 2026, Live: &cert, All: []certificate.Certificate{cert}},
		"pages/verify":                verifyPage{Verdict: certificate.Verdict{State: "valid", CompanyName: "甲"}, Level: "会员单位"},
		"pages/admin_fees":            feesPage{Year: 2026, Rows: []feeRow{{Level: "member", Label: "会员单位", Amount: "5000.00"}}},
		"pages/admin_dues":            financePage{Years: []int{2026}, Rows: []dues.Dues{duesRow}, Pager: pager, ThisYear: 2026},
		"partials/finance_table":      financePage{Pager: pager},
		"pages/admin_jobs":            jobsPage{Available: true, Rows: []jobRow{{ID: "x", Type: "certificate:issue", State: "retry", Error: "font"}}},
		"pages/admin_sms":             smsSample(pager),
		"partials/sms_table":          smsSample(pager),
		"pages/admin_sms_templates":   smsTemplatesPage{Templates: []sms.Template{sms.Templates[sms.DuesReminder], sms.Templates[sms.EventPromotion]}},
		"pages/admin_sms_template":    smsTemplatePage{New: true, Kinds: sms.Kinds, Form: sms.FormOf(sms.Templates[sms.DuesReminder])},
		"pages/admin_messages":        messagesAdminPage{Rows: []broadcast.Broadcast{{ID: 1, Title: "通知", Status: broadcast.Sent, Important: true}}, Pager: pager},
		"pages/admin_message_new": composePage{Form: composeForm{Title: "通知", Levels: []string{"council"}}, Counted: true, Count: 3, Previewing: true, Preview: "<p>x</p>", Levels: messageLevels,
			Attachments: []broadcast.Attachment{{ID: "f", Name: "议程.pdf", Size: 2048}}, Events: []broadcast.Event{{ID: 1, Name: "年会", StartsAt: time.Now()}}, Max: 5, SMSAvailable: true},
		"partials/recipient_count": composePage{Counted: true, Count: 3, Chosen: []broadcast.Company{{ID: 1, Name: "甲"}}},
		"pages/admin_message": messageAdminPage{B: &broadcast.Broadcast{ID: 1, Title: "通知", Body: "a\n\nhttps://x.cn", Status: broadcast.Sent, EmailCopy: true,
			Audience: broadcast.Audience{Levels: []string{"council"}, Provinces: []string{"广东省"}}},
			Stats: broadcast.Stats{Levels: []broadcast.LevelRead{{Level: "council", Recipients: 4, Read: 1}}, Emails: []broadcast.Delivery{{Status: "sent", Count: 4}}}},
		"pages/admin_dues_detail": financeDetailPage{Dues: &pendingRow, Company: co, Certificates: []certificate.Certificate{cert}},
	}
	// 反馈信息 and 反馈建议管理: the English test's samples (several states each there).
	for name, vs := range englishSamples() {
		if _, ok := samples[name]; !ok && strings.Contains(name, "feedback") {
			samples[name] = vs[0]
		}
	}
	for k, vs := range companySamples(now, snap, pager) {
		if len(vs) > 0 {
			samples[k] = vs[0]
		}
	}
	for k, v := range eventSamples() {
		samples[k] = v[0]
	}
	for k, v := range memberSamples() {
		samples[k] = v[0]
	}
	for k, v := range projectSamples() {
		samples[k] = v[0]
	}
	for k, v := range campaignSamples() {
		samples[k] = v[0]
	}
	for k, v := range paperSamples() {
		samples[k] = v[0]
	}
	for k, v := range importSamples() {
		samples[k] = v[0]
	}
	// Partials that take a dict or a snapshot rather than a page.
	direct := map[string]any{
		"partials/change_history":  dict("T", &Page{Lang: "zh"}, "Rows", companySamples(now, snap, pager)["pages/admin_change"][0].(changeDetailPage).History),
		"partials/person_fields":   dict("P", &Page{Lang: "zh", Errors: map[string]string{"primary": "x"}}, "F", people.Form{Name: "李华", Primary: true}),
		"partials/feedback_thread": dict("T", &Page{Lang: "zh"}, "Msgs", []feedback.Message{{ID: 1, Body: "<script>x</script>"}}, "Staff", true),
		"partials/feedback_files":  dict("T", &Page{Lang: "zh"}, "Err", "最多上传 3 个附件"),
		"partials/company_view":    dict("T", &Page{Lang: "zh"}, "S", snap),
		"partials/company_fields":  dict("P", &Page{Lang: "zh", Errors: map[string]string{"uscc": "校验位不正确"}}, "C", snap.Company),
		"partials/sales_fields":    dict("P", &Page{Lang: "zh"}, "S", snap.Sales),
		"partials/field":           dict("Label", "企业名称", "Name", "name", "Err", "请填写"),
		"partials/select":          dict("Label", "省份", "Name", "province", "Options", membership.Provinces),
		"partials/message_row":     messageLineOf(n, "zh", "t"),
		"partials/message_read":    dict("Line", messageLineOf(n, "zh", "t"), "T", &Page{Lang: "zh"}, "Unread", 2, "View", "page"),
		"partials/unread_badge":    dict("Unread", 0, "OOB", true),
		"partials/attachments":     dict("T", &Page{Lang: "zh"}, "List", []broadcast.Attachment{{ID: "f", Name: "议程.pdf", Size: 2048}}),
		"partials/charge_name":     dict("T", &Page{Lang: "zh"}, "D", &dues.Dues{EventRegistrationID: 1, Subject: "展会"}),
		"partials/pager":           langPager(&Page{Lang: "zh"}, pager),
		"partials/people_table":    dict("P", snap.People, "Errors", map[string]string{"people.0.name": "请填写姓名"}, "URL", "/x"),
		"partials/menu":            menuView{Lang: "zh", Sections: (&Page{Lang: "zh", User: account.Principal{UserID: 1, Role: account.RoleMember}, navi: testNavigator(t)}).Menu()},
	}
	for k, v := range promotionSamples() {
		samples[k] = v[0]
	}
	for k, v := range directorySamples() {
		samples[k] = v[0]
	}
	for k, v := range dashboardSamples() {
		samples[k] = v[0]
	}
	for k, v := range uiSamples() {
		samples[k] = v[0]
	}
	for k, v := range directoryDirect(&Page{Lang: "zh"}) {
		direct[k] = v[0]
	}
	for k, v := range promotionDirect(&Page{Lang: "zh"}) {
		direct[k] = v[0]
	}
	rendered := map[string]string{} // every page as staff, in both languages, for the Nu Html Checker
	err = fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") || strings.HasPrefix(path, "layouts/") {
			return err
		}
		name := strings.TrimSuffix(path, ".html")
		if v, ok := direct[name]; ok {
			var buf bytes.Buffer
			if err := engine.Render(&buf, name, v); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			return nil
		}
		data, ok := samples[name]
		if !ok {
			t.Errorf("%s: no sample data in this test; add one", name)
			return nil
		}
		for _, role := range []string{account.RoleAnonymous, account.RoleApplicant, account.RoleMember, account.RoleAdmin} {
			for _, lang := range []string{"zh", "en"} {
				p := &Page{Title: "标题", Lang: lang, CSRF: "tok", RequestID: "rid", Data: data,
					User: account.Principal{UserID: 1, Role: role}, Errors: map[string]string{"name": "请填写企业名称"}}
				var buf bytes.Buffer
				if err := engine.Render(&buf, name, p); err != nil {
					t.Errorf("%s (%s, %s): %v", name, role, lang, err)
					continue
				}
				if strings.HasPrefix(name, "pages/") && !strings.Contains(buf.String(), "</html>") {
					t.Errorf("%s: page is not a whole document", name)
				}
				if strings.HasPrefix(name, "pages/") && role == account.RoleAdmin {
					rendered[name+" ("+lang+")"] = buf.String()
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("vnu", func(t *testing.T) { vnu.Check(t, rendered) })
}
