package app

import (
	"strings"
	"testing"
	"time"

	"cpca/internal/events"
	"cpca/internal/i18n"
	"cpca/internal/papers"
)

// paperSamples is the English sample data of the 参会投稿 pages: every paper state, an open,
// a closed and a missing call, blind and open review, staged, released and superseded
// decisions.
func paperSamples() map[string][]any {
	now := time.Now()
	ev := &events.Event{ID: 1, Name: "PCB Conference", Kind: events.KindConference, Published: true, StartsAt: now.Add(480 * time.Hour), EndsAt: now.Add(500 * time.Hour)}
	crit := []papers.Criterion{{Name: "Novelty", Weight: 40}, {Name: "Technique", Weight: 30}, {Name: "Writing", Weight: 30}}
	open := &papers.Call{EventID: 1, Enabled: true, OpensAt: now.Add(-24 * time.Hour), ClosesAt: now.Add(240 * time.Hour), Topics: []string{"HDI", "Materials"},
		AbstractLimit: 300, Blind: true, Criteria: crit, EventName: "PCB Conference", LateCode: "LATE"}
	closed := *open
	closed.ClosesAt, closed.Blind, closed.Topics = now.Add(-time.Hour), false, nil
	authors := []papers.Author{{Name: "Li Hua", Affiliation: "Acme", Presenting: true}, {Name: "Wang", Affiliation: "Acme"}}
	at := now.Add(-time.Hour)
	paper := func(status string) *papers.Paper {
		return &papers.Paper{ID: 3, EventID: 1, CompanyID: 2, Status: status, Title: "Via reliability", Authors: authors, Abstract: "Abstract",
			Keywords: "via, HDI", Topic: "HDI", FileID: "f", Version: 2, SubmittedAt: &at, EventName: "PCB Conference", CompanyName: "Acme",
			Reviewers: 2, Reviewed: 1, Score: 7.4, Staged: papers.Accepted}
	}
	var rows []papers.Paper
	var assigned []papers.Assignment
	for _, s := range papers.Statuses {
		rows = append(rows, *paper(s))
		assigned = append(assigned, papers.Assignment{Paper: *paper(s), Done: s == papers.Reviewing})
	}
	versions := []papers.Version{{ID: 1, PaperID: 3, Number: 2, Title: "Via reliability", Authors: authors, FileID: "f", Late: true, SubmittedAt: now},
		{ID: 2, PaperID: 3, Number: 1, Title: "Vias", Authors: authors, SubmittedAt: now}}
	reviews := []papers.Review{{ID: 1, ReviewerName: "Zhao", Scores: map[string]int{"Novelty": 8, "Technique": 7, "Writing": 7}, Comment: "Good", SubmittedAt: &at, Total: 7.4},
		{ID: 2, ReviewerName: "Qian", Scores: map[string]int{}}}
	decisions := []papers.Decision{{ID: 3, Outcome: papers.Rejected, Note: "n"}, {ID: 2, Outcome: papers.Accepted, ReleasedAt: &at, EmailID: 5, EmailStatus: "sent", EmailSentAt: &at},
		{ID: 1, Outcome: papers.Revise, ReleasedAt: &at, SupersededAt: &at, EmailID: 4, EmailStatus: "not_sent"}}
	released := &papers.Decision{ID: 2, Outcome: papers.Accepted, Note: "Congratulations", ReleasedAt: &at, EmailID: 5, EmailStatus: "sent", EmailSentAt: &at}
	cands := []papers.Reviewer{{UserID: 1, Name: "Zhao", Staff: true}, {UserID: 2, Name: "Qian", CompanyName: "Beta"}, {UserID: 3, Username: "sun", Affiliation: "Uni", Pending: true}}
	form := papers.Form{Title: "Via", Authors: authors, Abstract: "x", Keywords: "k", Topic: "HDI", Code: "x"}
	var detail, admin []any
	for _, s := range papers.Statuses {
		detail = append(detail, paperPage{Paper: paper(s), Call: open, Versions: versions, Decision: released, Now: now})
		admin = append(admin, adminPaperPage{Paper: paper(s), Call: open, Versions: versions, Reviews: reviews, Decisions: decisions, Candidates: cands, Outcomes: papers.Outcomes})
	}
	detail = append(detail, paperPage{Paper: paper(papers.Draft), Call: &closed, Now: now}, paperPage{Paper: paper(papers.Reviewing), Call: open, Decision: &papers.Decision{Outcome: papers.Rejected, ReleasedAt: &at}, Now: now})
	return map[string][]any{
		"pages/paper_call":          {paperCallPage{Event: ev, Call: open, Papers: rows, Now: now}, paperCallPage{Event: ev, Call: &closed, Now: now}, paperCallPage{Event: ev, Now: now}},
		"partials/paper_call_block": {paperCallPage{Event: ev, Call: open, Papers: rows, Now: now}, paperCallPage{Event: ev, Now: now}},
		"pages/paper_form":          {paperFormPage{Event: ev, Call: open, Form: form, Rows: authorRows(authors), Now: now}, paperFormPage{Event: ev, Call: &closed, Paper: paper(papers.Submitted), Form: form, Rows: authorRows(nil), Now: now}},
		"pages/papers":              {papersPage{Rows: rows}, papersPage{}},
		"pages/paper":               detail,
		"pages/admin_papers":        {adminPapersPage{Event: ev, Call: open, Form: papers.FormOf(open, now), Rows: rows, Staged: 2, Now: now}, adminPapersPage{Event: ev, Form: papers.CallForm{Criteria: "Novelty 100"}, Now: now}, adminPapersPage{Event: ev, Call: open, Now: now}},
		"pages/admin_paper":         admin,
		"pages/admin_reviewers":     {adminReviewersPage{Rows: cands}, adminReviewersPage{}},
		"pages/review_tasks":        {reviewTasksPage{Rows: assigned}, reviewTasksPage{}},
		"pages/review_paper": {reviewPaperPage{Paper: paper(papers.Reviewing), Call: open, Review: &reviews[0], Scores: map[string]string{"Novelty": "8"}},
			reviewPaperPage{Paper: paper(papers.Accepted), Call: &closed, Review: &reviews[1]}},
	}
}

