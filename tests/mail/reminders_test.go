package mail

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/membership"
	"cpca/tests/testenv"
)

func submittedAt(t *testing.T, appID int64) time.Time {
	t.Helper()
	a, err := membership.Get(context.Background(), env.DB, appID)
	if err != nil {
		t.Fatal(err)
	}
	return a.SubmittedAt
}

func countKind(t *testing.T, to, kind string) int {
	t.Helper()
	n := 0
	for _, e := range emailsTo(t, to) {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func paperReminders(t *testing.T, now time.Time) {
	t.Helper()
	if _, err := membership.SendPaperReminders(context.Background(), env.DB, mailing(), env.Cfg.PaperReminderDays, now); err != nil {
		t.Fatal(err)
	}
}

// Paper reminders: one N days after submitting, none again at once or from a second process
// running at the same moment, the next a week later, three at most; none once the paper
// documents have arrived.
func TestPaperReminders(t *testing.T) {
	n := env.Cfg.PaperReminderDays
	if n != 7 {
		t.Fatalf("CPCA_PAPER_REMINDER_DAYS is %d; the test assumes the default 7", n)
	}
	co := testenv.NewCompany()
	to := co.Step4.Get("email")
	c := env.NewClient(t)
	c.IP = "10.24.0.1"
	appID := env.Register(t, c, co)

	// A second applicant whose paper documents staff recorded as received.
	co2 := testenv.NewCompany()
	to2 := co2.Step4.Get("email")
	c2 := env.NewClient(t)
	c2.IP = "10.24.0.2"
	app2 := env.Register(t, c2, co2)
	staff := staffClient(t)
	staff.Get(idPath("/admin/applications/%d", app2))
	if r := staff.Post(idPath("/admin/applications/%d/paper", app2), url.Values{"received": {"on"}, "courier_no": {"SF1234567890"}}); r.Status != 303 {
		t.Fatalf("paper received: %d", r.Status)
	}
	if a, _ := membership.Get(context.Background(), env.DB, app2); !a.PaperReceived {
		t.Fatal("paper_received not recorded")
	}

	t0 := submittedAt(t, appID)
	// Not yet N days: nothing.
	paperReminders(t, t0.Add(time.Duration(n)*24*time.Hour-time.Hour))
	if k := countKind(t, to, "paper_reminder"); k != 0 {
		t.Fatalf("%d reminders before %d days", k, n)
	}
	now := t0.Add(time.Duration(n)*24*time.Hour + time.Hour)
	paperReminders(t, now)
	if k := countKind(t, to, "paper_reminder"); k != 1 {
		t.Fatalf("after %d days: %d reminders, want 1", n, k)
	}
	r := emailsTo(t, to)
	last := r[len(r)-1]
	if !strings.HasPrefix(last.Subject, "提醒：请寄送入会纸质材料") || !strings.Contains(last.Body, env.Cfg.PaperAddress) {
		t.Errorf("reminder: %q %s", last.Subject, last.Body)
	}
	// Again at once, and from two schedulers at the same moment: nothing more.
	paperReminders(t, now)
	paperReminders(t, now.Add(time.Minute))
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = membership.SendPaperReminders(context.Background(), env.DB, mailing(), n, now.Add(2*time.Minute))
		}()
	}
	wg.Wait()
	if k := countKind(t, to, "paper_reminder"); k != 1 {
		t.Fatalf("repeated runs: %d reminders, want 1", k)
	}
	// 8 days later: the second; two concurrent runs still make one.
	now = now.Add(8 * 24 * time.Hour)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = membership.SendPaperReminders(context.Background(), env.DB, mailing(), n, now)
		}()
	}
	wg.Wait()
	if k := countKind(t, to, "paper_reminder"); k != 2 {
		t.Fatalf("8 days later: %d reminders, want 2", k)
	}
	// Weeks go by: never more than three.
	for i := 0; i < 6; i++ {
		now = now.Add(8 * 24 * time.Hour)
		paperReminders(t, now)
	}
	if k := countKind(t, to, "paper_reminder"); k != membership.MaxPaperReminders {
		t.Fatalf("after many weeks: %d reminders, want %d", k, membership.MaxPaperReminders)
	}
	if k := countKind(t, to2, "paper_reminder"); k != 0 {
		t.Fatalf("applicant with paper received got %d reminders", k)
	}
}

func digestsFor(t *testing.T, day string) map[string]int {
	t.Helper()
	var rows []struct {
		To string `bun:"to_addr"`
	}
	if err := env.DB.NewRaw(`SELECT to_addr FROM emails WHERE kind = 'staff_digest' AND dedupe_key LIKE ?`, "staff-digest:"+day+":%").
		Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.To]++
	}
	return out
}

// The staff digest: one email per admin per day, even from two runs at once; none when no
// application waits longer than N days.
func TestStaffDigest(t *testing.T) {
	ctx := context.Background()
	env.CreateAdmin(t)
	env.CreateAdmin(t)
	co := testenv.NewCompany()
	c := env.NewClient(t)
	c.IP = "10.25.0.1"
	appID := env.Register(t, c, co)
	t0 := submittedAt(t, appID)
	n := env.Cfg.PaperReminderDays

	// Nothing waits longer than N days yet.
	early := t0.Add(time.Hour)
	if k, err := membership.SendStaffDigest(ctx, env.DB, mailing(), n, early); err != nil || k != 0 {
		t.Fatalf("digest with nothing overdue: %d %v", k, err)
	}
	if d := digestsFor(t, calendar.Format(early)); len(d) != 0 {
		t.Fatalf("digest emails with nothing overdue: %v", d)
	}

	now := t0.Add(time.Duration(n+1) * 24 * time.Hour)
	day := calendar.Format(now)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := membership.SendStaffDigest(ctx, env.DB, mailing(), n, now.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if _, err := membership.SendStaffDigest(ctx, env.DB, mailing(), n, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	admins, err := account.Admins(ctx, env.DB)
	if err != nil {
		t.Fatal(err)
	}
	got := digestsFor(t, day)
	if len(got) != len(admins) {
		t.Fatalf("%d admins got a digest, want all %d: %v", len(got), len(admins), got)
	}
	for _, a := range admins {
		if got[a.Email] != 1 {
			t.Errorf("admin %s: %d digests on %s, want 1", a.Username, got[a.Email], day)
		}
	}
	var body string
	if err := env.DB.NewRaw(`SELECT body FROM emails WHERE kind = 'staff_digest' AND dedupe_key LIKE ? LIMIT 1`, "staff-digest:"+day+":%").
		Scan(ctx, &body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, co.Step1.Get("name")) || !strings.Contains(body, idPath("/admin/applications/%d", appID)) {
		t.Errorf("digest lacks the waiting application: %s", body)
	}
	// The next day: one more each.
	next := now.Add(24 * time.Hour)
	if _, err := membership.SendStaffDigest(ctx, env.DB, mailing(), n, next); err != nil {
		t.Fatal(err)
	}
	if got := digestsFor(t, calendar.Format(next)); len(got) != len(admins) {
		t.Fatalf("next day: %d digests, want %d", len(got), len(admins))
	}
}
