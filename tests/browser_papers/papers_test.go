// Package browserpapers drives 参会投稿 in Debian's Chromium against the real app: an author
// finds the call on the event's page, submits a paper (the declaration error first), a
// reviewer invited by staff scores it blind, staff stage the decision and release it, and
// the author reads it. With CPCA_SHOTS=1 it saves screenshots (desktop and phone) into shots/.
package browserpapers

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_papers", &env) }

func TestSubmitReviewRelease(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-papers-"
	name := testenv.Name("印制电路技术研讨会")
	ev := env.NewEvent(t, testenv.EventOpts{Name: name, Capacity: 50})
	env.OpenCall(t, ev.ID, 10*24*time.Hour)
	_, co := env.Member(t)
	rv := env.CreateReviewer(t, 0)
	staffName := env.CreateStaff(t, "events")
	dir := t.TempDir()
	pdf := filepath.Join(dir, "论文全文.pdf")
	if err := os.WriteFile(pdf, testenv.SamplePDF, 0o644); err != nil {
		t.Fatal(err)
	}
	title := "高频高速印制板信号完整性研究"

	// ---- The author: 展会活动 → 查看详情 → 参会投稿 --------------------------------------------
	a := b.NewTab(t, "作者")
	a.At("login")
	a.Login(co.Username())
	a.ClickTextAndLoad("nav.menu a", "^展会活动$")
	a.ClickTextAndLoad("#events a", regexp.QuoteMeta(name))
	a.At("the call block on the event's page")
	a.ElText("#paper-call h2", "^参会投稿$")
	a.Shot("papers-00-event")
	a.PhoneShot("papers-00-event-phone")
	a.ClickTextAndLoad("#paper-call a.button", "^参会投稿$")
	a.ElText("h1", "^参会投稿$")
	a.Fill(`input[name="title"]`, title)
	a.Fill(`input[name="author_name_0"]`, "李华")
	a.Fill(`input[name="author_aff_0"]`, "深圳华电电路有限公司")
	a.Click(a.El(`input[name="author_presenting_0"]`), "报告人")
	a.Fill(`input[name="author_name_1"]`, "王敏")
	a.Fill(`textarea[name="abstract"]`, "分析叠层结构与介质损耗对插入损耗的影响，提出设计规则并通过样板测试验证。")
	a.Fill(`input[name="keywords"]`, "高频, 信号完整性")
	a.Choose("#f-topic", "高密度互连")
	a.Files("#f-file", pdf)
	a.At("submit without the declaration")
	a.ClickTextAndLoad("main button", "^提交$")
	if msg := a.Text("#e-declared"); msg != "请确认原创性声明" {
		a.Fail("the error next to the declaration reads %q", msg)
	}
	if v := a.Value(`input[name="author_name_1"]`); v != "王敏" {
		a.Fail("the form lost the second author: %q", v)
	}
	a.Shot("papers-01-declaration-error")
	a.Files("#f-file", pdf)
	a.Click(a.El(`input[name="declared"]`), "原创性声明")
	a.ClickTextAndLoad("main button", "^提交$")
	a.ElText(".flash", "稿件已提交")
	a.ElText("main .badge", "^已提交$")
	a.Shot("papers-02-submitted")
	a.PhoneShot("papers-02-submitted-phone")
	paperPath := pathOf(t, a.URL())

	// ---- Staff assign the reviewer ------------------------------------------------------
	s := b.NewTab(t, "会展")
	s.At("login staff")
	s.Login(staffName)
	s.Open("/admin/events/" + strconv.FormatInt(ev.ID, 10))
	s.ClickTextAndLoad("main a.button", "^征稿与评审$")
	s.ClickTextAndLoad("#papers a", regexp.QuoteMeta(title))
	s.At("assign the reviewer")
	s.EvalBool(`() => { document.querySelector('#f-reviewer').value = '` + strconv.FormatInt(rv.ID, 10) + `'; return true }`)
	s.ClickTextAndLoad("#reviews button", "^分配$")
	s.ElText(".flash", "已分配评审专家")
	s.ElText("main .badge", "^评审中$")
	staffPaper := pathOf(t, s.URL())

	// ---- The reviewer scores it, blind --------------------------------------------------
	r := b.NewTab(t, "评审专家")
	r.At("login reviewer")
	r.Login(rv.Username)
	r.ElText("h1", "^评审任务$")
	r.ClickTextAndLoad("main a", regexp.QuoteMeta(title))
	if r.EvalBool(`() => document.body.innerText.includes('李华') || document.body.innerText.includes('深圳华电')`) {
		r.Fail("blind review shows the authors")
	}
	r.Fill(`input[name="score_创新性"]`, "8")
	r.Fill(`input[name="score_技术水平"]`, "7")
	r.Fill(`input[name="score_写作"]`, "7")
	r.Fill(`textarea[name="comment"]`, "实验充分，建议补充可靠性数据。")
	r.Shot("papers-03-review")
	r.PhoneShot("papers-03-review-phone")
	r.ClickTextAndLoad("#score button", "^提交评审$")
	r.ElText(".flash", "评审意见已提交")
	r.ElText("main .badge", "^已评审$")

	// ---- Staff stage 录用 and release ----------------------------------------------------
	s.At("stage and release")
	s.Open(staffPaper)
	s.ElText("#avg-score", `^7\.4$`)
	s.Choose("#f-outcome", "录用")
	s.Fill(`textarea[name="note"]`, "请准备15分钟报告。")
	s.ClickTextAndLoad("#decisions button", "^暂存结果$")
	s.ElText(".flash", "评审结果已暂存")
	s.Shot("papers-04-staff-paper")
	s.ClickTextAndLoad("main a", "^← 征稿与评审$")
	s.ConfirmClickAndLoad(s.ElText("#papers button", "一键发布结果"), "确定发布")
	s.ElText(".flash", "已发布 1 篇")
	s.Shot("papers-05-released")
	s.PhoneShot("papers-05-released-phone")

	// ---- The author reads the decision --------------------------------------------------
	a.At("the author reads the decision")
	a.Open(paperPath)
	a.ElText("#decision-outcome", "^录用$")
	a.ElText("#decision", "请准备15分钟报告")
	a.ElText("main .badge", "^录用$")
	a.Shot("papers-06-decision")
	a.PhoneShot("papers-06-decision-phone")
	a.ClickTextAndLoad("nav.menu a", "^我的投稿$")
	a.ElText("main table", regexp.QuoteMeta(title))

	for _, tab := range []*browserenv.Tab{a, s, r} {
		tab.CheckConsole()
	}
}

func pathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}
