// Package browsermessages drives 站内信管理 and 站内信息 in Debian's Chromium against the real
// app: staff compose an important message for 理事单位 only, watching the live recipient
// count and the preview; a council member finds it pinned on 待办事项, opens it, and the menu
// badge drops without a reload; a plain member never sees it. With CPCA_SHOTS=1 it saves
// screenshots into shots/.
package browsermessages

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/broadcast"
	"cpca/internal/company"
	"cpca/internal/notice"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_messages", &env) }

func TestImportantMessageToCouncilOnly(t *testing.T) {
	b := browserenv.Start(t, env.App, 100*time.Second)
	b.FailPrefix = "FAILED-messages-"
	ctx := context.Background()

	_, plainCo := env.Member(t)
	_, councilCo := env.Member(t)
	cu, err := account.ByUsername(ctx, env.DB, councilCo.Username())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = ? WHERE id = ?`, company.LevelCouncil, cu.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	want, err := broadcast.Count(ctx, env.DB, broadcast.Audience{Levels: []string{company.LevelCouncil}})
	if err != nil {
		t.Fatal(err)
	}
	title := "理事会会议通知" + strconv.FormatInt(time.Now().UnixNano()%100000, 10)

	s := b.NewTab(t, "信息部")
	s.At("staff log in and open 站内信管理")
	s.Login(env.CreateStaff(t, account.StaffInfo))
	s.Open("/admin/messages")
	s.ClickTextAndLoad("a.button", "^发送站内信$")
	s.At("compose with the audience builder")
	s.Fill("#f-title", title)
	s.Fill("#f-body", "各理事单位：\n\n会议议程见 https://www.cpca.org.cn/ 。\n<b>请准时参加</b>")
	s.Click(s.El(`input[name=important]`), "重要")
	s.Click(s.El(`input[name=levels][value=council]`), "理事单位")
	s.ElText("#recipient-count", "将发送给 "+strconv.Itoa(want)+" 家会员单位")
	s.At("attach the agenda (PDF, checked by content)")
	agenda := filepath.Join(t.TempDir(), "会议议程.pdf")
	if err := os.WriteFile(agenda, []byte("%PDF-1.4\n会议议程\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Files("#f-file", agenda)
	s.ClickTextAndLoad("button", "^上传附件$")
	s.ElText("#attachments label a", "会议议程.pdf")
	if v := s.Value("#f-title"); v != title {
		s.Fail("uploading lost the title: %q", v)
	}
	s.ElText("#recipient-count", "将发送给 "+strconv.Itoa(want)+" 家会员单位")
	s.Shot("messages-compose")
	s.PhoneShot("messages-compose-phone")
	s.At("preview")
	s.ClickTextAndLoad("button", "^预览$")
	s.ElText("#preview a", "cpca.org.cn")
	s.ElText("#preview .attachments a", "会议议程.pdf")
	s.Shot("messages-preview")
	if !strings.Contains(s.Text("#preview"), "<b>请准时参加</b>") {
		s.Fail("the preview does not show typed markup as text: %q", s.Text("#preview"))
	}
	if v := s.Value("#f-title"); v != title {
		s.Fail("the preview lost the title: %q", v)
	}
	s.At("send")
	s.ClickTextAndLoad("button", "^发送$")
	s.ElText(".flash", "站内信已发送给 "+strconv.Itoa(want)+" 家会员单位")
	s.ElText("main table td", "理事单位")
	s.Shot("messages-staff-detail")
	s.CheckConsole()

	c := b.NewTab(t, "理事单位")
	c.At("the council member's 待办事项")
	c.Login(councilCo.Username())
	c.Open("/home")
	c.ElText("#pinned a", title)
	before, err := notice.Unread(ctx, env.DB, cu.ID, cu.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	c.ElText("#unread-badge", "^"+strconv.Itoa(before)+"$")
	c.Shot("messages-home-pinned")
	c.PhoneShot("messages-home-pinned-phone")
	c.At("open it: read on open, the badge follows without a reload")
	c.ClickTextAndLoad("#pinned a", title)
	c.MarkWindow()
	c.ElText("#read-state", "^已读$")
	c.WaitJS("the badge drops", `() => document.querySelector('#unread-badge').textContent.trim() === '`+strconv.Itoa(before-1)+`' || (`+strconv.Itoa(before-1)+` === 0 && document.querySelector('#unread-badge').hidden)`)
	if !c.SameDocument() {
		c.Fail("the page reloaded")
	}
	if c.EvalBool(`() => !!document.querySelector('.prose b')`) {
		c.Fail("typed markup became HTML in the message")
	}
	c.At("download the attachment")
	link := c.ElText(".attachments a", "会议议程.pdf")
	href := c.Attr(link, "href")
	if d := c.Fetch(href); d.Status != 200 || !strings.HasPrefix(string(d.Data), "%PDF-") || !strings.Contains(d.Disposition, "attachment") {
		c.Fail("attachment download: %d %q %q", d.Status, d.ContentType, d.Disposition)
	}
	c.Shot("messages-read")
	c.PhoneShot("messages-read-phone")
	c.Open("/home")
	if c.EvalBool(`() => !!document.querySelector('#pinned')`) {
		c.Fail("still pinned after reading")
	}
	c.CheckConsole()

	p := b.NewTab(t, "会员单位")
	p.At("a plain member does not see it")
	p.Login(plainCo.Username())
	p.Open("/home")
	if p.EvalBool(`() => !!document.querySelector('#pinned')`) || strings.Contains(p.Text("main"), title) {
		p.Fail("a plain member sees the council message")
	}
	p.Open("/messages")
	if strings.Contains(p.Text("main"), title) {
		p.Fail("a plain member's 站内信息 lists the council message")
	}
	if d := p.Fetch(href); d.Status != 404 {
		p.Fail("a plain member downloads the council message's attachment: %d", d.Status)
	}
	p.CheckConsole()
}
