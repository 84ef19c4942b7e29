// Package browserpromotion drives 会员晋升 end to end in Debian's Chromium against the real
// app: a member applies for 理事单位 (the level select reloads the checklist in place) and
// uploads its materials, 会员部 passes 初审 (hx-confirm) and records the ratification, and the
// member sees 理事单位 on 待办事项 and downloads the re-issued certificate. With CPCA_SHOTS=1
// it saves screenshots into shots/ at the repository root.
package browserpromotion

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/promotion"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

// TestMain lets every member hold a 理事单位 seat: the test database has two members, whose
// third (the default quota) is no seat at all.
func TestMain(m *testing.M) {
	os.Setenv("CPCA_PROMOTION_COUNCIL_SHARE", "1/1")
	testenv.Run(m, "browser_promotion", &env)
}

const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func TestApplyRatifyCouncil(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-promotion-"
	bg := context.Background()

	// An eligible member company with this year's certificate, a term, published templates.
	staffHTTP := env.NewClient(t)
	staffHTTP.Login(env.CreateAdmin(t), testenv.Password)
	co := testenv.NewCompany()
	env.Approve(t, staffHTTP, env.Register(t, env.NewClient(t), co))
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	duesID := env.PromotionReady(t, u.CompanyID)
	font, err := certificate.LoadFont(certificate.DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	is := &certificate.Issuer{Font: font, Association: certificate.Association, BaseURL: env.Cfg.BaseURL}
	if _, err := is.Issue(bg, env.DB, duesID, time.Now()); err != nil {
		t.Fatal(err)
	}
	env.Term(t)
	if _, err := promotion.PublishTemplate(bg, env.DB, company.LevelCouncil, "理事单位申请表", "申请表.pdf", []byte(minimalPDF), audit.CLI); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := map[string]string{}
	for _, it := range promotion.Checklist(company.LevelCouncil) {
		p := filepath.Join(dir, it.Key+".pdf")
		if err := os.WriteFile(p, []byte(minimalPDF), 0o600); err != nil {
			t.Fatal(err)
		}
		paths[it.Key] = p
	}
	resolution := filepath.Join(dir, "理事会决议.pdf")
	if err := os.WriteFile(resolution, []byte(minimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}

	// ---- 申请晋升, as the member ----------------------------------------------------------
	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.At("open 会员晋升 from the menu")
	m.ClickTextAndLoad("nav.menu a", "^会员晋升$")
	m.ElText("h1", "会员晋升")
	m.ElText("#current-level", "会员单位")
	m.ElText("main", "理事单位申请表")
	m.Shot("promotion-01-member")
	m.ClickTextAndLoad("a#apply", "申请晋升")
	m.At("choose 理事单位: the checklist appears in place")
	m.MarkWindow()
	m.Choose("#f-level", "理事单位")
	m.El(`input[name="file_license"]`)
	if !m.SameDocument() {
		m.Fail("choosing the level reloaded the page")
	}
	for key, p := range paths {
		m.Files(`input[name="file_`+key+`"]`, p)
	}
	m.Shot("promotion-02-apply")
	m.ClickTextAndLoad("button#submit-promotion", "提交申请")
	m.ElText(".flash", "晋升申请已提交")
	m.ElText("#promotion-status", "待初审")
	m.CheckConsole()

	// ---- 晋升审核, as 会员部 ---------------------------------------------------------------
	s := b.NewTab(t, "会员部")
	s.At("staff login")
	s.Login(env.CreateStaff(t, account.StaffMembership))
	s.ClickTextAndLoad("nav.menu a", "^晋升审核$")
	s.ElText("h1", "晋升审核")
	s.El(".seats-left")
	s.MarkWindow()
	s.Choose("#f-status", "待初审")
	s.WaitJS("status in the address bar", `() => new URLSearchParams(location.search).get('status') === 'submitted'`)
	if !s.SameDocument() {
		s.Fail("the filter reloaded the page")
	}
	s.Shot("promotion-10-queue")
	s.ClickTextAndLoad("#promotions a", "^审核$")
	s.ElText("main", "营业执照副本")
	s.At("pass 初审")
	s.ConfirmClickAndLoad(s.El("button#pass"), "确定通过初审")
	s.ElText(".flash", "已通过初审")
	s.ElText("#promotion-status", "初审通过")
	s.At("record the ratification without quorum: refused next to the form")
	s.Fill(`input[name="session"]`, "第五届理事会第三次会议")
	s.Fill(`input[name="expected"]`, "30")
	s.Fill(`input[name="present"]`, "12")
	s.Fill(`input[name="yes"]`, "12")
	s.Fill(`input[name="no"]`, "0")
	s.Fill(`input[name="abstain"]`, "0")
	s.Files(`input[name="resolution"]`, resolution)
	s.ConfirmClick(s.El("button#ratify"), "确定记录该批准决议")
	s.ElText("#ratify-error", "未达到法定人数")
	if v := s.Value(`input[name="session"]`); v != "第五届理事会第三次会议" {
		s.Fail("the refused form lost the session: %q", v)
	}
	s.At("record it with quorum and majority")
	s.Fill(`input[name="present"]`, "26")
	s.Fill(`input[name="yes"]`, "22")
	s.Fill(`input[name="no"]`, "2")
	s.Fill(`input[name="abstain"]`, "2")
	s.Files(`input[name="resolution"]`, resolution)
	s.Shot("promotion-11-ratify")
	s.ConfirmClickAndLoad(s.El("button#ratify"), "确定记录该批准决议")
	s.ElText(".flash", "已记录批准决议")
	s.ElText("#promotion-status", "已批准")
	s.CheckConsole()

	// The worker re-issues the certificate with the new level (run here as the worker would).
	if ok, err := is.Issue(bg, env.DB, duesID, time.Now()); err != nil || !ok {
		t.Fatalf("re-issue: %v %v", ok, err)
	}

	// ---- the member's next request: 理事单位 on 待办事项, the new certificate ----------------
	m.At("待办事项 shows 理事单位")
	m.ClickTextAndLoad("nav.menu a", "^待办事项$")
	m.ElText(".kv", "理事单位")
	m.Shot("promotion-03-home-council")
	m.PhoneShot("promotion-04-home-council-phone")
	m.At("会员证书 offers the new certificate")
	m.ClickTextAndLoad("nav.menu a", "^会员证书$")
	m.ElText("main", "理事单位")
	cs, err := certificate.ForCompany(bg, env.DB, u.CompanyID)
	if err != nil || len(cs) == 0 || cs[0].Level != company.LevelCouncil || cs[0].Status != certificate.StatusIssued {
		t.Fatalf("certificates after ratification: %+v %v", cs, err)
	}
	d := m.Fetch("/files/" + cs[0].FileID.String)
	if d.Status != 200 || !strings.HasPrefix(string(d.Data), "%PDF-") {
		m.Fail("certificate download: %d", d.Status)
	}
}
