package security

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/authz"
	"cpca/internal/broadcast"
	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/feedback"
	"cpca/internal/files"
	"cpca/internal/imports"
	"cpca/internal/notice"
	"cpca/internal/promotion"
	"cpca/tests/testenv"

	"github.com/gofiber/fiber/v2"
)

// The roles of the table are the policy's subjects: each staff department is one.
const (
	anon  = account.RoleAnonymous
	appl  = account.RoleApplicant
	mem   = account.RoleMember
	coun  = account.RoleCouncil
	sMem  = "staff_membership"   // 会员部
	sFin  = "staff_finance"      // 财务
	sEvt  = "staff_events"       // 会展
	sInfo = "staff_info"         // 信息
	sSys  = "staff_sysadmin"     // 系统管理员
	rev   = account.RoleReviewer // 参会投稿: an invited external reviewer
)

var roles = []string{anon, appl, mem, coun, sMem, sFin, sEvt, sInfo, sSys, rev}

// route is one row of the route × role table: every registered route must be here.
type route struct {
	Method, Path string
	Allowed      []string
	// SendsApplicantOn: the handler itself sends an applicant to /application (its landing
	// page, or "under review"), which looks like the guard's refusal; the policy decides then.
	SendsApplicantOn bool
}

var all = roles
var members = []string{mem, coun}
var loggedIn = []string{appl, mem, coun, sMem, sFin, sEvt, sInfo, sSys, rev}

// Staff by department: 系统管理员 has every department's routes.
var (
	staff           = []string{sMem, sFin, sEvt, sInfo, sSys}
	membershipStaff = []string{sMem, sSys}
	financeStaff    = []string{sFin, sSys}
	infoStaff       = []string{sInfo, sSys}
	eventsStaff     = []string{sEvt, sSys}
	sysadminOnly    = []string{sSys}
	reviewers       = []string{rev, sEvt, sSys}
)

