package security

import (
	"context"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/papers"
)

func (f fixtures) paper(role string) int64 {
	if id, ok := f.papers[role]; ok {
		return id
	}
	return f.papers[mem]
}

// newPaperObjects opens a call on the member's and the council's events, each company
// submits a paper there, and a third company's paper on the staff's event is assigned to the
// reviewer and to both 会展 staff clients (staff may review too). The reviewer downloads that
// paper's full text: allowed by the assignment.
func newPaperObjects(t *testing.T, ids map[string]identity, f fixtures) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	out := map[string]int64{}
	for _, role := range []string{mem, coun} {
		ev := f.ev(role).EventID
		env.OpenCall(t, ev, 10*24*time.Hour)
		out[role] = env.SubmitPaper(t, ev, ids[role].CompanyID, ids[role].UserID).ID
	}
	ev := f.ev(sEvt).EventID
	env.OpenCall(t, ev, 10*24*time.Hour)
	other := env.EventCompany(t, "")
	p := env.SubmitPaper(t, ev, other, 0)
	for _, role := range []string{rev, sEvt, sSys} {
		if err := papers.Assign(ctx, env.DB, p.ID, ids[role].UserID, audit.Actor{Name: "test"}); err != nil {
			t.Fatalf("assign the paper to %s: %v", role, err)
		}
	}
	for _, role := range []string{rev, sMem, sFin, sInfo} {
		out[role] = p.ID
	}
	out[sEvt], out[sSys] = p.ID, p.ID
	f.file[rev] = p.FileID
	return out
}
