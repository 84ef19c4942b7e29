// Package browserfeedback drives 反馈信息 and 反馈建议管理 end to end in Debian's Chromium: a
// member submits feedback with an attachment (after the field errors), 信息 staff find it in
// the queue with the inline filters, open it, take a canned reply into the reply box and ask
// for more; the member sees the new reply flagged, reads it and answers. With CPCA_SHOTS=1
// it saves screenshots (desktop and 390 px) into shots/ at the repository root.
package browserfeedback

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpca/internal/feedback"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_feedback", &env) }

const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// TestMemberFeedbackStaffReply is manual 2.4.1 and the staff's 反馈建议管理.
func TestMemberFeedbackStaffReply(t *testing.T) {
	b := browserenv.Start(t, env.App, 100*time.Second)
	b.FailPrefix = "FAILED-feedback-"
	ctx := context.Background()

	staffName := env.CreateStaff(t, "info")
	_, co := env.Member(t)
	dir := t.TempDir()
	shot := filepath.Join(dir, "页面截图.pdf")
	if err := os.WriteFile(shot, []byte(pdf), 0o644); err != nil {
		t.Fatal(err)
	}

	// ---- 反馈信息, as the member ------------------------------------------------------------
	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.At("open 反馈信息 from the menu")
	m.ClickTextAndLoad("nav.menu a", "^反馈信息$")
	m.ElText("h1", "反馈信息")
	m.ElText("#feedback-list p.empty", "暂无反馈")

	m.At("提交反馈 without a subject")
	m.ClickTextAndLoad("main a", "^提交反馈$")
	m.Choose("#f-category", "咨询")
	m.Fill("#f-body", "<b>发票</b>抬头能否开具分公司名称？\n如需材料请告知。")
	m.ClickTextAndLoad("main button", "^提交$")
	if msg := m.Text(".field.invalid #e-subject"); !strings.Contains(msg, "请填写主题") {
		m.Fail("the error next to 主题 reads %q", msg)
	}
	if v := m.Value("#f-body"); !strings.Contains(v, "如需材料请告知") {
		m.Fail("the form lost the text: %q", v)
	}
	m.Shot("feedback-01-member-errors")

	m.At("提交反馈 with an attachment")
	m.Fill("#f-subject", "会费发票抬头")
	m.Files("#f-files", shot)
	m.ClickTextAndLoad("main button", "^提交$")
	m.ElText(".flash", "反馈已提交")
	m.ElText("#feedback-status", "^未读$")
	m.ElText(".thread .files a", "页面截图.pdf")
	if html := m.Text(".thread .prose"); !strings.Contains(html, "<b>发票</b>抬头") {
		m.Fail("the text is not shown as typed (escaped): %q", html)
	}
	if m.EvalBool(`() => document.querySelector('.thread .prose b') !== null`) {
		m.Fail("the member's HTML was rendered as markup")
	}
	m.CheckConsole()

	// ---- 反馈建议管理, as 信息 staff ----------------------------------------------------------
	s := b.NewTab(t, "信息部")
	s.At("staff login")
	s.Login(staffName)
	s.ClickTextAndLoad("nav.menu a", "^反馈建议管理$")
	s.ElText("h1", "反馈建议管理")
	s.At("filter the queue by 类别 and 状态")
	s.MarkWindow()
	s.Choose("#f-category", "咨询")
	s.WaitJS("category in the address bar", `() => new URLSearchParams(location.search).get('category') === 'question'`)
	s.Choose("#f-status", "未读")
	s.WaitJS("status in the address bar", `() => new URLSearchParams(location.search).get('status') === 'unread'`)
	s.ElText("#admin-feedback tbody a", "会费发票抬头")
	s.Choose("#f-status", "已关闭")
	s.ElText("#admin-feedback p.empty", "没有符合条件的反馈")
	s.Choose("#f-status", "未读")
	if !s.SameDocument() {
		s.Fail("the filters reloaded the page: htmx did not update the queue in place")
	}
	s.Shot("feedback-10-staff-queue")
	s.PhoneShot("feedback-11-staff-queue-phone")

	s.At("open the item: it is read")
	s.ClickTextAndLoad("#admin-feedback tbody a", "会费发票抬头")
	s.ElText("h1", "会费发票抬头")
	var itemID int64
	if err := env.DB.NewRaw(`SELECT id FROM feedback WHERE subject = '会费发票抬头'`).Scan(ctx, &itemID); err != nil {
		t.Fatal(err)
	}
	s.WaitJS("the read mark posted", `() => true`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		it, err := feedback.Get(ctx, env.DB, itemID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if it.Status == feedback.Read {
			break
		}
		if time.Now().After(deadline) {
			s.Fail("opening the item did not mark it 已读 (status %s)", it.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}

	s.At("take a canned reply, ask for more")
	s.Choose("#f-canned", "请补充材料")
	s.WaitJS("the canned reply in the box", `() => document.querySelector('#f-body').value.includes('为便于核实')`)
	s.Fill("#f-body", "您好，可以开具分公司名称的发票。\n请补充分公司的税号。")
	s.Click(s.El(`input[name="state"][value="waiting"]`), "待补充")
	s.Shot("feedback-12-staff-reply")
	s.ClickTextAndLoad("#reply-form button", "^发送$")
	s.ElText(".flash", "已回复")
	s.ElText("#feedback-status", "^待补充$")
	s.CheckConsole()

	// ---- the member reads the reply ---------------------------------------------------------
	m.At("the reply is flagged on 反馈信息")
	m.ClickTextAndLoad("nav.menu a", "^反馈信息$")
	m.ElText("#feedback-list .badge.info", "新回复")
	m.ClickTextAndLoad("#feedback-list a", "会费发票抬头")
	m.ElText(".thread .msg.staff", "请补充分公司的税号")
	m.ElText(".thread .msg.staff b", "协会回复")
	m.ElText("#feedback-status", "^待补充$")
	m.Shot("feedback-02-member-reply")
	m.PhoneShot("feedback-03-member-reply-phone")
	m.At("answer the request")
	m.Fill("#f-body", "税号：91440300MA5D00001X")
	m.ClickTextAndLoad("main form[action$='/messages'] button", "^发送$")
	m.ElText(".flash", "已补充")
	m.ElText("#feedback-status", "^处理中$")
	m.CheckConsole()
	it, err := feedback.Get(ctx, env.DB, itemID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if it.MemberUnread || !it.StaffUnread {
		t.Errorf("after the member read and answered: member_unread %v staff_unread %v", it.MemberUnread, it.StaffUnread)
	}
}
