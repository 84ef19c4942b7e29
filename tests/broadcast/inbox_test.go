package broadcast

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/broadcast"
	"cpca/internal/company"
	"cpca/internal/notice"
)

// Staff compose through the UI: the live count, the preview, the send; the council member sees
// it pinned on 待办事项 and in 站内信息, the plain member does not; opening it marks it read
// and answers the badge out of band.
func TestComposeAndRead(t *testing.T) {
	ctx := context.Background()
	plain := newMember(t, company.LevelMember)
	council := newMember(t, company.LevelCouncil)
	s := newStaff(t)

	r := s.Get("/admin/messages/new")
	if r.Status != 200 {
		t.Fatalf("compose page: %d", r.Status)
	}
	want, err := broadcast.Count(ctx, env.DB, broadcast.Audience{Levels: []string{company.LevelCouncil}})
	if err != nil {
		t.Fatal(err)
	}
	r = s.GetHTMX("/admin/messages/count?levels=council")
	if got := r.Text("#recipient-count"); !strings.Contains(got, "将发送给 "+id(int64(want))+" 家会员单位") {
		t.Fatalf("live count fragment: %q (want %d)", got, want)
	}
	form := url.Values{"title": {"理事会会议通知"}, "body": {"各理事单位：\n\n详见 https://www.cpca.org.cn/a?x=1 。\n<script>alert(1)</script>"},
		"important": {"1"}, "levels": {"council"}, "action": {"preview"}}
	r = s.Post("/admin/messages", form)
	if r.Status != 200 || r.Doc.Find("#preview a[href='https://www.cpca.org.cn/a?x=1']").Length() != 1 {
		t.Fatalf("preview: status %d, %s", r.Status, r.Text("#preview"))
	}
	if r.Doc.Find("#preview script").Length() != 0 || !strings.Contains(r.Text("#preview"), "<script>alert(1)</script>") {
		t.Fatalf("the preview runs or drops typed HTML instead of showing it: %s", r.Text("#preview"))
	}
	if n := count(t, `SELECT count(*) FROM broadcasts WHERE title = '理事会会议通知'`); n != 0 {
		t.Fatalf("preview wrote %d broadcasts", n)
	}
	form.Set("action", "send")
	r = s.Post("/admin/messages", form)
	if r.Status != 303 || !strings.HasPrefix(r.Location(), "/admin/messages/") {
		t.Fatalf("send: status %d %q %s", r.Status, r.Location(), r.Doc.Find(".error").Text())
	}
	detail := s.Get(r.Location())
	if !strings.Contains(detail.Text(".flash"), "站内信已发送给") {
		t.Fatalf("no flash after sending: %q", detail.Text(".flash"))
	}

	var bid int64
	if err := env.DB.NewRaw(`SELECT id FROM broadcasts WHERE title = '理事会会议通知'`).Scan(ctx, &bid); err != nil {
		t.Fatal(err)
	}
	home := council.Get("/home")
	if home.Doc.Find("#pinned a[href='/messages/"+id(bid)+"']").Length() != 1 {
		t.Fatalf("the council member's 待办事项 does not pin it: %s", home.Text("#pinned"))
	}
	if plain.Get("/home").Doc.Find("#pinned").Length() != 0 || plain.Get("/messages/"+id(bid)).Status != 404 {
		t.Fatal("the plain member sees a council-only message")
	}
	before := unread(t, council)
	list := council.Get("/messages?filter=important")
	if list.Doc.Find("#notice-"+id(bid)+".unread.important").Length() != 1 {
		t.Fatalf("重要 filter lacks it: %s", list.Text("#messages-list"))
	}
	if b := strings.TrimSpace(list.Doc.Find("#unread-badge").Text()); b != id(int64(before)) {
		t.Fatalf("menu badge %q, want %d", b, before)
	}
	page := council.Get("/messages/" + id(bid))
	if page.Doc.Find(".prose script").Length() != 0 || page.Doc.Find(`form[hx-trigger="load"]`).Length() != 1 {
		t.Fatal("the message page runs typed script or lacks the read-on-open form")
	}
	if unread(t, council) != before {
		t.Fatal("GET changed the read state")
	}
	r = council.PostHTMX("/messages/"+id(bid)+"/read", url.Values{"view": {"page"}})
	if r.Text("#read-state") != "已读" {
		t.Fatalf("read answer: %s", r.Body)
	}
	oob := r.Doc.Find(`#unread-badge[hx-swap-oob="true"]`)
	if oob.Length() != 1 || strings.TrimSpace(oob.Text()) != id(int64(before-1)) {
		t.Fatalf("no out-of-band badge with %d: %s", before-1, r.Body)
	}
	if n := count(t, `SELECT count(*) FROM broadcast_reads WHERE user_id = ? AND broadcast_id = ?`, council.UserID, bid); n != 1 {
		t.Fatalf("%d read rows", n)
	}
	if council.Get("/home").Doc.Find("#pinned").Length() != 0 {
		t.Fatal("still pinned after reading")
	}
	st, err := broadcast.StatsOf(ctx, env.DB, bid)
	if err != nil || len(st.Levels) != 1 || st.Levels[0].Level != company.LevelCouncil || st.Levels[0].Read < 1 {
		t.Fatalf("read rate by level: %+v %v", st, err)
	}
}

