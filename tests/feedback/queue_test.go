package feedback

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/feedback"
)

// The staff queue filters by category, state, age and assignee (page and htmx fragment with
// the filter in the URL), and its medians follow the filter.
func TestQueue(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	s := newStaff(t, "info")
	by := audit.Actor{ID: s.User.ID, Name: s.User.Username}
	mk := func(subject, category string, age, replyAfter, resolveAfter time.Duration) int64 {
		it, err := feedback.Submit(ctx, env.DB, m.CompanyID, feedback.Draft{Category: category, Subject: subject, Body: "内容"},
			audit.Actor{ID: m.UserID}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		created := time.Now().Add(-age)
		q := env.DB.NewUpdate().Model((*feedback.Item)(nil)).Set("created_at = ?", created).Where("id = ?", it.ID)
		status := feedback.Unread
		if replyAfter > 0 {
			q, status = q.Set("first_reply_at = ?", created.Add(replyAfter)), feedback.Processing
		}
		if resolveAfter > 0 {
			q, status = q.Set("resolved_at = ?", created.Add(resolveAfter)), feedback.Resolved
		}
		q = q.Set("status = ?", status)
		if _, err := q.Exec(ctx); err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	tag := "Q" + id(time.Now().UnixNano()%100000)
	a := mk(tag+"发票一", feedback.Billing, 10*24*time.Hour, time.Hour, 2*24*time.Hour)
	mk(tag+"发票二", feedback.Billing, 2*24*time.Hour, 3*time.Hour, 4*24*time.Hour)
	mk(tag+"发票三", feedback.Billing, time.Hour, 5*time.Hour, 0)
	sys := mk(tag+"系统", feedback.SystemIssue, 40*24*time.Hour, 0, 0)
	if err := feedback.Assign(ctx, env.DB, a, s.User.ID, by); err != nil {
		t.Fatal(err)
	}

	rows := func(q string) string {
		r := s.Get("/admin/feedback?" + q)
		mustStatus(t, r, http.StatusOK, "queue "+q)
		return r.Doc.Find("#admin-feedback tbody").Text()
	}
	has := func(q string, want ...string) {
		t.Helper()
		got := rows(q)
		for _, w := range []string{"发票一", "发票二", "发票三", "系统"} {
			in := strings.Contains(got, tag+w)
			exp := false
			for _, x := range want {
				exp = exp || x == w
			}
			if in != exp {
				t.Errorf("queue ?%s: %s listed %v, want %v", q, w, in, exp)
			}
		}
	}
	has("category=billing", "发票一", "发票二", "发票三")
	has("category=system", "系统")
	has("status=resolved&category=billing", "发票一", "发票二")
	has("age=7", "发票一", "系统")
	has("age=30", "系统")
	has("assignee=me", "发票一")
	has("assignee="+id(s.User.ID), "发票一")
	has("assignee=none&category=billing", "发票二", "发票三")
	has("category=nonsense&status=bogus&age=2&assignee=x", "发票一", "发票二", "发票三", "系统") // unknown values are dropped

	// The fragment answers htmx with the filter kept for the pager and the medians follow it.
	r := s.GetHTMX("/admin/feedback?category=system")
	if r.Status != http.StatusOK || strings.Contains(r.Body, "<html") || r.Doc.Find("#admin-feedback").Length() != 1 {
		t.Fatalf("htmx fragment: %d", r.Status)
	}
	if r.Doc.Find(`#median-first`).Length() != 1 || !strings.Contains(r.Doc.Find("tbody").Text(), tag+"系统") {
		t.Error("the fragment lacks the medians or the filtered rows")
	}
	_ = sys
}

// The medians are computed over the filter (a combination only this test's rows match), and the
// page shows them.
func TestMediansFollowFilter(t *testing.T) {
	ctx := context.Background()
	// Use a state only this test puts rows in at this moment: 待补充 with a fixed reply time.
	m := newMember(t)
	var ids []int64
	for i, h := range []int{2, 4, 9} {
		it := m.submit(t, "中位数")
		ids = append(ids, it.ID)
		if _, err := env.DB.NewRaw(`UPDATE feedback SET status = 'waiting', category = 'complaint', created_at = now() - interval '30 days' - (? * interval '1 minute'),
			first_reply_at = now() - interval '30 days' - (? * interval '1 minute') + (? * interval '1 hour') WHERE id = ?`, i, i, h, it.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	st, err := feedback.Medians(ctx, env.DB, feedback.Filter{Category: feedback.Complaint, Status: feedback.Waiting, OlderThan: 30, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if st.Replied != 3 || st.FirstReply != 4*time.Hour {
		t.Errorf("medians: %d replied, first reply %v; want 3 and 4h", st.Replied, st.FirstReply)
	}
	s := newStaff(t, "info")
	r := s.Get("/admin/feedback?category=complaint&status=waiting&age=30")
	if got := strings.Join(strings.Fields(r.Doc.Find("#median-first").Text()), " "); got != "4 小时 0 分钟" {
		t.Errorf("the page shows the median as %q, want 4 小时 0 分钟", got)
	}
	if st, _ := feedback.Medians(ctx, env.DB, feedback.Filter{Category: feedback.Complaint, Status: feedback.Closed, OlderThan: 30, Now: time.Now()}); st.Replied != 0 || st.FirstReply != 0 {
		t.Errorf("a filter without rows has medians %+v", st)
	}
	_ = ids
}