var routeTable = []route{
	{"GET", "/healthz", all, false},
	{"GET", "/readyz", all, false},
	{"GET", "/metrics", all, false}, // the walk sends the token; tests/ops checks the refusals
	{"GET", "/", all, true},
	{"POST", "/lang", all, false},
	{"GET", "/privacy", all, false},

	{"GET", "/login", all, true},
	{"POST", "/login", all, false},
	{"POST", "/logout", all, false},
	{"GET", "/password/forgot", all, false},
	{"POST", "/password/forgot", all, false},
	{"GET", "/password/reset/:token", all, false},
	{"POST", "/password/reset/:token", all, false},
	{"GET", "/invite/:token", all, false},
	{"POST", "/invite/:token", all, false},

	{"GET", "/register", all, true},
	{"GET", "/register/step/:n", all, true},
	{"POST", "/register/step/:n", all, false},
	{"GET", "/register/done", all, false},

	{"GET", "/application", []string{appl}, false},
	{"GET", "/application/edit", []string{appl}, true},
	{"POST", "/application/edit", []string{appl}, false},

	{"GET", "/home", members, false},

	{"GET", "/messages", members, false},
	{"POST", "/messages/read-all", members, false},
	{"GET", "/messages/:id", members, false},
	{"POST", "/messages/:id/read", members, false},

	{"GET", "/account/password", loggedIn, false},
	{"POST", "/account/password", loggedIn, false},
	{"GET", "/account/settings", loggedIn, false},
	{"POST", "/account/settings", loggedIn, false},

	// 会员服务 — 会员缴费; 信息管理 — 会员证书; downloads; the public certificate check
	{"GET", "/dues", members, false},
	{"GET", "/dues/:id/voucher", members, false},
	{"POST", "/dues/:id/voucher", members, false},
	{"POST", "/dues/:id/vouchers/:vid/delete", members, false},
	{"GET", "/dues/:id/invoice", members, false},
	{"POST", "/dues/:id/invoice", members, false},
	{"GET", "/certificate", members, false},

	// 信息管理 — 反馈信息
	{"GET", "/feedback", members, false},
	{"POST", "/feedback", members, false},
	{"GET", "/feedback/new", members, false},
	{"GET", "/feedback/:id", members, false},
	{"POST", "/feedback/:id/messages", members, false},
	{"POST", "/feedback/:id/close", members, false},
	{"POST", "/feedback/:id/rate", members, false},
	{"POST", "/feedback/:id/seen", members, false},
	// 会员信息, 单位成员, 单位账号: each company's own objects (company_test.go checks another's)
	{"GET", "/company", members, false},
	{"POST", "/company", members, false},
	{"POST", "/company/changes", members, false},
	{"GET", "/company/accounts", members, false},
	{"POST", "/company/accounts", members, false},
	{"POST", "/company/accounts/:id/resend", members, false},
	{"POST", "/company/accounts/:id/disable", members, false},
	{"POST", "/company/accounts/:id/enable", members, false},
	{"GET", "/people", members, false},
	{"POST", "/people", members, false},
	{"GET", "/people/:id/edit", members, false},
	{"POST", "/people/:id", members, false},
	{"POST", "/people/:id/delete", members, false},
	{"POST", "/people/:id/consent", members, false},
	{"POST", "/people/:id/sms-marketing", members, false},
	{"GET", "/files/:id", all, false}, // who reads which file: files.MayRead (files_test.go)

	// 会员服务 — 会员晋升
	{"GET", "/promotion", members, false},
	{"GET", "/promotion/apply", members, false},
	{"POST", "/promotion/apply", members, false},
	{"GET", "/promotion/:id", members, false},
	{"POST", "/promotion/:id/resubmit", members, false},
	{"GET", "/verify/:code", all, false},
	{"GET", "/unsubscribe/:token", all, false},
	{"POST", "/unsubscribe/:token", all, false},

	{"GET", "/admin", staff, false},
	// 可视化管理: every widget and its Excel download, for its area's department and 系统管理员.
	{"GET", "/admin/dashboard/levels", membershipStaff, false},
	{"GET", "/admin/dashboard/levels/export", membershipStaff, false},
	{"GET", "/admin/dashboard/members-level", membershipStaff, false},
	{"GET", "/admin/dashboard/members-level/export", membershipStaff, false},
	{"GET", "/admin/dashboard/members-province", membershipStaff, false},
	{"GET", "/admin/dashboard/members-province/export", membershipStaff, false},
	{"GET", "/admin/dashboard/members-category", membershipStaff, false},
	{"GET", "/admin/dashboard/members-category/export", membershipStaff, false},
	{"GET", "/admin/dashboard/members-flow", membershipStaff, false},
	{"GET", "/admin/dashboard/members-flow/export", membershipStaff, false},
	{"GET", "/admin/dashboard/retention", membershipStaff, false},
	{"GET", "/admin/dashboard/retention/export", membershipStaff, false},
	{"GET", "/admin/dashboard/dues-years", financeStaff, false},
	{"GET", "/admin/dashboard/dues-years/export", financeStaff, false},
	{"GET", "/admin/dashboard/dues-curve", financeStaff, false},
	{"GET", "/admin/dashboard/dues-curve/export", financeStaff, false},
	{"GET", "/admin/dashboard/renewal", financeStaff, false},
	{"GET", "/admin/dashboard/renewal/export", financeStaff, false},
	{"GET", "/admin/dashboard/events", eventsStaff, false},
	{"GET", "/admin/dashboard/events/export", eventsStaff, false},
	{"GET", "/admin/dashboard/delivery", infoStaff, false},
	{"GET", "/admin/dashboard/delivery/export", infoStaff, false},
	{"GET", "/admin/dashboard/broadcasts", infoStaff, false},
	{"GET", "/admin/dashboard/broadcasts/export", infoStaff, false},
	{"GET", "/admin/applications", membershipStaff, false},
	{"GET", "/admin/applications/export", membershipStaff, false},
	{"GET", "/admin/applications/:id", membershipStaff, false},
	{"POST", "/admin/applications/:id/paper", membershipStaff, false},
	{"POST", "/admin/applications/:id/approve", membershipStaff, false},
	{"POST", "/admin/applications/:id/reject", membershipStaff, false},
	{"GET", "/admin/changes", membershipStaff, false},
	{"GET", "/admin/directory", membershipStaff, false},
	{"POST", "/admin/directory", membershipStaff, false},
	{"GET", "/admin/changes/:id", membershipStaff, false},
	{"POST", "/admin/changes/:id/approve", membershipStaff, false},
	{"POST", "/admin/changes/:id/reject", membershipStaff, false},
	// 会员管理: the walk's empty forms leave a member as it is (暂停 and 退会 need a reason:
	// 422; 恢复 of a member is a conflict, flashed); the account is disabled, enabled, mailed.
	{"GET", "/admin/members", membershipStaff, false},
	{"GET", "/admin/members/export", membershipStaff, false},
	{"GET", "/admin/members/import", membershipStaff, false},
	{"POST", "/admin/members/import", membershipStaff, false},
	{"GET", "/admin/members/import/template", membershipStaff, false},
	{"GET", "/admin/members/import/:id", membershipStaff, false},
	{"GET", "/admin/members/import/:id/progress", membershipStaff, false},
	{"POST", "/admin/members/import/:id/map", membershipStaff, false},
	{"POST", "/admin/members/import/:id/start", membershipStaff, false},
	{"GET", "/admin/members/:id", membershipStaff, false},
	{"POST", "/admin/members/:id/suspend", membershipStaff, false},
	{"POST", "/admin/members/:id/resume", membershipStaff, false},
	{"POST", "/admin/members/:id/withdraw", membershipStaff, false},
	{"POST", "/admin/members/:id/accounts/:uid/disable", membershipStaff, false},
	{"POST", "/admin/members/:id/accounts/:uid/enable", membershipStaff, false},
	{"POST", "/admin/members/:id/accounts/:uid/reset", membershipStaff, false},
	{"GET", "/admin/promotions", membershipStaff, false},
	{"GET", "/admin/promotions/terms", membershipStaff, false},
	{"POST", "/admin/promotions/terms", membershipStaff, false},
	{"GET", "/admin/promotions/templates", membershipStaff, false},
	{"POST", "/admin/promotions/templates", membershipStaff, false},
	{"GET", "/admin/promotions/:id", membershipStaff, false},
	{"POST", "/admin/promotions/:id/pass", membershipStaff, false},
	{"POST", "/admin/promotions/:id/return", membershipStaff, false},
	{"POST", "/admin/promotions/:id/reject", membershipStaff, false},
	{"POST", "/admin/promotions/:id/ratify", membershipStaff, false},
	{"GET", "/admin/emails", infoStaff, false},
	{"GET", "/admin/emails/export", infoStaff, false},
	{"GET", "/admin/emails/:id", infoStaff, false},
	{"POST", "/admin/emails/:id/resend", infoStaff, false},
	{"GET", "/admin/audit", sysadminOnly, false},
	{"GET", "/admin/audit/export", sysadminOnly, false},
	{"GET", "/admin/sms", infoStaff, false},
	{"GET", "/admin/sms/templates", infoStaff, false},
	{"GET", "/admin/sms/templates/new", infoStaff, false},
	{"POST", "/admin/sms/templates", infoStaff, false},
	{"GET", "/admin/sms/templates/:key", infoStaff, false},
	{"POST", "/admin/sms/templates/:key", infoStaff, false},
	// The gateways' receipt webhooks: anyone may post; the secret in the path decides
	// (an empty form is not a receipt array: 422)
	{"POST", "/sms/receipt/aliyun/:secret", all, false},
	{"POST", "/sms/receipt/tencent/:secret", all, false},
	{"GET", "/admin/campaigns", infoStaff, false},
	{"GET", "/admin/campaigns/new", infoStaff, false},
	{"GET", "/admin/campaigns/count", infoStaff, false},
	{"POST", "/admin/campaigns", infoStaff, false},
	{"GET", "/admin/campaigns/:id", infoStaff, false},
	{"GET", "/admin/campaigns/:id/export", infoStaff, false},
	{"POST", "/admin/campaigns/:id/approve", infoStaff, false},
	{"POST", "/admin/campaigns/:id/pause", infoStaff, false},
	{"POST", "/admin/campaigns/:id/resume", infoStaff, false},
	{"POST", "/admin/campaigns/:id/retry", infoStaff, false},
	{"POST", "/admin/campaigns/:id/cancel", infoStaff, false},
	{"GET", "/admin/suppressions", infoStaff, false},
	{"POST", "/admin/suppressions", infoStaff, false},
	{"POST", "/admin/suppressions/remove", infoStaff, false},
	{"GET", "/admin/mail-templates", infoStaff, false},
	{"GET", "/admin/mail-templates/:kind", infoStaff, false},
	{"POST", "/admin/mail-templates/:kind", infoStaff, false},
	{"GET", "/admin/feedback", infoStaff, false},
	{"GET", "/admin/feedback/:id", infoStaff, false},
	{"POST", "/admin/feedback/:id/read", infoStaff, false},
	{"POST", "/admin/feedback/:id/assign", infoStaff, false},
	{"POST", "/admin/feedback/:id/reply", infoStaff, false},
	{"POST", "/admin/feedback/:id/close", infoStaff, false},
	{"POST", "/admin/feedback/:id/reopen", infoStaff, false},
	{"GET", "/admin/messages", infoStaff, false},
	{"GET", "/admin/messages/new", infoStaff, false},
	{"GET", "/admin/messages/count", infoStaff, false},
	{"POST", "/admin/messages", infoStaff, false},
	{"GET", "/admin/messages/:id", infoStaff, false},
	{"POST", "/admin/messages/:id/retract", infoStaff, false},
	{"POST", "/admin/messages/:id/extend", infoStaff, false},
	{"GET", "/admin/jobs", sysadminOnly, false},
	{"POST", "/admin/jobs/:id/run", sysadminOnly, false},
	{"GET", "/admin/lockouts", sysadminOnly, false},
	{"POST", "/admin/lockouts/unlock", sysadminOnly, false},

	// 财务: 会费标准, 会员缴费管理, invoices, certificates
	{"GET", "/admin/fees", financeStaff, false},
	{"POST", "/admin/fees", financeStaff, false},
	{"GET", "/admin/dues", financeStaff, false},
	{"GET", "/admin/dues/export", financeStaff, false},
	{"POST", "/admin/dues/generate", financeStaff, false},
	{"GET", "/admin/dues/:id", financeStaff, false},
	{"POST", "/admin/dues/:id/confirm", financeStaff, false},
	{"POST", "/admin/dues/:id/reject", financeStaff, false},
	{"POST", "/admin/dues/:id/waive", financeStaff, false},
	{"POST", "/admin/dues/:id/invoice", financeStaff, false},
	{"POST", "/admin/certificates/:id/revoke", financeStaff, false},

	{"GET", "/events", members, false},
	{"GET", "/directory", members, false},
	{"POST", "/directory/people/:id/reveal", members, false},
	{"GET", "/directory/settings", members, false},
	{"POST", "/directory/settings", members, false},
	{"POST", "/directory/brochure", members, false},
	{"POST", "/directory/brochure/remove", members, false},
	{"GET", "/events/:id", members, false},
	{"GET", "/events/:id/tickets/:aid", members, false}, // before the cancel below ends the registration
	{"GET", "/events/:id/register", members, false},
	{"POST", "/events/:id/register", members, false},
	{"GET", "/events/:id/attendees", members, false},
	{"POST", "/events/:id/attendees", members, false},
	{"POST", "/events/:id/cancel", members, false},
	{"POST", "/events/:id/accept", members, false},
	// 参会投稿: members submit; reviewers (external, 会展 staff) score; 会展 staff run the calls
	{"GET", "/events/:id/call", members, false},
	{"GET", "/events/:id/papers/new", members, false},
	{"POST", "/events/:id/papers/new", members, false},
	{"GET", "/papers", members, false},
	{"GET", "/papers/:id", members, false},
	{"GET", "/papers/:id/edit", members, false},
	{"POST", "/papers/:id/edit", members, false},
	{"POST", "/papers/:id/withdraw", members, false},
	{"GET", "/review", reviewers, false},
	{"GET", "/review/papers/:id", reviewers, false},
	{"POST", "/review/papers/:id", reviewers, false},
	{"GET", "/admin/events/:id/papers", eventsStaff, false},
	{"POST", "/admin/events/:id/papers/call", eventsStaff, false},
	{"POST", "/admin/events/:id/papers/release", eventsStaff, false},
	{"GET", "/admin/papers/:id", eventsStaff, false},
	{"POST", "/admin/papers/:id/reviewers", eventsStaff, false},
	{"POST", "/admin/papers/:id/decision", eventsStaff, false},
	{"GET", "/admin/reviewers", eventsStaff, false},
	{"POST", "/admin/reviewers", eventsStaff, false},
	{"GET", "/admin/events", eventsStaff, false},
	{"GET", "/admin/events/new", eventsStaff, false},
	{"POST", "/admin/events/new", eventsStaff, false},
	{"GET", "/admin/events/:id", eventsStaff, false},
	{"GET", "/admin/events/:id/edit", eventsStaff, false},
	{"POST", "/admin/events/:id/edit", eventsStaff, false},
	{"POST", "/admin/events/:id/publish", eventsStaff, false},
	{"POST", "/admin/events/:id/unpublish", eventsStaff, false},
	{"POST", "/admin/events/:id/copy", eventsStaff, false},
	{"POST", "/admin/events/:id/attachments", eventsStaff, false},
	{"GET", "/admin/events/:id/export", eventsStaff, false},
	{"POST", "/admin/events/:id/registrations/:rid/approve", eventsStaff, false},
	{"POST", "/admin/events/:id/registrations/:rid/reject", eventsStaff, false},
	{"POST", "/admin/events/:id/registrations/:rid/cancel", eventsStaff, false},
	{"GET", "/admin/events/:id/checkin", eventsStaff, false},
	{"POST", "/admin/events/:id/checkin", eventsStaff, false},
	{"GET", "/projects", members, false},
	{"GET", "/projects/:id", members, false},
	{"POST", "/projects/:id/remind", members, false},
	{"POST", "/projects/:id/unremind", members, false},
	{"GET", "/admin/projects", eventsStaff, false},
	{"GET", "/admin/projects/new", eventsStaff, false},
	{"POST", "/admin/projects/new", eventsStaff, false},
	{"GET", "/admin/projects/:id", eventsStaff, false},
	{"GET", "/admin/projects/:id/edit", eventsStaff, false},
	{"POST", "/admin/projects/:id/edit", eventsStaff, false},
	{"POST", "/admin/projects/:id/attachments", eventsStaff, false},
	{"POST", "/admin/projects/:id/applications", eventsStaff, false},
	{"POST", "/admin/projects/:id/copy", eventsStaff, false},
	{"POST", "/admin/projects/:id/unpublish", eventsStaff, false},
	{"POST", "/admin/projects/:id/publish", eventsStaff, false},
}

