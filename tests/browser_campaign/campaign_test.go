// Package browsercampaign drives 邮件管理 › 群发邮件 in Debian's Chromium against the real app
// with the real worker running in-process (as cpca serve runs it) and an in-process SMTP
// server: staff compose a campaign to the 主要联系人 of 理事单位, watch the live count, preview
// it, send it, and see the delivery rows turn 已发送; the messages arrive at the SMTP server.
// With CPCA_SHOTS=1 it saves screenshots into shots/.
package browsercampaign

import (
	"context"
	"strings"
	"testing"
	"time"

	"cpca/internal/mail"
	"cpca/internal/system"
	"cpca/tests/browserenv"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_campaign", &env) }

func TestComposeSendSeeDelivered(t *testing.T) {
	d := smtpsink.Start(t)
	snd, err := mail.NewSMTPSender(d.URL())
	if err != nil {
		t.Fatal(err)
	}
	w, err := env.Sys.Worker(system.WithSender(snd))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() { stop(); <-done })

	c1, c2 := testenv.Name("lead")+"@example.com", testenv.Name("lead")+"@qq.com"
	plain := testenv.Name("plain") + "@example.com"
	testenv.SeedCompany(t, env.DB, "council", testenv.Contact{Name: "王理事", Email: c1, Primary: true},
		testenv.Contact{Name: "财务", Email: testenv.Name("fin") + "@example.com", Finance: true})
	testenv.SeedCompany(t, env.DB, "council", testenv.Contact{Name: "李理事", Email: c2, Primary: true})
	testenv.SeedCompany(t, env.DB, "member", testenv.Contact{Name: "普通会员", Email: plain, Primary: true})

	b := browserenv.Start(t, env.App, 100*time.Second)
	b.FailPrefix = "FAILED-campaign-"
	s := b.NewTab(t, "工作人员")
	s.At("login")
	s.Login(env.CreateStaff(t, "info"))
	s.Open("/admin/emails")
	s.ClickTextAndLoad("nav.tabs a", "^群发邮件$")
	s.ClickTextAndLoad("main a.button", "^新建群发邮件$")
	s.At("compose")
	s.Fill("#f-subject", "{{企业名称}}：理事会会议通知")
	s.Fill("#f-body", "{{联系人}}，您好：\n\n理事会会议定于下月召开，请拨冗出席。")
	s.Click(s.El(`input[name="levels"][value="council"]`), "理事单位")
	s.WaitJS("the live count", `() => /收件地址（已去重）：\s*2/.test(document.querySelector('#campaign-count').textContent)`)
	s.Shot("campaign-01-compose")
	s.At("preview")
	s.ClickTextAndLoad("main button", "^预览$")
	s.ElText("#preview-body", "王理事|李理事")
	if body := s.Text("#preview-body"); strings.Contains(body, "{{") || !strings.Contains(body, "/unsubscribe/") {
		s.Fail("preview not rendered for a recipient: %q", body)
	}
	s.At("preview another recipient")
	other, who := c2, "李理事"
	if strings.Contains(s.Text("#preview-body"), "李理事") {
		other, who = c1, "王理事"
	}
	s.MarkWindow()
	s.Choose("#f-preview-to", other)
	s.WaitJS("the preview for the recipient picked", `() => document.querySelector('#preview-body').textContent.includes('`+who+`')`)
	if !s.SameDocument() {
		s.Fail("picking a recipient reloaded the page")
	}
	s.Shot("campaign-02-preview")
	s.At("send")
	s.ClickTextAndLoad("main button", "^发送$")
	s.ElText(".flash", "开始发送")
	url := s.URL()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.Open(strings.TrimPrefix(url, b.Base))
		if s.EvalBool(`() => [...document.querySelectorAll('#deliveries .badge.delivery')].filter(e => e.textContent.trim() === '已发送').length === 2`) {
			break
		}
		if time.Now().After(deadline) {
			s.Fail("the delivery rows did not turn 已发送")
		}
		time.Sleep(500 * time.Millisecond)
	}
	s.ElText("#campaign-state", "^已完成$")
	s.Shot("campaign-03-delivered")
	s.At("a transactional template: preview, save, history")
	s.ClickTextAndLoad("nav.tabs a", "^邮件模板$")
	s.ClickTextAndLoad("main a[href='/admin/mail-templates/application_approved']", "^编辑$")
	s.Fill("#f-body", "尊敬的会员单位：\n\n{{正文}}\n\n{{未知}}")
	s.ClickTextAndLoad("main button", "^预览$")
	s.ElText(".field.invalid .error", "未知变量")
	s.Fill("#f-body", "尊敬的会员单位：\n\n{{正文}}\n\n协会秘书处")
	s.ClickTextAndLoad("main button", "^预览$")
	s.ElText("#preview pre", "审核成功")
	s.Fill("#f-note", "加入称呼")
	s.ClickTextAndLoad("main button", "^保存为新版本$")
	s.ElText(".flash", "第 1 版")
	s.ElText("table td", "加入称呼")
	s.Shot("campaign-04-template")
	s.ClickTextAndLoad("nav.tabs a", "^退订/退信名单$")
	s.Shot("campaign-05-suppressions")
	s.CheckConsole()
	if len(d.To(c1)) != 1 || len(d.To(c2)) != 1 || len(d.To(plain)) != 0 {
		t.Fatalf("SMTP server got %d/%d for the council contacts and %d for the plain member", len(d.To(c1)), len(d.To(c2)), len(d.To(plain)))
	}
	if m := d.To(c1)[0]; !strings.Contains(m.Subject, "理事会会议通知") || !strings.Contains(m.Body, "王理事，您好") || m.Header.Get("List-Unsubscribe") == "" {
		t.Fatalf("received %q\n%s", m.Subject, m.Body)
	}
}