// TestPapersGoTextTranslated checks the Chinese the papers code hands to pages: labels,
// titles, flashes, errors and every validation message.
func TestPapersGoTextTranslated(t *testing.T) {
	want := []string{"参会投稿", "我的投稿", "评审任务", "稿件评审", "评审专家", "征稿与评审", "修改稿件", "稿件详情", "%s 投稿截止：%s",
		"草稿已保存。", "稿件已提交（第 %d 版）。截止前可以修改后重新提交。", "稿件已撤回。", "征稿设置已保存。", "已发布 %d 篇稿件的评审结果，通知邮件已排队发送。",
		"已分配评审专家。", "评审结果已暂存，发布后作者可见。", "已向 %s 发送邀请邮件，对方通过链接设置密码后即可登录。", "评审意见已提交。",
		papers.Reviewer{Staff: true}.Kind(), papers.Reviewer{}.Kind(), papers.ErrState{}.UserMessage().Key,
		"暂存结果", "分配评审专家", "修改稿件", "提交", "撤回稿件"} // ErrState actions
	for _, s := range papers.Statuses {
		want = append(want, papers.StatusLabel(s))
	}
	for _, err := range []error{papers.ErrNoCall, papers.ErrNotFound, papers.ErrNotOpen, papers.ErrNotAssigned, papers.ErrOwnCompany,
		papers.ErrNoReviewer, papers.ErrNotReviewable, papers.ErrNoStaged, papers.ErrBadOutcome} {
		want = append(want, err.Error())
	}
	call := &papers.Call{AbstractLimit: 1, Topics: []string{"x"}}
	long := strings.Repeat("字", 300)
	var fes []papers.FieldErrors
	for _, f := range []papers.Form{{}, {Title: long, Abstract: long, Keywords: long, Topic: "y", Authors: []papers.Author{{Affiliation: "a"}},
		File: &papers.Upload{Data: []byte("GIF89a")}}} {
		fes = append(fes, f.Validate(call, true, false))
	}
	for _, f := range []papers.CallForm{{}, {OpensOn: "2026-02-01", ClosesOn: "2026-01-01", LateCode: long, Topics: long, Criteria: "x"},
		{OpensOn: "2026-01-01", ClosesOn: "2026-02-01", AbstractLimit: "100", Criteria: "a 50"}} {
		_, fe := f.Call(1)
		fes = append(fes, fe)
	}
	fes = append(fes, (&papers.Invitation{Affiliation: long}).Validate(),
		papers.FieldErrors{"code": "逾期投稿码不正确"}, papers.FieldErrors{"code": "投稿已截止；逾期投稿须填写协会提供的逾期投稿码"},
		papers.FieldErrors{"uscc": "未找到该统一社会信用代码的单位", "score": "请给出1到10分", "comment": "评审意见最多3000字", "note": "说明最多2000字"})
	for _, fe := range fes {
		for _, v := range fe {
			if strings.Contains(v, "%") || strings.ContainsAny(v, "0123456789") && strings.Contains(v, "/") {
				continue // formatted with numbers: checked as the format below
			}
			want = append(want, v)
		}
	}
	want = append(want, "摘要超过字数上限：%d / %d 字", "最多 %d 位作者")
	for _, s := range want {
		if !i18n.Has(s) {
			t.Errorf("no English for %q", s)
		}
	}
}
