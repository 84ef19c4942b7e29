// Package browserdirectory drives 通讯录 in Debian's Chromium against the real app: a member
// searches the directory by a fragment of a name (htmx, no reload) and sees the consenting
// contact with the mobile masked and no 显示, and never the contact without consent; a
// council member clicks 显示 and the full number is swapped in. With CPCA_SHOTS=1 it saves
// screenshots into shots/.
package browserdirectory

import (
	"bytes"
	"context"
	"image"
	stdpng "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/people"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_directory", &env) }

func companyOf(t *testing.T, co testenv.Company) int64 {
	t.Helper()
	var id int64
	if err := env.DB.NewRaw(`SELECT company_id FROM users WHERE username = ?`, co.Username()).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMemberSearchesAndSeesMaskedContacts(t *testing.T) {
	b := browserenv.Start(t, env.App, 90*time.Second)
	b.FailPrefix = "FAILED-directory-"
	bg := context.Background()
	_, target := env.Member(t)
	tid := companyOf(t, target)
	by := audit.Actor{Name: "test"}
	p, fe, err := people.Add(bg, env.DB, tid, people.Form{Name: "王芳", Title: "销售经理", Mobile: "13712345678", Email: "wf@example.cn"}, by)
	if err != nil || len(fe) > 0 {
		t.Fatal(err, fe)
	}
	if _, err := people.Consent(bg, env.DB, tid, p.ID, true, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	name := target.Step1.Get("name")
	frag := name[len("测试电路"):][:6]
	_, member := env.Member(t)
	_, council := env.Member(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = ?`, companyOf(t, council)).Exec(bg); err != nil {
		t.Fatal(err)
	}

	m := b.NewTab(t, "会员")
	m.At("login")
	m.Login(member.Username())
	m.ClickTextAndLoad("nav.menu a", "^通讯录$")
	m.ElText("h1", "通讯录")
	m.At("search")
	m.MarkWindow()
	m.Fill("#f-q", frag)
	m.WaitJS("only the matching company", `() => document.querySelectorAll('#directory .dir-entry').length === 1`)
	m.ElText("#directory .dir-entry h2", name)
	if !m.SameDocument() {
		m.Fail("the search reloaded the page: htmx did not update the list")
	}
	txt := m.Text("#directory")
	if !strings.Contains(txt, "137****5678") || strings.Contains(txt, "13712345678") || strings.Contains(txt, "李四") || strings.Contains(txt, "显示") {
		m.Fail("member view: %q", txt)
	}
	m.Shot("directory-01-member")
	m.PhoneShot("directory-01-member-phone")

	c := b.NewTab(t, "理事")
	c.At("council login")
	c.Login(council.Username())
	c.Open("/directory?q=" + frag)
	c.ElText("#directory .dir-entry h2", name)
	c.MarkWindow()
	c.ClickText("#directory button", "^显示$")
	c.WaitJS("the full number", `() => document.querySelector('#directory .revealed')?.textContent === '13712345678'`)
	if !c.SameDocument() {
		c.Fail("显示 reloaded the page")
	}
	c.Shot("directory-02-council-reveal")

	// The company's own 通讯录设置 with "How others see us".
	o := b.NewTab(t, "本单位")
	o.At("settings")
	o.Login(target.Username())
	o.Open("/directory/settings")
	o.ElText("h1", "通讯录设置")
	o.ElText("h2", "他人看到的本单位信息")
	o.Shot("directory-03-settings")
	o.PhoneShot("directory-03-settings-phone")

	// 删除附件简介 is a plain form (no htmx): confirm.js asks in the dialog all the same;
	// 取消 keeps the brochure, 确定 removes it.
	o.At("brochure")
	png := filepath.Join(t.TempDir(), "brochure.png")
	var buf bytes.Buffer
	if err := stdpng.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(png, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	o.Files("#f-file", png)
	o.ClickTextAndLoad("button", "^上传$")
	o.ElText("a", "下载附件简介")
	o.ConfirmDismiss(o.ElText("button", "^删除附件简介$"), "确定删除附件简介")
	o.ElText("a", "下载附件简介")
	o.ConfirmClickAndLoad(o.ElText("button", "^删除附件简介$"), "确定删除附件简介")
	if o.EvalBool(`() => !!document.querySelector(".confirm-step")`) {
		t.Fatal("confirmed in the dialog, the form was asked again by the server (no _confirmed=1)")
	}
	if o.EvalBool(`() => document.body.textContent.includes("下载附件简介")`) {
		t.Error("the confirmed removal left the brochure")
	}
	o.CheckConsole()
}
