package testenv

import (
	"context"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/papers"
)

// SamplePDF is a small file recognised as PDF by its content.
var SamplePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// OpenCall sets up an enabled call for papers on the event: open since yesterday, closing in
// closesIn (negative: closed), late code "LATE-2026", blind, the default criteria.
func (e *Env) OpenCall(t testing.TB, eventID int64, closesIn time.Duration) *papers.Call {
	t.Helper()
	now := time.Now()
	c := &papers.Call{EventID: eventID, Enabled: true, OpensAt: now.Add(-48 * time.Hour), ClosesAt: now.Add(closesIn), LateCode: "LATE-2026",
		Topics: []string{"高密度互连", "材料与工艺"}, AbstractLimit: 100, Blind: true, Criteria: papers.DefaultCriteria}
	if err := papers.SaveCall(context.Background(), e.DB, c, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// PaperForm is a complete paper, ready to submit.
func PaperForm() papers.Form {
	return papers.Form{Title: Name("高频板可靠性研究"), Abstract: "研究高频印制电路板的可靠性。", Keywords: "高频, 可靠性", Topic: "高密度互连",
		Authors:  []papers.Author{{Name: "李华", Affiliation: "测试电路有限公司", Presenting: true}},
		Declared: true, File: &papers.Upload{Name: "paper.pdf", Data: SamplePDF}}
}

// SubmitPaper submits a paper of the company to the event (which needs an open call).
func (e *Env) SubmitPaper(t testing.TB, eventID, companyID, userID int64) *papers.Paper {
	t.Helper()
	p, err := papers.Save(context.Background(), e.DB, eventID, 0, papers.Member{CompanyID: companyID, UserID: userID, Council: true},
		PaperForm(), true, audit.Actor{ID: userID, Name: "test"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// CreateReviewer inserts an external reviewer with the test password, belonging to the
// member company companyID (0 for none), and returns the user.
func (e *Env) CreateReviewer(t testing.TB, companyID int64) *account.User {
	t.Helper()
	ctx := context.Background()
	u := &account.User{Username: Name("reviewer"), Email: Name("rv") + "@example.org", Name: "评审专家", Role: account.RoleReviewer}
	if err := account.Create(ctx, e.DB, u, Password); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.NewRaw(`INSERT INTO paper_reviewers (user_id, company_id, affiliation) VALUES (?, NULLIF(?, 0), '某大学')`, u.ID, companyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return u
}
