package security

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/projects"
	"cpca/tests/testenv"
)

// newProject publishes an open project (council-only when council) for the tests.
func newProject(t *testing.T, council bool) *projects.Project {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	p := &projects.Project{Name: "安全测试项目" + strconv.FormatInt(now.UnixNano(), 36), Kind: projects.KindAward, Year: 2026,
		StartsAt: now.Add(-time.Hour), Deadline: now.Add(240 * time.Hour), SubmitEmail: "p@example.com", CouncilOnly: council}
	p, err := projects.Save(ctx, env.DB, p, audit.Actor{Name: "test"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := projects.Publish(ctx, env.DB, p.ID, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProjectVisibility: a council-only project is not found for a plain member (list and by
// id), found for a council member; a draft is found by nobody but staff; a member never sees
// what staff recorded of another company's application.
func TestProjectVisibility(t *testing.T) {
	ctx := context.Background()
	m, _ := env.Member(t)
	m.IP = "10.3.0.3"
	c, cco := env.Member(t)
	c.IP = "10.3.0.4"
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = (SELECT company_id FROM users WHERE username = ?)`,
		cco.Username()).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	refreshCSRF(t, c, true)
	refreshCSRF(t, m, true)
	cs := map[string]*testenv.Client{mem: m, coun: c}
	councilCompany := user(t, cco.Username()).CompanyID
	council := newProject(t, true)
	draft := &projects.Project{Name: "草稿项目" + strconv.FormatInt(time.Now().UnixNano(), 36), Kind: projects.KindFund, Year: 2026,
		StartsAt: time.Now().Add(-time.Hour), Deadline: time.Now().Add(48 * time.Hour), SubmitEmail: "p@example.com"}
	draft, err := projects.Save(ctx, env.DB, draft, audit.Actor{Name: "test"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	url := func(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }
	if r := cs[mem].Get(url(council.ID)); r.Status != http.StatusNotFound {
		t.Errorf("member on a council-only project: %d, want 404", r.Status)
	}
	if r := cs[mem].Get("/projects"); strings.Contains(r.Body, council.Name) {
		t.Error("member list shows a council-only project")
	}
	if r := cs[coun].Get(url(council.ID)); r.Status != http.StatusOK {
		t.Errorf("council on a council-only project: %d, want 200 %s", r.Status, r.Body)
	}
	for _, role := range []string{mem, coun} {
		if r := cs[role].Get(url(draft.ID)); r.Status != http.StatusNotFound {
			t.Errorf("%s on a draft: %d, want 404", role, r.Status)
		}
		if r := cs[role].Post(url(draft.ID)+"/remind", nil); r.Status != http.StatusNotFound {
			t.Errorf("%s 提醒我 on a draft: %d, want 404", role, r.Status)
		}
	}
	if r := cs[mem].Post(url(council.ID)+"/remind", nil); r.Status != http.StatusNotFound {
		t.Errorf("member 提醒我 on a council-only project: %d, want 404", r.Status)
	}
	// Another company's recorded application is not shown to the member.
	open := newProject(t, false)
	if _, fe, err := projects.Record(ctx, env.DB, open.ID, projects.AppForm{CompanyID: strconv.FormatInt(councilCompany, 10),
		ReceivedOn: "2026-11-01", Channel: projects.ChannelPaper, Complete: false, Missing: "盖章页缺失XYZ", Decision: projects.DecisionPending},
		audit.Actor{Name: "test"}); err != nil || len(fe) > 0 {
		t.Fatal(err, fe)
	}
	if r := cs[mem].Get(url(open.ID)); strings.Contains(r.Body, "盖章页缺失XYZ") {
		t.Error("member sees another company's recorded application")
	}
	if r := cs[coun].Get(url(open.ID)); !strings.Contains(r.Body, "盖章页缺失XYZ") {
		t.Error("council does not see its own recorded application")
	}
	if r := cs[mem].Get("/projects"); strings.Contains(r.Body, "盖章页缺失XYZ") {
		t.Error("member's 我的申报 lists another company's application")
	}
}
