package feedback

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/feedback"
)

// newStaffActor is a 信息 staff member as the actions see them.
func newStaffActor(t testing.TB) audit.Actor {
	t.Helper()
	s := newStaff(t, "info")
	return audit.Actor{ID: s.User.ID, Name: s.User.Username}
}

// setStatus puts an item into a state directly (the starting point of a table row).
func setStatus(t testing.TB, itemID int64, status string) {
	t.Helper()
	if _, err := env.DB.NewRaw(`UPDATE feedback SET status = ?, staff_unread = false, member_unread = false,
		first_reply_at = now(), resolved_at = CASE WHEN ? = 'resolved' THEN now() END WHERE id = ?`, status, status, itemID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Every action from every state, through the actions: the state it leaves, or a conflict
// (and then nothing changed); and who was told: the company (a site notice) or staff (an
// email), or nobody.
func TestStateMachine(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	staffActor := newStaffActor(t)
	memberActor := audit.Actor{ID: m.UserID, Name: "member"}
	const refused = "refused"
	type action struct {
		name     string
		do       func(itemID int64) error
		company  bool // a site notice to the company
		staffMsg bool // an email to staff
	}
	now := time.Now()
	actions := []action{
		{"member adds", func(i int64) error {
			_, err := feedback.AddMessage(ctx, env.DB, i, m.CompanyID, "补充", nil, memberActor, now)
			return err
		}, false, true},
		{"staff reply 处理中", func(i int64) error {
			_, err := feedback.Respond(ctx, env.DB, i, feedback.Reply{Body: "答复", State: feedback.Processing}, staffActor, now)
			return err
		}, true, false},
		{"staff reply 待补充", func(i int64) error {
			_, err := feedback.Respond(ctx, env.DB, i, feedback.Reply{Body: "答复", State: feedback.Waiting}, staffActor, now)
			return err
		}, true, false},
		{"staff reply 已解决", func(i int64) error {
			_, err := feedback.Respond(ctx, env.DB, i, feedback.Reply{Body: "答复", State: feedback.Resolved}, staffActor, now)
			return err
		}, true, false},
		{"staff note", func(i int64) error {
			_, err := feedback.Respond(ctx, env.DB, i, feedback.Reply{Body: "备注", Internal: true}, staffActor, now)
			return err
		}, false, false},
		{"staff read", func(i int64) error { return feedback.MarkRead(ctx, env.DB, i, staffActor) }, false, false},
		{"member close", func(i int64) error { return feedback.Close(ctx, env.DB, i, m.CompanyID, memberActor, now) }, false, false},
		{"staff close", func(i int64) error { return feedback.Close(ctx, env.DB, i, 0, staffActor, now) }, true, false},
		{"staff reopen", func(i int64) error { return feedback.Reopen(ctx, env.DB, i, staffActor) }, false, false},
	}
	U, R, P, W, S, C := feedback.Unread, feedback.Read, feedback.Processing, feedback.Waiting, feedback.Resolved, feedback.Closed
	want := map[string]map[string]string{ // action → from → to
		"member adds":     {U: U, R: R, P: P, W: P, S: P, C: refused},
		"staff reply 处理中": {U: P, R: P, P: P, W: P, S: P, C: refused},
		"staff reply 待补充": {U: W, R: W, P: W, W: W, S: W, C: refused},
		"staff reply 已解决": {U: S, R: S, P: S, W: S, S: S, C: refused},
		"staff note":      {U: R, R: R, P: P, W: W, S: S, C: refused},
		"staff read":      {U: R, R: R, P: P, W: W, S: S, C: C},
		"member close":    {U: C, R: C, P: C, W: C, S: C, C: refused},
		"staff close":     {U: C, R: C, P: C, W: C, S: C, C: refused},
		"staff reopen":    {U: refused, R: refused, P: refused, W: refused, S: P, C: P},
	}
	for _, a := range actions {
		for _, from := range feedback.Statuses {
			it := m.submit(t, a.name+" from "+from)
			setStatus(t, it.ID, from)
			notices := count(t, `SELECT count(*) FROM notices WHERE company_id = ?`, m.CompanyID)
			mails := count(t, `SELECT count(*) FROM emails WHERE kind = 'feedback_staff'`)
			err := a.do(it.ID)
			got := get(t, it.ID)
			exp := want[a.name][from]
			if exp == refused {
				if !errors.Is(err, errs.Conflict) {
					t.Errorf("%s from %s: err %v, want a conflict", a.name, from, err)
				}
				if got.Status != from {
					t.Errorf("%s from %s (refused): status became %s", a.name, from, got.Status)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s from %s: %v", a.name, from, err)
				continue
			}
			if got.Status != exp {
				t.Errorf("%s from %s: status %s, want %s", a.name, from, got.Status, exp)
			}
			told := count(t, `SELECT count(*) FROM notices WHERE company_id = ?`, m.CompanyID) > notices
			if told != a.company {
				t.Errorf("%s from %s: company told %v, want %v", a.name, from, told, a.company)
			}
			mailed := count(t, `SELECT count(*) FROM emails WHERE kind = 'feedback_staff'`) > mails
			if mailed != a.staffMsg {
				t.Errorf("%s from %s: staff emailed %v, want %v", a.name, from, mailed, a.staffMsg)
			}
			if a.company && a.name != "staff close" && (!got.MemberUnread || got.StaffUnread) {
				t.Errorf("%s from %s: member_unread %v staff_unread %v after a staff reply", a.name, from, got.MemberUnread, got.StaffUnread)
			}
			if a.staffMsg && (!got.StaffUnread || got.MemberUnread) {
				t.Errorf("%s from %s: staff_unread %v member_unread %v after a member message", a.name, from, got.StaffUnread, got.MemberUnread)
			}
		}
	}
}

// The assignee gets the member's news by email, and nobody else of 信息 does.
func TestAssigneeIsTold(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	one, other := newStaff(t, "info"), newStaff(t, "info")
	it := m.submit(t, "指派测试")
	if err := feedback.Assign(ctx, env.DB, it.ID, one.User.ID, audit.Actor{ID: other.User.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := feedback.AddMessage(ctx, env.DB, it.ID, m.CompanyID, "补充一句", nil, audit.Actor{ID: m.UserID}, time.Now()); err != nil {
		t.Fatal(err)
	}
	like := "feedback:" + id(it.ID) + ":message:%"
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND dedupe_key LIKE ?`, one.User.Email, like); n != 2 {
		t.Errorf("the assignee got %d emails (the new item's and the addition's), want 2", n)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE to_addr = ? AND dedupe_key LIKE ?`, other.User.Email, like); n != 1 {
		t.Errorf("the other 信息 staff got %d emails (only the new item's), want 1", n)
	}
	// Only staff who handle feedback can be assigned.
	fin := newStaff(t, "finance")
	if err := feedback.Assign(ctx, env.DB, it.ID, fin.User.ID, audit.Actor{ID: one.User.ID}); !errors.Is(err, feedback.ErrAssignee) {
		t.Errorf("assigning finance staff: %v", err)
	}
}

// Two staff closing the same item at once: one closes it, the other is told it changed.
func TestConcurrentClose(t *testing.T) {
	m := newMember(t)
	a, b := newStaffActor(t), newStaffActor(t)
	for i := 0; i < 5; i++ {
		it := m.submit(t, "并发关闭")
		var wg sync.WaitGroup
		errsOut := make([]error, 2)
		for j, who := range []audit.Actor{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errsOut[j] = feedback.Close(context.Background(), env.DB, it.ID, 0, who, time.Now())
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errsOut {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, errs.Conflict):
				t.Fatalf("close: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("round %d: %d closings succeeded, want 1", i, ok)
		}
		if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title LIKE '%已关闭'`, m.CompanyID); n != i+1 {
			t.Errorf("round %d: %d closing notices, want %d", i, n, i+1)
		}
	}
}
