package bench

import (
	"context"
	"sync"
	"testing"
)

// Benchmarks of the lists moved to store.Params and flat row structs (issue 10): 会员管理,
// 邮件管理, 审计日志, 站内信息, 项目申报 (展会活动's are in events_test.go). seed.sql has no
// emails, audit entries, notices or projects; listsOnce adds a page's worth and more of each.

var listsOnce sync.Once

// seededLists is seeded plus 500 emails, 500 audit entries, 100 notices for everyone and 60
// published projects.
func seededLists(b *testing.B) {
	listsOnce.Do(func() {
		for _, q := range []string{
			`INSERT INTO emails (to_addr, subject, body, kind, status, attempts, created_at)
			 SELECT 'm' || g || '@example.cn', '会费提醒 ' || g, 'body', 'dues_reminder',
			        (ARRAY['sent','failed','queued','not_sent'])[1 + g % 4], g % 3, now() - g * interval '1 minute'
			 FROM generate_series(1, 500) g`,
			`INSERT INTO audit_log (at, actor_name, ip, action, object_type, object_id, result, detail)
			 SELECT now() - g * interval '1 minute', 'staff' || (g % 5), '10.0.0.' || (g % 250),
			        (ARRAY['login','dues.confirm','application.approve','member.suspend'])[1 + g % 4], 'company', g::text,
			        CASE WHEN g % 7 = 0 THEN 'fail' ELSE 'ok' END, 'detail ' || g
			 FROM generate_series(1, 500) g`,
			`INSERT INTO notices (title, body, created_at) SELECT '通知 ' || g, 'body', now() - g * interval '1 hour' FROM generate_series(1, 100) g`,
			`INSERT INTO projects (name, kind, year, publisher, published, starts_at, deadline)
			 SELECT '印制电路标准项目 ' || g, (ARRAY['standard','award','government','fund'])[1 + g % 4], 2026, '协会', true,
			        now() - (g * interval '1 day') - interval '30 days', now() + (30 - g) * interval '1 day'
			 FROM generate_series(1, 60) g`,
		} {
			if _, err := env.DB.ExecContext(context.Background(), q); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMembersList(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/members")
}

func BenchmarkMembersListFiltered(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/members?status=member&level=council&dues=unpaid")
}

func BenchmarkMembersSearch2Chars(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/members?q=%E6%B7%B1%E5%9C%B3") // 深圳
}

func BenchmarkEmailList(b *testing.B) {
	s, _ := seeded(b)
	seededLists(b)
	page(b, s, "/admin/emails")
}

func BenchmarkEmailListFailed(b *testing.B) {
	s, _ := seeded(b)
	seededLists(b)
	page(b, s, "/admin/emails?status=failed")
}

func BenchmarkAuditList(b *testing.B) {
	s, _ := seeded(b)
	seededLists(b)
	page(b, s, "/admin/audit")
}

func BenchmarkMemberMessages(b *testing.B) {
	_, m := seeded(b)
	seededLists(b)
	page(b, m, "/messages")
}

func BenchmarkProjectList(b *testing.B) {
	_, m := seeded(b)
	seededLists(b)
	page(b, m, "/projects")
}

func BenchmarkStaffProjectList(b *testing.B) {
	s, _ := seeded(b)
	seededLists(b)
	page(b, s, "/admin/projects")
}
