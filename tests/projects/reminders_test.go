package projects

import (
	"sync"
	"testing"
	"time"

	"cpca/internal/projects"
)

// 提醒我: a company asks once (twice keeps one request); the reminder is sent only within the
// configured days before the deadline, once even with two schedulers running at the same
// time and again later; a company that did not ask gets nothing; a closed project refuses.
func TestRemindOnceWithTwoSchedulers(t *testing.T) {
	soon := newProject(t, "提醒测试项目", 50*time.Hour, true, false)     // within 3 days
	later := newProject(t, "晚些截止项目", 10*24*time.Hour, true, false) // not yet due
	asked := env.EventCompany(t, "")
	other := env.EventCompany(t, "")
	for _, p := range []*projects.Project{soon, later} {
		for i := 0; i < 2; i++ {
			if err := projects.Watch(ctx(), env.DB, p.ID, projects.Member{CompanyID: asked}, by, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := count(t, `SELECT count(*) FROM project_watches WHERE company_id = ?`, asked); n != 2 {
		t.Fatalf("watches: %d, want 2 (asking twice keeps one)", n)
	}
	now := time.Now()
	var wg sync.WaitGroup
	sent := make([]int, 4)
	errs := make([]error, 4)
	for i := range sent {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sent[i], errs[i] = projects.SendReminders(ctx(), env.DB, 3, now)
		}(i)
	}
	wg.Wait()
	total := 0
	for i := range sent {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		total += sent[i]
	}
	if total < 1 {
		t.Fatalf("no reminder sent")
	}
	notices := func(company int64) int {
		return count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND title LIKE '项目申报即将截止%'`, company)
	}
	if n := notices(asked); n != 1 {
		t.Errorf("notices for the asking company: %d, want exactly 1", n)
	}
	if n := count(t, `SELECT count(*) FROM emails WHERE kind = 'project_reminder' AND subject LIKE ?`, "%"+soon.Name+"%"); n != 1 {
		t.Errorf("emails: %d, want exactly 1", n)
	}
	if n := notices(other); n != 0 {
		t.Errorf("a company that did not ask got %d reminders", n)
	}
	// A later run sends nothing again; the far deadline is still not due.
	if n, err := projects.SendReminders(ctx(), env.DB, 3, now.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("second run: %d, %v; want 0", n, err)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ? AND body LIKE ?`, asked, "%"+later.Name+"%"); n != 0 {
		t.Errorf("the project 10 days away was reminded %d times", n)
	}
	// A closed project refuses 提醒我.
	closed := newProject(t, "已截止项目", time.Millisecond, true, false)
	time.Sleep(5 * time.Millisecond)
	if err := projects.Watch(ctx(), env.DB, closed.ID, projects.Member{CompanyID: asked}, by, time.Now()); err != projects.ErrRemindClosed {
		t.Errorf("提醒我 after the deadline: %v, want ErrRemindClosed", err)
	}
}

// A council-only project's reminder is not sent to a company that is no longer council.
func TestRemindCouncilOnlyNotForPlainMembers(t *testing.T) {
	p := newProject(t, "理事单位项目", 30*time.Hour, true, true)
	co := env.EventCompany(t, "council")
	if err := projects.Watch(ctx(), env.DB, p.ID, projects.Member{CompanyID: co, Council: true}, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'member' WHERE id = ?`, co).Exec(ctx()); err != nil {
		t.Fatal(err)
	}
	if _, err := projects.SendReminders(ctx(), env.DB, 3, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM notices WHERE company_id = ?`, co); n != 0 {
		t.Errorf("plain member reminded of a council-only project: %d", n)
	}
}
