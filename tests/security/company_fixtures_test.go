package security

import (
	"context"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/profile"
	"cpca/tests/testenv"
)

// companyPeopleObjects returns the company's primary contact and an invited colleague's
// account (invited by the company's main account userID).
func companyPeopleObjects(t *testing.T, companyID, userID int64) (personID, colleagueID int64) {
	t.Helper()
	ctx := context.Background()
	co, err := company.ByID(ctx, env.DB, companyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range co.People {
		if p.IsPrimary {
			personID = p.ID
		}
	}
	u, err := account.Invite(ctx, env.DB, userID, account.Invitation{Name: "同事", Username: testenv.Name("colleague"), Email: "c@example.cn"},
		co.Name, env.Cfg.BaseURL, audit.Actor{ID: userID}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return personID, u.ID
}

// changeRequest files a key-field change request for the company and returns its id.
func changeRequest(t *testing.T, companyID, userID int64) int64 {
	t.Helper()
	co, err := company.ByID(context.Background(), env.DB, companyID)
	if err != nil {
		t.Fatal(err)
	}
	ch, fe, err := profile.RequestChange(context.Background(), env.DB, companyID, profile.KeyForm{Name: testenv.Name("新名称电路"),
		USCC: co.USCC, LegalRep: "王五", RegCapital: "800", Nature: "民营企业", EvidenceName: "营业执照.pdf", Evidence: samplePDF},
		audit.Actor{ID: userID}, time.Now())
	if err != nil || len(fe) > 0 {
		t.Fatalf("change request: %v %v", fe, err)
	}
	return ch.ID
}
