package promotion

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/promotion"
)

// passed makes an application of a fresh member for 理事单位 and passes 初审.
func passed(t *testing.T) (*member, *promotion.Application) {
	t.Helper()
	m := newMember(t)
	a := m.mustApply(t)
	if _, err := promotion.Pass(context.Background(), env.DB, a.ID, "", audit.CLI); err != nil {
		t.Fatal(err)
	}
	return m, a
}

func meeting(termID int64) promotion.Meeting {
	return promotion.Meeting{TermID: termID, Type: promotion.MeetingCouncil, Session: "第五届理事会第三次会议",
		HeldOn: time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1), ResolutionName: "决议.pdf", Resolution: pdfFile,
		Vote: promotion.Vote{Expected: 30, Present: 30, Yes: 30}}
}

// Two ratifications for the last 理事单位 seat of the term, in parallel transactions: exactly
// one wins, the other is refused with ErrNoSeat and changes nothing.
func TestLastSeatOnce(t *testing.T) {
	ctx := context.Background()
	term := env.Term(t)
	_, a1 := passed(t)
	_, a2 := passed(t)
	o, err := promotion.OccupancyOf(ctx, env.DB, term.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly one seat left: as many seats as are taken, plus one.
	rules := promotion.DefaultRules
	held := 0
	for l, n := range o.Seats {
		if promotion.Rank(l) >= promotion.Rank("council") {
			held += n
		}
	}
	rules.CouncilShare = promotion.Fraction{Num: held + 1, Den: o.Members}
	if left := rules.Left("council", o); left != 1 {
		t.Fatalf("setup: %d seats left, want 1", left)
	}
	{
		var wg sync.WaitGroup
		errsOut := make([]error, 2)
		start := make(chan struct{})
		for i, a := range []*promotion.Application{a1, a2} {
			wg.Add(1)
			go func(i int, appID int64) {
				defer wg.Done()
				<-start
				_, errsOut[i] = promotion.Ratify(ctx, env.DB, appID, meeting(term.ID), rules, audit.CLI, time.Now())
			}(i, a.ID)
		}
		close(start)
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errsOut {
			var ns promotion.ErrNoSeat
			switch {
			case err == nil:
				won++
			case errors.As(err, &ns) && errors.Is(err, errs.Conflict):
				lost++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("won %d, lost %d; want exactly one of each (%v)", won, lost, errsOut)
		}
	}
	ratified := count(t, `SELECT count(*) FROM promotion_applications WHERE id IN (?, ?) AND status = 'ratified'`, a1.ID, a2.ID)
	councils := count(t, `SELECT count(*) FROM companies WHERE id IN (?, ?) AND level = 'council'`, a1.CompanyID, a2.CompanyID)
	seats := count(t, `SELECT count(*) FROM seats WHERE company_id IN (?, ?) AND status = 'active'`, a1.CompanyID, a2.CompanyID)
	if ratified != 1 || councils != 1 || seats != 1 {
		t.Errorf("after the race: %d ratified, %d at council level, %d seats; want 1 each", ratified, councils, seats)
	}
}

// Ratification rules through the action: a meeting outside the term or in the future, a
// resolution that is not a PDF, or an application not past 初审 is refused, nothing changed.
func TestRatifyRefusals(t *testing.T) {
	ctx := context.Background()
	term := env.Term(t)
	m, a := passed(t)
	for name, change := range map[string]func(*promotion.Meeting){
		"future date":  func(x *promotion.Meeting) { x.HeldOn = time.Now().AddDate(0, 0, 3) },
		"before term":  func(x *promotion.Meeting) { x.HeldOn = term.StartsOn.AddDate(0, 0, -1) },
		"not a PDF":    func(x *promotion.Meeting) { x.Resolution = pngFile },
		"no such term": func(x *promotion.Meeting) { x.TermID = 999999 },
		"meeting type": func(x *promotion.Meeting) { x.Type = "party" },
		"no session":   func(x *promotion.Meeting) { x.Session = " " },
		"no quorum":    func(x *promotion.Meeting) { x.Vote = promotion.Vote{Expected: 30, Present: 10, Yes: 10} },
	} {
		mt := meeting(term.ID)
		change(&mt)
		if _, err := promotion.Ratify(ctx, env.DB, a.ID, mt, promotion.DefaultRules, audit.CLI, time.Now()); !errors.Is(err, errs.Invalid) {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if level(t, m.CompanyID) != "member" {
		t.Fatal("a refused ratification changed the level")
	}
	// Not passed yet: a conflict.
	m2 := newMember(t)
	a2 := m2.mustApply(t)
	var es promotion.ErrState
	if _, err := promotion.Ratify(ctx, env.DB, a2.ID, meeting(term.ID), promotion.DefaultRules, audit.CLI, time.Now()); !errors.As(err, &es) {
		t.Errorf("ratifying a submitted application: %v", err)
	}
}