func (r route) key() string { return r.Method + " " + r.Path }

func (r route) allows(role string) bool {
	for _, x := range r.Allowed {
		if x == role {
			return true
		}
	}
	return false
}

// registered lists the app's routes, without the HEAD twins Fiber adds and the middleware.
func registered() map[string]bool {
	out := map[string]bool{}
	for _, r := range env.App.GetRoutes(true) {
		if r.Method == fiber.MethodHead || strings.HasPrefix(r.Path, "/public") {
			continue
		}
		out[r.Method+" "+r.Path] = true
	}
	return out
}

// Every registered route is in the table and every row is a registered route; the table
// agrees with the casbin policy.
func TestRouteTableComplete(t *testing.T) {
	reg := registered()
	inTable := map[string]bool{}
	for _, r := range routeTable {
		if inTable[r.key()] {
			t.Errorf("route %s listed twice in the table", r.key())
		}
		inTable[r.key()] = true
		if !reg[r.key()] {
			t.Errorf("table row %s: no such route is registered", r.key())
		}
	}
	var missing []string
	for k := range reg {
		if !inTable[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("registered route %s is missing from the route × role table", k)
	}
	enf, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routeTable {
		for _, role := range roles {
			if got := enf.Allowed(role, r.Path, r.Method); got != r.allows(role) {
				t.Errorf("%s for %s: policy says allowed=%v, table says %v", r.key(), role, got, r.allows(role))
			}
		}
	}
}

// companyObjects are one member company's dues objects, made through the store as the app
// and the worker make them: a dues row awaiting confirmation (待确认) with one voucher, and a
// confirmed one (已缴费) with its certificate.
type companyObjects struct {
	CompanyID   int64
	PendingDues int64 // next year's dues, 待确认
	VoucherID   int64 // its voucher
	VoucherFile string
	PaidDues    int64 // this year's dues, confirmed
	CertID      int64 // its certificate
	CertFile    string
	CertCode    string
	FeedbackID  int64 // a 反馈信息 item of the company, 未读
	PersonID    int64 // the company's primary contact (单位成员)
	DirPersonID int64 // a consenting person, for 通讯录 显示
	ColleagueID int64 // an invited colleague's account
	PromotionID int64 // an open promotion application (会员晋升) of the company
}

// samplePDF is a small file recognised as PDF by its content.
var samplePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

var (
	fontOnce sync.Once
	fontData []byte
	fontErr  error
)

// issuer is the worker's certificate issuer with the real font.
func issuer(t *testing.T) *certificate.Issuer {
	t.Helper()
	fontOnce.Do(func() { fontData, fontErr = certificate.LoadFont(certificate.DefaultFont) })
	if fontErr != nil {
		t.Fatal(fontErr)
	}
	return &certificate.Issuer{Font: fontData, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
}

func thisYear() int { return calendar.Year(time.Now()) }

// setFees sets a fee for every level of year, so dues can be generated for any member.
func setFees(t *testing.T, year int) {
	t.Helper()
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
		company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(context.Background(), env.DB, dues.Fee{Year: year, Level: l, AmountFen: 200000}); err != nil {
			t.Fatal(err)
		}
	}
}

// ensureDues makes sure the company has a dues row for year and returns it.
func ensureDues(t *testing.T, companyID int64, year int) *dues.Dues {
	t.Helper()
	ctx := context.Background()
	if _, err := dues.EnsureFor(ctx, env.DB, companyID, year); err != nil {
		t.Fatal(err)
	}
	rows, _, err := dues.List(ctx, env.DB, dues.Filter{CompanyID: companyID, Year: year})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("company %d has %d dues rows for %d, want 1", companyID, len(rows), year)
	}
	return &rows[0]
}

