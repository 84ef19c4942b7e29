package broadcast

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cpca/internal/broadcast"
	"cpca/internal/company"
	"cpca/internal/errs"
)

// Audience resolution, table-driven, over companies made for this test (their own province so
// other tests' companies never match the filters that name it).
func TestAudienceResolution(t *testing.T) {
	ctx := context.Background()
	mk := func(level, province, category, status string) int64 {
		var id int64
		if err := env.DB.NewRaw(`INSERT INTO companies (name, uscc, status, level, province, category)
			VALUES ('受众' || gen_random_uuid(), upper(substr(md5(random()::text), 1, 18)), ?, ?, ?, ?) RETURNING id`,
			status, level, province, category).Scan(ctx, &id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	const p1, p2 = "测试省甲", "测试省乙"
	plain := mk(company.LevelMember, p1, "PCB制造", "member")
	council := mk(company.LevelCouncil, p1, "覆铜板", "member")
	standing := mk(company.LevelStanding, p2, "PCB制造", "member")
	applicant := mk(company.LevelMember, p1, "PCB制造", "applicant")
	president := mk(company.LevelPresident, p2, "专用设备", "member")
	ours := []int64{plain, council, standing, applicant, president}

	cases := []struct {
		name string
		a    broadcast.Audience
		want []int64
	}{
		{"one province", broadcast.Audience{Provinces: []string{p1}}, []int64{plain, council}},
		{"two provinces", broadcast.Audience{Provinces: []string{p1, p2}}, []int64{plain, council, standing, president}},
		{"council levels in a province", broadcast.Audience{Provinces: []string{p1, p2},
			Levels: []string{company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}}, []int64{council, standing, president}},
		{"level and category combine", broadcast.Audience{Provinces: []string{p1, p2}, Levels: []string{company.LevelMember}, Categories: []string{"PCB制造"}}, []int64{plain}},
		{"category", broadcast.Audience{Provinces: []string{p2}, Categories: []string{"专用设备"}}, []int64{president}},
		{"chosen companies only", broadcast.Audience{CompanyIDs: []int64{standing, president}}, []int64{standing, president}},
		{"chosen added to a filter", broadcast.Audience{Provinces: []string{p1}, CompanyIDs: []int64{president}}, []int64{plain, council, president}},
		{"applicants never", broadcast.Audience{CompanyIDs: []int64{applicant}}, nil},
		{"all members", broadcast.Audience{All: true}, []int64{plain, council, standing, president}},
	}
	for _, c := range cases {
		got, err := broadcast.Resolve(ctx, env.DB, c.a)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var mine []int64
		for _, id := range got {
			if slices.Contains(ours, id) {
				mine = append(mine, id)
			}
		}
		if !slices.Equal(mine, c.want) {
			t.Errorf("%s: resolved %v, want %v", c.name, mine, c.want)
		}
		n, err := broadcast.Count(ctx, env.DB, c.a)
		if err != nil || n != len(got) {
			t.Errorf("%s: count %d (%v), resolved %d", c.name, n, err, len(got))
		}
	}
}

// An empty audience is refused with a message, before anything is written.
func TestEmptyAudience(t *testing.T) {
	ctx := context.Background()
	if _, err := broadcast.Count(ctx, env.DB, broadcast.Audience{}); !errors.Is(err, broadcast.ErrEmptyAudience) {
		t.Fatalf("count of an empty audience: %v", err)
	}
	before := count(t, `SELECT count(*) FROM broadcasts`)
	_, err := broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "空", Body: "x"}, auditCLI, now())
	if !errors.Is(err, broadcast.ErrEmptyAudience) || !errors.Is(err, errs.Invalid) {
		t.Fatalf("create with an empty audience: %v", err)
	}
	_, err = broadcast.Create(ctx, env.DB, broadcast.Draft{Title: "无人", Body: "x", Audience: broadcast.Audience{Provinces: []string{"不存在省"}}}, auditCLI, now())
	if !errors.Is(err, broadcast.ErrNoRecipients) {
		t.Fatalf("create for an audience without members: %v", err)
	}
	if n := count(t, `SELECT count(*) FROM broadcasts`); n != before {
		t.Fatalf("refused broadcasts were written: %d → %d", before, n)
	}

	s := newStaff(t)
	s.Get("/admin/messages/new")
	r := s.Post("/admin/messages", map[string][]string{"title": {"标题保留"}, "body": {"正文保留"}, "action": {"send"}})
	if r.Status != 422 {
		t.Fatalf("empty audience over HTTP: status %d", r.Status)
	}
	if r.Text("#audience .error") != "请选择发送对象" {
		t.Fatalf("no audience error next to the builder: %q", r.Text("#audience .error"))
	}
	if v, _ := r.Doc.Find(`input[name=title]`).Attr("value"); v != "标题保留" {
		t.Fatalf("the form lost the typed title: %q", v)
	}
}
