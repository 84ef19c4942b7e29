package dues

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dues"
)

// Reminders go out once per unpaid (or rejected) member and schedule point, by email, SMS and
// site notice, even with two schedulers at once; paid, pending and waived rows get none; each
// is recorded with its outcome.
func TestReminders(t *testing.T) {
	ctx := context.Background()
	const year = 2036
	setFees(t, year, 2500)
	s := newStaff(t)
	row := func(m *member) int64 {
		t.Helper()
		if ok, err := dues.EnsureFor(ctx, env.DB, m.CompanyID, year); err != nil || !ok {
			t.Fatalf("EnsureFor: %v %v", ok, err)
		}
		rows, _, _ := dues.List(ctx, env.DB, dues.Filter{CompanyID: m.CompanyID, Year: year})
		return rows[0].ID
	}
	unpaid, rejected, pending, paid, waived := newMember(t), newMember(t), newMember(t), newMember(t), newMember(t)
	ids := map[string]int64{}
	for name, m := range map[string]*member{"unpaid": unpaid, "rejected": rejected, "pending": pending, "paid": paid, "waived": waived} {
		ids[name] = row(m)
	}
	pending.mustUpload(t, ids["pending"])
	paid.mustUpload(t, ids["paid"])
	mustConfirm(t, s, ids["paid"])
	rejected.mustUpload(t, ids["rejected"])
	staffPost(s, ids["rejected"], "reject", url.Values{"reason": {"金额不符"}})
	staffPost(s, ids["waived"], "waive", url.Values{"waive_reason": {"减免"}})
	for name, want := range map[string]string{"unpaid": dues.Unpaid, "rejected": dues.Rejected, "pending": dues.Pending, "paid": dues.Confirmed, "waived": dues.Waived} {
		if d := getDues(t, ids[name]); d.Status != want {
			t.Fatalf("%s: status %s", name, d.Status)
		}
	}

	sched, err := dues.ParseSchedule("03-31", "-30,-7,7,30")
	if err != nil {
		t.Fatal(err)
	}
	sched.BaseURL = env.Cfg.BaseURL
	deadline := time.Date(year, 3, 31, 9, 0, 0, 0, calendar.Zone)
	run := func(now time.Time) int {
		t.Helper()
		n, err := dues.SendReminders(ctx, env.DB, sched, now, calendar.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Before the first point, and between points outside their window: nothing.
	if n := run(deadline.AddDate(0, 0, -45)); n != 0 {
		t.Errorf("45 days before: %d sent", n)
	}
	counts := func(duesID int64) (emails, sms, notices, recorded int) {
		like := fmt.Sprintf("dues:%d:reminder:%%", duesID)
		return count(t, `SELECT count(*) FROM emails WHERE dedupe_key LIKE ?`, like),
			count(t, `SELECT count(*) FROM sms_messages WHERE dedupe_key LIKE ?`, like),
			count(t, `SELECT count(*) FROM notices n JOIN dues d ON d.company_id = n.company_id WHERE d.id = ? AND n.title = ?`, duesID, fmt.Sprintf("%d年度会费缴纳提醒", year)),
			count(t, `SELECT count(*) FROM reminders WHERE kind = 'dues' AND target_id = ?`, duesID)
	}
	for i, p := range sched.Points {
		now := deadline.AddDate(0, 0, p).Add(time.Hour)
		// Two schedulers at once, then a third run: each reminder goes out once.
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for j := range sent {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := dues.SendReminders(ctx, env.DB, sched, now, calendar.Zone)
				if err != nil {
					t.Error(err)
				}
				sent[j] = n
			}()
		}
		wg.Wait()
		if sent[0]+sent[1] != 2 {
			t.Errorf("point %d: %d+%d reminders sent, want 2 (unpaid and rejected)", p, sent[0], sent[1])
		}
		if n := run(now.Add(2 * time.Hour)); n != 0 {
			t.Errorf("point %d: a second run sent %d", p, n)
		}
		for _, name := range []string{"unpaid", "rejected"} {
			e, sm, no, rec := counts(ids[name])
			if e != i+1 || sm != i+1 || no != i+1 || rec != i+1 {
				t.Errorf("point %d, %s: %d emails, %d sms, %d notices, %d recorded; want %d each", p, name, e, sm, no, rec, i+1)
			}
		}
	}
	for _, name := range []string{"pending", "paid", "waived"} {
		if e, sm, no, rec := counts(ids[name]); e+sm+no+rec != 0 {
			t.Errorf("%s was reminded: %d emails, %d sms, %d notices, %d recorded", name, e, sm, no, rec)
		}
	}
	// Every reminder is recorded with its outcome: the email, SMS and notice it produced.
	var outcomes []struct {
		Point   int    `bun:"point"`
		Outcome string `bun:"outcome"`
	}
	if err := env.DB.NewRaw(`SELECT slot::int AS point, outcome FROM reminders WHERE kind = 'dues' AND target_id = ? ORDER BY slot::int`, ids["unpaid"]).Scan(ctx, &outcomes); err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != 4 {
		t.Fatalf("%d recorded reminders", len(outcomes))
	}
	for _, o := range outcomes {
		if !strings.Contains(o.Outcome, "email#") || !strings.Contains(o.Outcome, "sms#") || !strings.Contains(o.Outcome, "notice#") {
			t.Errorf("point %d outcome %q", o.Point, o.Outcome)
		}
	}
	// The wording follows the point: before the deadline and after it.
	var before, after string
	_ = env.DB.NewRaw(`SELECT body FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:reminder:-7", ids["unpaid"])).Scan(ctx, &before)
	_ = env.DB.NewRaw(`SELECT body FROM emails WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:reminder:30", ids["unpaid"])).Scan(ctx, &after)
	if !strings.Contains(before, "截止日期为 2036年3月31日") || !strings.Contains(after, "已超过截止日期") || !strings.Contains(after, unpaid.Name) ||
		!strings.Contains(after, "2,500.00") {
		t.Errorf("reminder bodies:\n%s\n%s", before, after)
	}
	var to string
	_ = env.DB.NewRaw(`SELECT to_mobile FROM sms_messages WHERE dedupe_key = ?`, fmt.Sprintf("dues:%d:reminder:-30", ids["unpaid"])).Scan(ctx, &to)
	if to != "13800138000" {
		t.Errorf("SMS to %q, want the finance contact's mobile", to)
	}
	// A bad schedule is refused at configuration.
	if _, err := dues.ParseSchedule("3-31x", "1"); err == nil {
		t.Error("a bad deadline was accepted")
	}
	if _, err := dues.ParseSchedule("03-31", "-30,abc"); err == nil {
		t.Error("a bad point was accepted")
	}
}
