package feedback

import (
	"context"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/feedback"
)

// resolvedAgo resolves an item through the action and moves its resolution back in time.
func resolvedAgo(t *testing.T, m *member, by audit.Actor, ago time.Duration) int64 {
	t.Helper()
	it := m.submit(t, "自动关闭")
	if _, err := feedback.Respond(context.Background(), env.DB, it.ID, feedback.Reply{Body: "已处理", State: feedback.Resolved}, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE feedback SET resolved_at = now() - ?::interval WHERE id = ?`, ago.String(), it.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// Items resolved more than N days ago without a reply are closed, once, even with two
// schedulers at the same time; a recent one and one the member answered stay open.
func TestAutoClose(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	by := newStaffActor(t)
	old := resolvedAgo(t, m, by, 8*24*time.Hour)
	recent := resolvedAgo(t, m, by, 2*24*time.Hour)
	answered := resolvedAgo(t, m, by, 9*24*time.Hour)
	if _, err := feedback.AddMessage(ctx, env.DB, answered, m.CompanyID, "还有问题", nil, audit.Actor{ID: m.UserID}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	closed := make([]int, 2)
	for i := range closed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := feedback.AutoClose(ctx, env.DB, 7, time.Now())
			if err != nil {
				t.Error(err)
			}
			closed[i] = n
		}()
	}
	wg.Wait()
	if closed[0]+closed[1] < 1 {
		t.Fatalf("the two runs closed %v items, want the old one", closed)
	}
	for itemID, want := range map[int64]string{old: feedback.Closed, recent: feedback.Resolved, answered: feedback.Processing} {
		if got := get(t, itemID).Status; got != want {
			t.Errorf("item %d: %s, want %s", itemID, got, want)
		}
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title LIKE '%已关闭'`, m.CompanyID); n != 1 {
		t.Errorf("%d closing notices, want 1 (two schedulers, one closing)", n)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.autoclose' AND object_id = ?`, id(old)); n != 1 {
		t.Errorf("%d audit entries for the automatic closing, want 1", n)
	}
	// A later run finds nothing more to do.
	if n, err := feedback.AutoClose(ctx, env.DB, 7, time.Now()); err != nil || n != 0 {
		t.Errorf("second run: %d, %v", n, err)
	}
}