// addVoucher stores a PDF voucher of the dues' company and attaches it (the row becomes 待确认).
func addVoucher(t *testing.T, d *dues.Dues, userID int64) *dues.Voucher {
	t.Helper()
	ctx := context.Background()
	f, err := files.Save(ctx, env.DB, d.CompanyID, files.KindVoucher, "转账凭证.pdf", samplePDF, userID)
	if err != nil {
		t.Fatal(err)
	}
	v := &dues.Voucher{FileID: f.ID, TransferDate: time.Now().In(calendar.Zone), AmountFen: d.AmountFen,
		Payer: "测试电路有限公司", CreatedBy: userID}
	if err := dues.AddVoucher(ctx, env.DB, d, v); err != nil {
		t.Fatal(err)
	}
	return v
}

// newCompanyObjects builds the dues objects of a member company; userID is its user (the
// uploader), staffID the staff account confirming the payment.
func newCompanyObjects(t *testing.T, companyID, userID, staffID int64) companyObjects {
	t.Helper()
	ctx := context.Background()
	y := thisYear()
	setFees(t, y)
	setFees(t, y+1)
	o := companyObjects{CompanyID: companyID}

	paid := ensureDues(t, companyID, y)
	paidVoucher := addVoucher(t, paid, userID)
	now := time.Now()
	if _, err := dues.Confirm(ctx, env.DB, paid.ID, staffID, paid.AmountFen, now.In(calendar.Zone), now); err != nil {
		t.Fatal(err)
	}
	if ok, err := issuer(t).Issue(ctx, env.DB, paid.ID, now); err != nil || !ok {
		t.Fatalf("issue the certificate of dues %d: issued=%v, %v", paid.ID, ok, err)
	}
	cs, err := certificate.ForCompany(ctx, env.DB, companyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.DuesID == paid.ID && c.Status == certificate.StatusIssued {
			o.CertID, o.CertFile, o.CertCode = c.ID, c.FileID.String, c.Code
		}
	}
	if o.CertID == 0 || o.CertFile == "" {
		t.Fatalf("no issued certificate with a file for dues %d", paid.ID)
	}
	o.PaidDues = paid.ID
	o.PersonID, o.ColleagueID = companyPeopleObjects(t, companyID, userID)
	o.DirPersonID = directoryPerson(t, companyID, userID)

	pending := ensureDues(t, companyID, y+1)
	v := addVoucher(t, pending, userID)
	// The file to download is the paid year's voucher: the pending one is deleted by the walk,
	// and its file with it.
	o.PendingDues, o.VoucherID, o.VoucherFile = pending.ID, v.ID, paidVoucher.FileID

	it, err := feedback.Submit(ctx, env.DB, companyID, feedback.Draft{Category: feedback.Question, Subject: "会费问题", Body: "请问……"},
		audit.Actor{ID: userID, Name: "member"}, now)
	if err != nil {
		t.Fatal(err)
	}
	o.FeedbackID = it.ID
	o.PromotionID = openPromotion(t, companyID, userID)
	return o
}

