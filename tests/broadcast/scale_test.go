package broadcast

import (
	"context"
	"strings"
	"testing"

	"cpca/internal/notice"
	"cpca/tests/testenv"
)

// With 1,000,000 recipient rows (50,000 companies × 20 broadcasts, a third read, marks for a
// tenth of the users) the unread count every member page runs reads the broadcast side through
// the inbox index and probes the sparse reads by key: asserted on the plan, not on time.
func TestUnreadPlanAtMillionRecipients(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a million rows")
	}
	ctx := context.Background()
	in := testenv.SeedBroadcasts(t, env.DB, 50000, 20)
	if n := count(t, `SELECT count(*) FROM broadcast_recipients`); n < 1000000 {
		t.Fatalf("seeded %d recipient rows", n)
	}
	var lines []string
	if err := env.DB.NewRaw(`EXPLAIN (ANALYZE, BUFFERS) `+notice.UnreadSQL, in.UserID, in.CompanyID).Scan(ctx, &lines); err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	t.Logf("plan:\n%s", plan)
	for _, bad := range []string{"Seq Scan on broadcast_recipients", "Seq Scan on broadcast_reads", "Seq Scan on inbox_marks"} {
		if strings.Contains(plan, bad) {
			t.Errorf("the unread count scans a table: %s", bad)
		}
	}
	if !strings.Contains(plan, "using broadcast_recipients_inbox_idx") && !strings.Contains(plan, "on broadcast_recipients_inbox_idx") {
		t.Error("the unread count does not use the inbox index")
	}
	if !strings.Contains(plan, "broadcast_reads_pkey") {
		t.Error("the read rows are not probed by their key")
	}
	n, err := notice.Unread(ctx, env.DB, in.UserID, in.CompanyID)
	if err != nil || n < 20 {
		t.Fatalf("unread %d (%v), want the 20 seeded broadcasts", n, err)
	}
	// 全部标为已读 at this scale is still one row, and the count drops to what came after it.
	if err := notice.MarkAllRead(ctx, env.DB, in.UserID, in.CompanyID); err != nil {
		t.Fatal(err)
	}
	if n, _ := notice.Unread(ctx, env.DB, in.UserID, in.CompanyID); n != 0 {
		t.Fatalf("unread after 全部标为已读: %d", n)
	}
}
