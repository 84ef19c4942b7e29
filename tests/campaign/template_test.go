package campaign

import (
	"context"
	"strings"
	"testing"

	"cpca/internal/mail"
)

// Each save of a transactional template is a new version; the newest frames the built-in text
// when the mail is queued; a version that does not render, or no version, means the built-in
// text goes out unchanged. A template with an unknown variable is refused when saved.
func TestTemplateVersionsAndFallback(t *testing.T) {
	ctx := context.Background()
	const kind = "application_approved"
	builtin := mail.Message{To: addr("tpl", "example.com"), Subject: "入会申请审核成功 - CPCA 会员管理系统", Body: "审核成功，可使用用户名和密码登录。", Kind: kind}
	queue := func(key string) *mail.Email {
		t.Helper()
		m := builtin
		m.DedupeKey = key + builtin.To
		id, err := mail.Queue(ctx, env.DB, m)
		if err != nil || id == 0 {
			t.Fatalf("queue: %d %v", id, err)
		}
		e, err := mail.Get(ctx, env.DB, id)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	if e := queue("none"); e.Subject != builtin.Subject || e.Body != builtin.Body {
		t.Fatalf("without a template the built-in text changed: %q", e.Subject)
	}
	by := staffActor(t)
	v1, err := mail.SaveTemplate(ctx, env.DB, kind, "【CPCA】{{标题}}", "尊敬的用户：\n\n{{正文}}\n\n此致", "first", by)
	if err != nil || v1 != 1 {
		t.Fatalf("save v1: %d %v", v1, err)
	}
	v2, err := mail.SaveTemplate(ctx, env.DB, kind, "【CPCA 协会】{{标题}}", "您好 {{收件人}}：\n\n{{正文}}", "second", by)
	if err != nil || v2 != 2 {
		t.Fatalf("save v2: %d %v", v2, err)
	}
	if _, err := mail.SaveTemplate(ctx, env.DB, kind, "{{标题}}", "{{不存在}}", "bad", by); err == nil || !strings.Contains(err.Error(), "未知变量") {
		t.Fatalf("unknown variable saved: %v", err)
	}
	vs, err := mail.TemplateVersions(ctx, env.DB, kind)
	if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Note != "first" || vs[0].AuthorName != by.Name {
		t.Fatalf("history: %+v %v", vs, err)
	}
	e := queue("v2")
	if e.Subject != "【CPCA 协会】"+builtin.Subject || !strings.HasPrefix(e.Body, "您好 "+builtin.To) || !strings.Contains(e.Body, builtin.Body) {
		t.Fatalf("v2 not applied: %q\n%s", e.Subject, e.Body)
	}
	// A version that no longer renders (written before a variable was dropped): fallback.
	if _, err := env.DB.NewRaw(`INSERT INTO mail_templates (kind, version, subject, body) VALUES (?, 3, '{{旧变量}}', '{{正文}}')`, kind).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if e := queue("broken"); e.Subject != builtin.Subject || e.Body != builtin.Body {
		t.Fatalf("a broken template was not replaced by the built-in text: %q", e.Subject)
	}
	// Non-transactional kinds are never templated.
	if _, err := mail.TemplateCheck("staff_digest", "{{标题}}", "{{正文}}"); err == nil {
		t.Fatal("staff_digest accepted a template")
	}
	// Staff see the history and the preview through the router.
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "info"), "Huadian#2026x")
	p := s.Get("/admin/mail-templates/" + kind)
	if p.Status != 200 || !strings.Contains(p.Body, "second") || !strings.Contains(p.Body, "first") {
		t.Fatalf("template page: %d", p.Status)
	}
	if l := s.Get("/admin/mail-templates"); !strings.Contains(l.Body, "入会申请审核通过") {
		t.Fatal("template list does not name the kind in words")
	}
}