// openPromotion makes the company eligible and files a 会员晋升 application for the level
// above its own, through the action, and returns its id.
func openPromotion(t *testing.T, companyID, userID int64) int64 {
	t.Helper()
	ctx := context.Background()
	env.PromotionReady(t, companyID)
	co, err := company.ByID(ctx, env.DB, companyID)
	if err != nil {
		t.Fatal(err)
	}
	level := promotion.Above(co.Level)[0]
	var ups []promotion.Upload
	for _, it := range promotion.Checklist(level) {
		ups = append(ups, promotion.Upload{Item: it.Key, Name: it.Key + ".pdf", Data: samplePDF})
	}
	a, err := promotion.Apply(ctx, env.DB, companyID, promotion.Request{Level: level, RepresentativeID: co.People[0].ID, Materials: ups},
		promotion.DefaultRules, audit.Actor{ID: userID}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// identity is who a role's client is: its user and company (0 for anonymous and staff).
type identity struct{ UserID, CompanyID int64 }

// fixtures are the objects the path parameters point at.
type fixtures struct {
	appID    int64 // an application under review (not the applicant client's own)
	noticeID int64 // a notice for everyone
	// broadcastID is a staff site message to every member (站内信管理).
	broadcastID int64
	emailID     int64
	// campaignID is a 群发邮件 to all members awaiting approval, by no staff client.
	campaignID int64
	changeID   int64 // a key-field change request of a company (会员信息变更)
	// objs holds each role's dues objects: member and council their own company's, staff
	// another company's. Roles without objects (refused on those routes) try the member's.
	objs map[string]companyObjects
	// file is the file each role downloads, one it may read (see newFixtures).
	file map[string]string
	// events holds each role's event fixture (member and council their own registration's).
	events map[string]eventObjects
	// projectID is a published, open 项目申报 project.
	projectID int64
	// papers holds each role's paper (参会投稿): member and council their own company's, the
	// reviewer and 会展 staff one assigned to them.
	papers map[string]int64
	// importID is a 导入会员 waiting for its column mapping.
	importID int64
}

func (f fixtures) of(role string) companyObjects {
	if o, ok := f.objs[role]; ok {
		return o
	}
	return f.objs[mem]
}

// path fills in pattern's parameters with role's objects; ok is false when some parameter
// has no fixture.
func (f fixtures) path(role, pattern string) (p string, ok bool) {
	ok = true
	o := f.of(role)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		var v string
		switch {
		case pattern == "/register/step/:n" && p == ":n":
			v = "1"
		case strings.HasPrefix(pattern, "/messages/") && p == ":id":
			v = id(f.noticeID)
		case strings.HasPrefix(pattern, "/admin/messages/") && p == ":id":
			v = id(f.broadcastID)
		case strings.HasPrefix(pattern, "/admin/applications/") && p == ":id":
			v = id(f.appID)
		case strings.HasPrefix(pattern, "/admin/emails/") && p == ":id":
			v = id(f.emailID)
		case strings.HasPrefix(pattern, "/admin/campaigns/") && p == ":id":
			v = id(f.campaignID)
		case pattern == "/admin/mail-templates/:kind":
			v = "application_approved"
		case strings.HasPrefix(pattern, "/dues/") && p == ":id":
			v = id(o.PendingDues)
		case strings.HasPrefix(pattern, "/dues/") && p == ":vid":
			v = id(o.VoucherID)
		case (strings.HasPrefix(pattern, "/feedback/") || strings.HasPrefix(pattern, "/admin/feedback/")) && p == ":id":
			v = id(o.FeedbackID)
		case strings.HasPrefix(pattern, "/admin/dues/") && p == ":id":
			v = id(o.PendingDues)
		case strings.HasPrefix(pattern, "/admin/certificates/") && p == ":id":
			v = id(o.CertID)
		case (strings.HasPrefix(pattern, "/promotion/") || strings.HasPrefix(pattern, "/admin/promotions/")) && p == ":id":
			v = id(o.PromotionID)
		case pattern == "/files/:id":
			v = f.file[role]
		case pattern == "/verify/:code":
			v = o.CertCode
		case strings.HasPrefix(pattern, "/people/") && p == ":id":
			v = id(o.PersonID)
		case strings.HasPrefix(pattern, "/directory/people/") && p == ":id":
			v = id(o.DirPersonID)
		case strings.HasPrefix(pattern, "/company/accounts/") && p == ":id":
			v = id(o.ColleagueID)
		case strings.HasPrefix(pattern, "/admin/members/import/") && p == ":id":
			v = id(f.importID)
		case strings.HasPrefix(pattern, "/admin/members/") && p == ":id":
			v = id(o.CompanyID)
		case strings.HasPrefix(pattern, "/admin/members/") && p == ":uid":
			v = id(o.ColleagueID)
		case strings.HasPrefix(pattern, "/admin/changes/") && p == ":id":
			v = id(f.changeID)
		case p == ":token":
			v = "no-such-token" // the page says the link is invalid; the guard decides before that
		case (strings.HasPrefix(pattern, "/papers/") || strings.HasPrefix(pattern, "/review/papers/") || strings.HasPrefix(pattern, "/admin/papers/")) && p == ":id":
			v = id(f.paper(role))
		case strings.HasPrefix(pattern, "/events/") && p == ":id", strings.HasPrefix(pattern, "/admin/events/") && p == ":id":
			v = id(f.ev(role).EventID)
		case (strings.HasPrefix(pattern, "/projects/") || strings.HasPrefix(pattern, "/admin/projects/")) && p == ":id":
			v = id(f.projectID)
		case p == ":aid":
			v = id(f.ev(role).AttendeeID)
		case p == ":rid":
			v = id(f.ev(role).RegistrationID)
		case p == ":secret":
			v = testenv.SMSReceiptSecret
		case p == ":key":
			v = "dues_reminder"
		case pattern == "/admin/jobs/:id/run":
			v = "no-such-task" // the handler answers with a flash; the guard decides before that
		}
		if v == "" || v == "0" {
			v, ok = "1", false
		}
		parts[i] = v
	}
	return strings.Join(parts, "/"), ok
}

// roleClients logs in one client per role.
func roleClients(t *testing.T) (map[string]*testenv.Client, map[string]identity) {
	t.Helper()
	ctx := context.Background()
	cs := map[string]*testenv.Client{}
	ids := map[string]identity{}

	a := env.NewClient(t)
	a.IP = "10.2.0.1"
	refreshCSRF(t, a, false)
	cs[anon] = a

	co := testenv.NewCompany()
	ap := env.NewClient(t)
	ap.IP = "10.2.0.2"
	env.Register(t, ap, co)
	ap.Login(co.Username(), testenv.Password)
	refreshCSRF(t, ap, true)
	cs[appl] = ap
	u := user(t, co.Username())
	ids[appl] = identity{u.ID, u.CompanyID}

	m, mco := env.Member(t)
	m.IP = "10.2.0.3"
	refreshCSRF(t, m, true)
	cs[mem] = m
	u = user(t, mco.Username())
	ids[mem] = identity{u.ID, u.CompanyID}

	c, cco := env.Member(t)
	c.IP = "10.2.0.4"
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = (SELECT company_id FROM users WHERE username = ?)`,
		cco.Username()).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	refreshCSRF(t, c, true)
	cs[coun] = c
	u = user(t, cco.Username())
	ids[coun] = identity{u.ID, u.CompanyID}

	// One client per staff department; 系统管理员 is what CreateAdmin makes.
	for i, sub := range staff {
		s := env.NewClient(t)
		s.IP = "10.2.0." + strconv.Itoa(5+i)
		var name string
		if sub == sSys {
			name = env.CreateAdmin(t)
		} else {
			name = env.CreateStaff(t, strings.TrimPrefix(sub, "staff_"))
		}
		s.Login(name, testenv.Password)
		refreshCSRF(t, s, true)
		cs[sub] = s
		ids[sub] = identity{UserID: user(t, name).ID}
	}

	r := env.CreateReviewer(t, 0)
	rc := env.NewClient(t)
	rc.IP = "10.2.0.20"
	rc.Login(r.Username, testenv.Password)
	refreshCSRF(t, rc, true)
	cs[rev] = rc
	ids[rev] = identity{UserID: r.ID}

	// Each client really has its role: it lands where its role starts, staff on the first page
	// of their department.
	for role, cl := range cs {
		if role == anon {
			continue
		}
		r := cl.Get("/")
		want := map[string]string{appl: "/application", mem: "/home", coun: "/home", rev: "/review"}[role]
		if want == "" {
			want = "/admin"
		}
		if r.Location() != want {
			t.Fatalf("%s client lands on %q, want %q", role, r.Location(), want)
		}
		if want != "/admin" {
			continue
		}
		// Staff land on the dashboard (可视化管理) itself, every department.
		if r = cl.Get("/admin"); r.Status != http.StatusOK {
			t.Fatalf("%s client: /admin answers %d %q, want 200", role, r.Status, r.Location())
		}
	}
	return cs, ids
}

func newFixtures(t *testing.T, ids map[string]identity) fixtures {
	t.Helper()
	ctx := context.Background()
	var f fixtures
	co := testenv.NewCompany()
	f.appID = env.Register(t, env.NewClient(t), co)
	var err error
	if f.noticeID, err = notice.Send(ctx, env.DB, 0, "协会通知", "全体会员单位：……"); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.NewRaw(`SELECT id FROM emails ORDER BY id LIMIT 1`).Scan(ctx, &f.emailID); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.NewRaw(`INSERT INTO campaigns (subject, body, status, needs_approval, audience, roles, send_at)
		VALUES ('路由测试群发', '正文', 'awaiting_approval', true, '{"all": true}', '{primary}', now()) RETURNING id`).Scan(ctx, &f.campaignID); err != nil {
		t.Fatal(err)
	}
	b, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "协会通知", Body: "全体会员单位：……",
		Audience: broadcast.Audience{All: true}}, audit.CLI, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f.broadcastID = b.ID

	// Dues, vouchers, files and certificates: the member's and the council's own, and a third
	// company's for staff.
	staffID := ids[sSys].UserID
	f.objs = map[string]companyObjects{
		mem:  newCompanyObjects(t, ids[mem].CompanyID, ids[mem].UserID, staffID),
		coun: newCompanyObjects(t, ids[coun].CompanyID, ids[coun].UserID, staffID),
	}
	_, oco := env.Member(t)
	other := user(t, oco.Username())
	third := newCompanyObjects(t, other.CompanyID, other.ID, staffID)
	for _, sub := range staff {
		f.objs[sub] = third
	}
	f.changeID = changeRequest(t, other.CompanyID, other.ID)
	// Each role downloads a file it may read: its own voucher or certificate, finance staff
	// another company's certificate, the other departments a file published for members, the
	// rest a public one.
	public := publish(t, files.Public, staffID)
	forMembers := publish(t, files.Members, staffID)
	f.file = map[string]string{anon: public, appl: public, mem: f.objs[mem].VoucherFile, coun: f.objs[coun].CertFile,
		sFin: third.CertFile, sSys: third.CertFile, sMem: forMembers, sEvt: forMembers, sInfo: forMembers}
	f.events = newEventObjects(t, ids)
	f.papers = newPaperObjects(t, ids, f)
	f.projectID = newProject(t, false).ID
	imp, err := imports.Upload(context.Background(), env.DB, "a.csv", []byte("企业名称,统一社会信用代码\n甲,91350100M000100Y43\n"), audit.Actor{ID: staffID})
	if err != nil {
		t.Fatal(err)
	}
	f.importID = imp.ID
	return f
}

// publish stores a file the association publishes with visibility and returns its id.
func publish(t *testing.T, visibility string, by int64) string {
	t.Helper()
	f, err := files.SavePublished(context.Background(), env.DB, files.KindPromotionTemplate, visibility, "晋升材料模板.pdf", samplePDF, by)
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// denied tells whether a response is the guard's refusal for role.
func denied(role, method string, r *testenv.Resp) bool {
	switch {
	case r.Status == http.StatusForbidden || r.Status == http.StatusUnauthorized:
		return true
	case role == anon && r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location(), "/login?next="):
		return true
	case role == appl && method == http.MethodGet && r.Status == http.StatusSeeOther && r.Location() == "/application":
		return true
	}
	return false
}

// Every route × role: a real request with real ids and the role's CSRF token. Member and
// council use objects of their own company, staff another company's. The posts carry empty
// forms: staff's dues actions answer 422 and change nothing; the member's voucher delete
// really deletes (it is the last request on that voucher).
func TestRouteRoleMatrix(t *testing.T) {
	cs, ids := roleClients(t)
	f := newFixtures(t, ids)
	rows := append([]route(nil), routeTable...)
	// Logging out ends the client's session: do it last.
	sort.SliceStable(rows, func(i, j int) bool { return rows[j].Path == "/logout" && rows[i].Path != "/logout" })
	for _, role := range roles {
		c := cs[role]
		for _, rt := range rows {
			p, ok := f.path(role, rt.Path)
			if !ok {
				t.Errorf("%s as %s: no fixture for a path parameter", rt.key(), role)
				continue
			}
			var r *testenv.Resp
			if rt.Path == "/metrics" {
				// Not a page for a session: the handler wants loopback or the scrape token.
				req, _ := http.NewRequest(http.MethodGet, "http://cpca.test"+p, nil)
				req.Header.Set("Authorization", "Bearer "+env.Cfg.MetricsToken)
				r = c.Do(req)
			} else if rt.Method == http.MethodGet {
				r = c.Get(p)
			} else {
				r = c.Post(p, url.Values{})
			}
			isDenied := denied(role, rt.Method, r)
			if rt.allows(role) {
				if isDenied && !(role == appl && rt.SendsApplicantOn && r.Status == http.StatusSeeOther) {
					t.Errorf("%s %s as %s: allowed by the table but refused: %d %s", rt.Method, p, role, r.Status, r.Location())
				}
				switch r.Status {
				case http.StatusOK, http.StatusSeeOther, http.StatusUnprocessableEntity:
				default:
					t.Errorf("%s %s as %s: status %d, want 200, 303 or 422", rt.Method, p, role, r.Status)
				}
				if rt.Path == "/files/:id" && !strings.HasPrefix(r.Body, "%PDF-") {
					t.Errorf("%s as %s: the download is not the stored PDF", p, role)
				}
			} else if !isDenied {
				t.Errorf("%s %s as %s: refused by the table but got %d %s", rt.Method, p, role, r.Status, r.Location())
			}
			if r.Status == http.StatusForbidden && strings.Contains(r.Body, "页面已过期") {
				t.Fatalf("%s %s as %s: CSRF token refused; the test lost the session's token", rt.Method, p, role)
			}
		}
	}
	// The owners' voucher deletes did their work; staff's company's voucher, never posted to
	// by its owner, is still there.
	for role, want := range map[string]int{mem: 0, coun: 0, sSys: 1} {
		o := f.objs[role]
		if n := countRows(t, `SELECT count(*) FROM vouchers WHERE id = ?`, o.VoucherID); n != want {
			t.Errorf("voucher of %s's fixture company: %d rows after the walk, want %d", role, n, want)
		}
	}
}

func countRows(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// companyState is everything of a company's dues in the database, as text to compare.
func companyState(t *testing.T, companyID int64) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT coalesce(json_agg(x ORDER BY x.id)::text, '[]') FROM dues x WHERE x.company_id = ?`,
		`SELECT coalesce(json_agg(x ORDER BY x.id)::text, '[]') FROM vouchers x JOIN dues d ON d.id = x.dues_id WHERE d.company_id = ?`,
		`SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'name', x.name, 'sha256', encode(x.sha256, 'hex')) ORDER BY x.id)::text, '[]')
			FROM files x WHERE x.company_id = ?`,
		`SELECT coalesce(json_agg(x ORDER BY x.id)::text, '[]') FROM certificates x WHERE x.company_id = ?`,
		`SELECT coalesce(json_agg(x)::text, '[]') FROM invoice_profiles x WHERE x.company_id = ?`,
	} {
		var s string
		if err := env.DB.NewRaw(q, companyID).Scan(context.Background(), &s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// A member of company A reaches none of company B's dues, vouchers or files by id: every
// request answers 404, as for a missing object, and nothing of B's changes. The same
// requests on A's own objects succeed, so the 404 is the ownership check, not bad input.
func TestCrossCompanyObjects(t *testing.T) {
	ctx := context.Background()
	staffID := user(t, env.CreateAdmin(t)).ID
	a, aco := env.Member(t)
	a.IP = "10.2.1.1"
	_, bco := env.Member(t)
	ua, ub := user(t, aco.Username()), user(t, bco.Username())
	own := newCompanyObjects(t, ua.CompanyID, ua.ID, staffID)
	b := newCompanyObjects(t, ub.CompanyID, ub.ID, staffID)
	refreshCSRF(t, a, true)

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	today := calendar.Format(time.Now())
	voucher := map[string]string{"transfer_date": today, "amount": "2000.00", "payer": "测试电路有限公司", "note": "会费"}
	invoice := url.Values{"type": {dues.InvoiceNormal}, "title": {aco.Step1.Get("name")}, "tax_no": {aco.Step1.Get("uscc")},
		"email": {"finance@example.com"}}
	type request struct {
		name string
		do   func(o companyObjects) *testenv.Resp
	}
	requests := []request{
		{"GET /dues/:id/voucher", func(o companyObjects) *testenv.Resp { return a.Get("/dues/" + id(o.PendingDues) + "/voucher") }},
		{"GET /dues/:id/invoice", func(o companyObjects) *testenv.Resp { return a.Get("/dues/" + id(o.PaidDues) + "/invoice") }},
		{"POST /dues/:id/voucher", func(o companyObjects) *testenv.Resp {
			return a.PostMultipart("/dues/"+id(o.PendingDues)+"/voucher", voucher,
				map[string][]byte{"file": samplePDF}, map[string]string{"file": "转账凭证.pdf"})
		}},
		{"POST /dues/:id/invoice", func(o companyObjects) *testenv.Resp {
			return a.Post("/dues/"+id(o.PaidDues)+"/invoice", invoice)
		}},
		{"POST /dues/:id/vouchers/:vid/delete", func(o companyObjects) *testenv.Resp {
			return a.Post("/dues/"+id(o.PendingDues)+"/vouchers/"+id(o.VoucherID)+"/delete", nil)
		}},
		{"GET /files/:id (voucher)", func(o companyObjects) *testenv.Resp { return a.Get("/files/" + o.VoucherFile) }},
		{"GET /files/:id (certificate)", func(o companyObjects) *testenv.Resp { return a.Get("/files/" + o.CertFile) }},
	}

	before := companyState(t, ub.CompanyID)
	for _, rq := range requests {
		r := rq.do(b)
		if r.Status == http.StatusForbidden && strings.Contains(r.Body, "页面已过期") {
			t.Fatalf("%s: CSRF token refused; the test lost the session's token", rq.name)
		}
		if r.Status != http.StatusNotFound {
			t.Errorf("%s on company B's object as company A: status %d %s, want 404", rq.name, r.Status, r.Location())
		}
		if strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("%s on company B's object as company A: got B's file", rq.name)
		}
	}
	// B's voucher through A's own dues row (pending, so only the ownership of the voucher stops it).
	r := a.Post("/dues/"+id(own.PendingDues)+"/vouchers/"+id(b.VoucherID)+"/delete", nil)
	if r.Status != http.StatusNotFound {
		t.Errorf("delete B's voucher through A's own dues row: status %d %s, want 404", r.Status, r.Location())
	}
	if after := companyState(t, ub.CompanyID); after != before {
		t.Errorf("company A's requests changed company B's data:\nbefore %s\nafter  %s", before, after)
	}
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE actor_id = ? AND action LIKE 'dues.%'`, ua.ID); n != 0 {
		t.Errorf("company A's refused requests left %d audit entries", n)
	}

	// The control: the same requests on A's own objects succeed.
	for _, rq := range requests {
		r := rq.do(own)
		if r.Status != http.StatusOK && r.Status != http.StatusSeeOther {
			t.Errorf("%s on company A's own object: status %d %s %s", rq.name, r.Status, r.Doc.Find(".error").Text(), r.Text(".flash.err"))
		}
		if r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location(), "/dues") {
			if fl := a.Get(r.Location()).Text(".flash.err"); fl != "" {
				t.Errorf("%s on company A's own object: %s", rq.name, fl)
			}
		}
	}
	d, err := dues.Get(ctx, env.DB, own.PaidDues, ua.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	if d.InvoiceStatus != dues.InvoiceRequested {
		t.Errorf("A's own invoice request: invoice status %s, want %s", d.InvoiceStatus, dues.InvoiceRequested)
	}
	if n := countRows(t, `SELECT count(*) FROM vouchers WHERE id = ?`, own.VoucherID); n != 0 {
		t.Errorf("A's own voucher delete: the voucher is still there")
	}
}
