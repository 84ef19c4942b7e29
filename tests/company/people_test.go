package company

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/people"
)

func personForm(name string, kv ...string) url.Values {
	f := url.Values{"name": {name}, "title": {"经理"}, "department": {"市场部"}, "mobile": {"13912345678"}, "email": {"p@example.cn"}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

func peopleOf(t *testing.T, companyID int64) []company.Person {
	t.Helper()
	ps, err := people.List(context.Background(), env.DB, companyID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func primaries(ps []company.Person) (out []string) {
	for _, p := range ps {
		if p.IsPrimary {
			out = append(out, p.Name)
		}
	}
	return out
}

// Edited in place: htmx gets the list fragment back, a plain post a redirect; the primary
// contact moves by ticking it on another person, and there is always exactly one.
func TestPeopleEditInPlace(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	r := m.C.Post("/people", personForm("新成员", "finance", "1", "meeting", "1"))
	wantStatus(t, r, http.StatusSeeOther, "add person (no JS)")
	ps := peopleOf(t, co.ID)
	var added company.Person
	for _, p := range ps {
		if p.Name == "新成员" {
			added = p
		}
	}
	if added.ID == 0 || !added.IsFinance || !added.IsMeeting || added.Department != "市场部" {
		t.Fatalf("added person: %+v", added)
	}
	// The edit link opens the row (fragment for htmx, whole page without JS).
	frag := m.C.GetHTMX("/people/" + idStr(added.ID) + "/edit")
	wantStatus(t, frag, http.StatusOK, "edit fragment")
	if strings.Contains(frag.Body, "<html") || frag.Doc.Find(`form#person-`+idStr(added.ID)+` [name="name"]`).AttrOr("value", "") != "新成员" {
		t.Errorf("edit fragment: %.300s", frag.Body)
	}
	full := m.C.Get("/people/" + idStr(added.ID) + "/edit")
	if !strings.Contains(full.Body, "<html") || full.Doc.Find(`form#person-`+idStr(added.ID)).Length() != 1 {
		t.Error("the edit page without JS does not open the row")
	}
	// Make the new person primary via htmx: the fragment shows the badge moved.
	r = m.C.PostHTMX("/people/"+idStr(added.ID), personForm("新成员", "primary", "1", "title", "总监"))
	wantStatus(t, r, http.StatusOK, "save via htmx")
	if strings.Contains(r.Body, "<html") || r.Doc.Find("#person-"+idStr(added.ID)+" .badge.ok").Length() == 0 {
		t.Errorf("htmx answer is not the list with the new primary: %.300s", r.Body)
	}
	if got := primaries(peopleOf(t, co.ID)); len(got) != 1 || got[0] != "新成员" {
		t.Errorf("primaries %v, want [新成员]", got)
	}
	// Unticking it on the only primary is refused next to the box.
	r = m.C.PostHTMX("/people/"+idStr(added.ID), personForm("新成员"))
	wantStatus(t, r, http.StatusUnprocessableEntity, "untick the primary")
	if !strings.Contains(r.Doc.Find("#e-primary").Text(), "主要联系人") {
		t.Errorf("no message next to 主要联系人: %q", r.Doc.Find(".error").Text())
	}
	// Removing the primary is refused; removing another works.
	r = m.C.Post("/people/"+idStr(added.ID)+"/delete", nil)
	if r.Status != http.StatusSeeOther || len(peopleOf(t, co.ID)) != len(ps) {
		t.Errorf("the primary contact was deleted (status %d)", r.Status)
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action LIKE 'people.%' AND detail LIKE ?`, "company "+idStr(co.ID)+"%"); n < 2 {
		t.Errorf("audit entries for people: %d", n)
	}
	// Bad input: messages next to the fields, typed values kept.
	r = m.C.Post("/people", personForm("", "mobile", "123", "email", "x"))
	wantStatus(t, r, http.StatusUnprocessableEntity, "bad person")
	if r.FieldError("name") == "" || r.FieldError("mobile") == "" || r.FieldError("email") == "" {
		t.Error("field messages missing")
	}
	if r.Doc.Find(`#person-new [name="mobile"]`).AttrOr("value", "") != "123" {
		t.Error("typed mobile not kept")
	}
}

// The only primary contact can not be removed, by the action or behind its back: the
// database refuses a company without one (checked at commit) and a second one.
func TestExactlyOnePrimary(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	ctx := context.Background()
	prim := primaries(peopleOf(t, co.ID))
	if len(prim) != 1 {
		t.Fatalf("registration left %v primaries", prim)
	}
	var pid int64
	for _, p := range peopleOf(t, co.ID) {
		if p.IsPrimary {
			pid = p.ID
		}
	}
	if err := people.Remove(ctx, env.DB, co.ID, pid, audit.Actor{}); err != people.ErrLastPrimary {
		t.Errorf("remove the primary: %v, want ErrLastPrimary", err)
	}
	if _, err := env.DB.NewRaw(`UPDATE company_people SET is_primary = false WHERE company_id = ?`, co.ID).Exec(ctx); err == nil {
		t.Error("the database took a company without a 主要联系人")
	}
	if _, err := env.DB.NewRaw(`DELETE FROM company_people WHERE id = ?`, pid).Exec(ctx); err == nil {
		t.Error("the database let the only 主要联系人 be deleted")
	}
	if _, err := env.DB.NewRaw(`INSERT INTO company_people (company_id, name, is_primary) VALUES (?, '第二', true)`, co.ID).Exec(ctx); err == nil {
		t.Error("the database took a second 主要联系人")
	}
	if got := primaries(peopleOf(t, co.ID)); len(got) != 1 {
		t.Errorf("primaries %v", got)
	}
}

// Several people made primary at once: one primary at the end, none of the saves fails.
func TestPrimaryRace(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	ctx := context.Background()
	var ids []int64
	for i := 0; i < 4; i++ {
		p, fe, err := people.Add(ctx, env.DB, co.ID, people.Form{Name: "并发" + idStr(int64(i)), Title: "员工", Mobile: "13912345678", Email: "b@example.cn"}, audit.Actor{})
		if err != nil || len(fe) > 0 {
			t.Fatal(fe, err)
		}
		ids = append(ids, p.ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func(i int, id int64) {
			defer wg.Done()
			_, _, errs[i] = people.Update(ctx, env.DB, co.ID, id, people.Form{Name: "并发" + idStr(int64(i)), Title: "员工",
				Mobile: "13912345678", Email: "b@example.cn", Primary: true}, audit.Actor{})
		}(i, id)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("save: %v", err)
		}
	}
	if got := primaries(peopleOf(t, co.ID)); len(got) != 1 {
		t.Errorf("primaries after the race: %v", got)
	}
}

// Consent is recorded with time and text version, kept in its history, and withdrawable.
func TestDirectoryConsent(t *testing.T) {
	m := newMember(t)
	co := m.company(t)
	p := peopleOf(t, co.ID)[0]
	if p.ConsentAt.Valid {
		t.Fatal("consent given without asking")
	}
	m.C.Get("/people")
	r := m.C.PostHTMX("/people/"+idStr(p.ID)+"/consent", url.Values{"granted": {"1"}})
	wantStatus(t, r, http.StatusOK, "consent")
	got, _ := people.Get(context.Background(), env.DB, co.ID, p.ID)
	if !got.ConsentAt.Valid || got.ConsentVersion != people.ConsentVersion || time.Since(got.ConsentAt.Time) > time.Minute {
		t.Errorf("consent: %v %q", got.ConsentAt, got.ConsentVersion)
	}
	r = m.C.Post("/people/"+idStr(p.ID)+"/consent", url.Values{"granted": {"0"}})
	wantStatus(t, r, http.StatusSeeOther, "withdraw")
	got, _ = people.Get(context.Background(), env.DB, co.ID, p.ID)
	if got.ConsentAt.Valid {
		t.Error("withdrawn consent still recorded on the person")
	}
	if n := count(t, `SELECT count(*) FROM people_consents WHERE person_id = ?`, p.ID); n != 2 {
		t.Errorf("consent history rows: %d, want 2", n)
	}
}

// Another company's people are not found, whatever the action.
func TestPeopleOfAnotherCompany(t *testing.T) {
	a, b := newMember(t), newMember(t)
	ap := peopleOf(t, a.company(t).ID)[0]
	b.C.Get("/people")
	for _, r := range []struct {
		name string
		do   func() int
	}{
		{"edit", func() int { return b.C.Get("/people/" + idStr(ap.ID) + "/edit").Status }},
		{"save", func() int { return b.C.Post("/people/"+idStr(ap.ID), personForm("改名", "primary", "1")).Status }},
		{"delete", func() int { return b.C.Post("/people/"+idStr(ap.ID)+"/delete", nil).Status }},
		{"consent", func() int { return b.C.Post("/people/"+idStr(ap.ID)+"/consent", url.Values{"granted": {"1"}}).Status }},
	} {
		if st := r.do(); st != http.StatusNotFound {
			t.Errorf("%s A's person as B: %d, want 404", r.name, st)
		}
	}
	got, err := people.Get(context.Background(), env.DB, a.company(t).ID, ap.ID)
	if err != nil || got.Name != ap.Name || got.ConsentAt.Valid {
		t.Errorf("A's person changed: %+v %v", got, err)
	}
}
