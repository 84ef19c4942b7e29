package papers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/mail"
	"cpca/internal/papers"
	"cpca/tests/testenv"
)

type decisionRow struct {
	ID      int64  `bun:"id"`
	Outcome string `bun:"outcome"`
	EmailID int64  `bun:"email_id"`
	Status  string `bun:"status"`
}

func decisionRows(t *testing.T, paperID int64) []decisionRow {
	t.Helper()
	var out []decisionRow
	if err := env.DB.NewRaw(`SELECT d.id, d.outcome, coalesce(d.email_id, 0) AS email_id, coalesce(m.status, '') AS status
		FROM paper_decisions d LEFT JOIN emails m ON m.id = d.email_id WHERE d.paper_id = ? ORDER BY d.id`, paperID).Scan(ctx(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Decisions are staged (the author sees nothing), released together (one mail per decision,
// linked to it); a newer decision for the same paper cancels the older unsent mail, and
// after the relay and the worker ran only the newer one arrived. Author and staff see the
// mail's state.
func TestDecisionMails(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, 5*24*time.Hour)
	m := newMember(t)
	p := env.SubmitPaper(t, ev.ID, m.CompanyID, m.UserID)
	q := env.SubmitPaper(t, ev.ID, env.EventCompany(t, ""), 0) // a second paper, released together
	staff := eventsStaff(t)
	_, rid := reviewerClient(t, 0)
	for _, x := range []*papers.Paper{p, q} {
		if err := papers.Assign(ctx(), env.DB, x.ID, rid, by); err != nil {
			t.Fatal(err)
		}
	}
	_, err := papers.Release(ctx(), env.DB, ev.ID, by, time.Now())
	mustIs(t, "release with nothing staged", err, papers.ErrNoStaged)

	// Staged through the page: not visible to the author, no mail yet.
	if r := staff.Post("/admin/papers/"+itoa(p.ID)+"/decision", url.Values{"outcome": {"accepted"}, "note": {"请准备报告"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("stage: %d", r.Status)
	}
	if _, err := papers.Stage(ctx(), env.DB, q.ID, papers.Rejected, "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if s := status(t, p.ID); s != papers.Reviewing {
		t.Fatalf("a staged decision moved the paper to %s", s)
	}
	if strings.Contains(m.Get("/papers/"+itoa(p.ID)).Text("#decision"), "录用") {
		t.Fatal("the author sees a staged decision")
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'paper_decision'`, m.Email); n != 0 {
		t.Fatalf("%d decision mails before release", n)
	}
	_, err = papers.Stage(ctx(), env.DB, p.ID, "maybe", "", by, time.Now())
	mustIs(t, "an unknown outcome", err, papers.ErrBadOutcome)

	// 一键发布结果: both papers at once (the relay is not running yet: nothing is sent).
	if n, err := papers.Release(ctx(), env.DB, ev.ID, by, time.Now()); err != nil || n != 2 {
		t.Fatalf("release: %d, %v", n, err)
	}
	if s := status(t, p.ID); s != papers.Accepted {
		t.Fatalf("status %s after release, want accepted", s)
	}
	ds := decisionRows(t, p.ID)
	if len(ds) != 1 || ds[0].EmailID == 0 || ds[0].Status != mail.StatusQueued {
		t.Fatalf("after release: %+v, want one decision with its queued mail", ds)
	}
	if !strings.Contains(m.Get("/papers/"+itoa(p.ID)).Text("#decision"), "录用") {
		t.Fatal("the author does not see the released decision")
	}

	// A newer decision before the mail went out: the older mail is cancelled.
	if _, err := papers.Stage(ctx(), env.DB, p.ID, papers.Rejected, "篇幅不符合要求", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := staff.Post("/admin/events/"+itoa(ev.ID)+"/papers/release", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("release through the page: %d", r.Status)
	}
	ds = decisionRows(t, p.ID)
	if len(ds) != 2 || ds[0].Status != mail.StatusNotSent || ds[1].Status != mail.StatusQueued || ds[0].EmailID == ds[1].EmailID {
		t.Fatalf("after the newer decision: %+v, want the accept's mail 未发送 and the reject's queued", ds)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'paper_decision'`, m.Email); n != 2 {
		t.Fatalf("%d decision mails for two decisions, want 2 (one each)", n)
	}

	// Run the relay and the worker: only the rejection arrives.
	rec := &recorder{}
	startWorker(t, rec)
	if _, err := env.Relay.Sweep(ctx()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the rejection mail", func() bool { return decisionRows(t, p.ID)[1].Status == mail.StatusSent })
	time.Sleep(300 * time.Millisecond)
	if _, err := env.Relay.Sweep(ctx()); err != nil {
		t.Fatal(err)
	}
	var got []mail.Envelope
	for _, e := range rec.to(m.Email) {
		if strings.Contains(e.Subject, "参会投稿") {
			got = append(got, e)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0].Subject, "不录用") {
		t.Fatalf("the author received %d mails (%v), want only the rejection", len(got), subjects(got))
	}
	if ds := decisionRows(t, p.ID); ds[0].Status != mail.StatusNotSent {
		t.Errorf("the superseded mail: %s, want not_sent", ds[0].Status)
	}

	// The author sees the newest decision and that its mail was sent; staff see both.
	dec := m.Get("/papers/" + itoa(p.ID)).Text("#decision")
	if !strings.Contains(dec, "不录用") || !strings.Contains(dec, "已发送") || !strings.Contains(dec, "篇幅不符合要求") {
		t.Errorf("the author's decision block: %q", dec)
	}
	adm := staff.Get("/admin/papers/" + itoa(p.ID)).Text("#decisions")
	if !strings.Contains(adm, "已被取代") || !strings.Contains(adm, "未发送") || !strings.Contains(adm, "已发送") {
		t.Errorf("staff's decisions block: %q", adm)
	}
}

func subjects(es []mail.Envelope) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Subject)
	}
	return out
}
