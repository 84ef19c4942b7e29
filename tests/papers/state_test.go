package papers

import (
	"errors"
	"sync"
	"testing"
	"time"

	"cpca/internal/errs"
	"cpca/internal/papers"
	"cpca/tests/testenv"
)

// The actions follow the one transition table: from each state, withdraw, assign and stage a
// decision succeed exactly when papers.Transitions allows the move (assign also keeps a
// paper under review), and a refused action leaves the state as it was.
func TestActionsFollowTheTable(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, 5*24*time.Hour)
	m := newMember(t)
	rv := env.CreateReviewer(t, 0)
	mem := papers.Member{CompanyID: m.CompanyID, UserID: m.UserID}
	type action struct {
		name string
		do   func(id int64) error
		ok   func(from string) bool
	}
	actions := []action{
		{"withdraw", func(id int64) error { _, err := papers.Withdraw(ctx(), env.DB, id, mem, by, time.Now()); return err },
			func(from string) bool { return papers.CanMove(from, papers.Withdrawn) }},
		{"assign", func(id int64) error { return papers.Assign(ctx(), env.DB, id, rv.ID, by) },
			func(from string) bool { return from == papers.Submitted || from == papers.Reviewing }},
		{"stage 不录用", func(id int64) error {
			_, err := papers.Stage(ctx(), env.DB, id, papers.Rejected, "", by, time.Now())
			return err
		},
			func(from string) bool {
				return from == papers.Rejected || (papers.CanMove(from, papers.Rejected) && from != papers.Submitted && from != papers.Draft)
			}},
	}
	for _, from := range papers.Statuses {
		for _, a := range actions {
			p := env.SubmitPaper(t, ev.ID, m.CompanyID, m.UserID)
			if _, err := env.DB.NewRaw(`UPDATE papers SET status = ? WHERE id = ?`, from, p.ID).Exec(ctx()); err != nil {
				t.Fatal(err)
			}
			err := a.do(p.ID)
			switch want := a.ok(from); {
			case want && err != nil:
				t.Errorf("%s from %s: %v, want allowed", a.name, from, err)
			case !want && err == nil:
				t.Errorf("%s from %s: allowed, want refused", a.name, from)
			case !want && !errors.Is(err, errs.Conflict):
				t.Errorf("%s from %s: %v, want a conflict", a.name, from, err)
			case !want && status(t, p.ID) != from:
				t.Errorf("%s from %s: refused but the state is now %s", a.name, from, status(t, p.ID))
			}
		}
	}
}

// Two 一键发布结果 at once: the decisions are released once, with one mail each.
func TestReleaseTwiceAtOnce(t *testing.T) {
	ev := env.NewEvent(t, testenv.EventOpts{Capacity: 10})
	env.OpenCall(t, ev.ID, 5*24*time.Hour)
	m := newMember(t)
	rv := env.CreateReviewer(t, 0)
	var ids []int64
	for i := 0; i < 3; i++ {
		p := env.SubmitPaper(t, ev.ID, m.CompanyID, m.UserID)
		if err := papers.Assign(ctx(), env.DB, p.ID, rv.ID, by); err != nil {
			t.Fatal(err)
		}
		if _, err := papers.Stage(ctx(), env.DB, p.ID, papers.Accepted, "", by, time.Now()); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	var wg sync.WaitGroup
	ns, errs2 := make([]int, 2), make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); ns[i], errs2[i] = papers.Release(ctx(), env.DB, ev.ID, by, time.Now()) }()
	}
	wg.Wait()
	if ns[0]+ns[1] != 3 {
		t.Fatalf("released %d + %d (%v, %v), want 3 in all", ns[0], ns[1], errs2[0], errs2[1])
	}
	for i, err := range errs2 {
		if err != nil && !errors.Is(err, papers.ErrNoStaged) {
			t.Errorf("release %d: %v", i, err)
		}
	}
	for _, id := range ids {
		if n := count(t, `SELECT count(*) FROM paper_decisions WHERE paper_id = ? AND email_id IS NOT NULL`, id); n != 1 {
			t.Errorf("paper %d: %d decisions with a mail, want 1", id, n)
		}
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND kind = 'paper_decision'`, m.Email); n != 3 {
		t.Errorf("%d decision mails for 3 papers, want 3", n)
	}
}