// 全部标为已读 is one row whatever the number of messages; later messages are unread again;
// retracting hides a message and its unread mark; new members do not inherit old broadcasts
// until staff choose 补发.
func TestReadStateRetractExtend(t *testing.T) {
	ctx := context.Background()
	m := newMember(t, "")
	if _, err := notice.Send(ctx, env.DB, m.CompanyID, "会费通知", "请缴费"); err != nil {
		t.Fatal(err)
	}
	a := broadcast.Audience{CompanyIDs: []int64{m.CompanyID}}
	for i := 0; i < 5; i++ {
		send(t, "批量"+id(int64(i)), a, false)
	}
	if n := unread(t, m); n < 6 {
		t.Fatalf("unread %d, want at least 6 (5 broadcasts and a dues notice)", n)
	}
	m.Get("/messages")
	if r := m.Post("/messages/read-all", nil); r.Status != 303 {
		t.Fatalf("read-all: %d", r.Status)
	}
	if n := unread(t, m); n != 0 {
		t.Fatalf("unread after 全部标为已读: %d", n)
	}
	if n := count(t, `SELECT count(*) FROM inbox_marks WHERE user_id = ?`, m.UserID); n != 1 {
		t.Fatalf("%d mark rows", n)
	}
	if n := count(t, `SELECT count(*) FROM broadcast_reads WHERE user_id = ?`, m.UserID) + count(t, `SELECT count(*) FROM notice_reads WHERE user_id = ?`, m.UserID); n != 0 {
		t.Fatalf("全部标为已读 wrote %d per-message rows", n)
	}
	later := send(t, "之后", a, true)
	if n := unread(t, m); n != 1 {
		t.Fatalf("a later message: unread %d, want 1", n)
	}
	if err := broadcast.Retract(ctx, env.DB, later.ID, auditCLI, now()); err != nil {
		t.Fatal(err)
	}
	if n := unread(t, m); n != 0 || m.Get("/messages/"+id(later.ID)).Status != 404 {
		t.Fatalf("a retracted message still counts (%d) or opens", n)
	}
	if err := broadcast.Retract(ctx, env.DB, later.ID, auditCLI, now()); err != broadcast.ErrState {
		t.Fatalf("retract twice: %v", err)
	}
	if n := count(t, `SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = ?`, later.ID); n != 1 {
		t.Fatalf("the frozen list lost its rows on retract: %d", n)
	}

	// A broadcast to every member, then a new member.
	all := send(t, "致全体会员", broadcast.Audience{All: true}, false)
	newcomer := newMember(t, "")
	if _, err := notice.Get(ctx, env.DB, newcomer.UserID, newcomer.CompanyID, all.ID); err != notice.ErrNotFound {
		t.Fatalf("a new member inherited an old broadcast: %v", err)
	}
	n, err := broadcast.Extend(ctx, env.DB, all.ID, auditCLI, now())
	if err != nil || n < 1 {
		t.Fatalf("补发: %d %v", n, err)
	}
	if _, err := notice.Get(ctx, env.DB, newcomer.UserID, newcomer.CompanyID, all.ID); err != nil {
		t.Fatalf("after 补发 the new member cannot read it: %v", err)
	}
	if again, _ := broadcast.Extend(ctx, env.DB, all.ID, auditCLI, now()); again != 0 {
		t.Fatalf("a second 补发 added %d", again)
	}
}
