// Package projects tests 项目申报 against the real database and router: visibility and
// search, 提醒我 and the deadline reminders sent once by two schedulers, offline applications
// staff record and the company sees, versioned attachments, bad input and the staff actions.
package projects

import (
	"context"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/projects"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "projects", &env) }

var by = audit.Actor{Name: "test"}

func ctx() context.Context { return context.Background() }

// newProject saves and (when publish) publishes a project open from an hour ago until
// deadline from now.
func newProject(t *testing.T, name string, deadline time.Duration, publish, council bool) *projects.Project {
	t.Helper()
	now := time.Now()
	p := &projects.Project{Name: name, Kind: projects.KindStandard, Year: 2026, StartsAt: now.Add(-time.Hour), Deadline: now.Add(deadline),
		SubmitEmail: "xm@cpca.test", PaperCopies: 2, MailAddress: "上海市", Postmark: true, CouncilOnly: council}
	p, err := projects.Save(ctx(), env.DB, p, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if publish {
		if err := projects.Publish(ctx(), env.DB, p.ID, by); err != nil {
			t.Fatal(err)
		}
		p.Published = true
	}
	return p
}

func count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(q, args...).Scan(ctx(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
