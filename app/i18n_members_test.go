package app

import (
	"database/sql"
	"testing"
	"time"

	"cpca/internal/company"
	"cpca/internal/i18n"
	"cpca/internal/members"
	"cpca/internal/membership"
)

// memberSamples are the English samples of 会员管理: every status, with and without rows,
// accounts and timeline.
func memberSamples() map[string][]any {
	now := time.Now()
	var rows []members.Row
	for i, st := range members.Statuses {
		rows = append(rows, members.Row{Company: company.Company{ID: int64(i + 1), Name: "Acme", USCC: "91350100M000100Y43", Status: st, Level: company.LevelCouncil,
			MemberNo: sql.NullString{String: "CPCA-001", Valid: true}, JoinedOn: sql.NullTime{Time: now, Valid: true}, Province: "北京市"}, DuesStatus: []string{"", "confirmed", "unpaid"}[i]})
	}
	list := membersPage{Rows: rows, Pager: newPager("/admin/members", nil, 1, 30, 3), Year: 2026, ExportURL: "/admin/members/export"}
	empty := membersPage{membersQuery: membersQuery{Status: company.StatusSuspended}, Query: "status=suspended", Year: 2026}
	var details []any
	for _, st := range members.Statuses {
		co := &company.Company{ID: 1, Name: "Acme", USCC: "91350100M000100Y43", Status: st, StatusReason: "Late dues", Level: company.LevelMember,
			People: []company.Person{{ID: 1, Name: "Li", IsPrimary: true, IsFinance: true}, {ID: 2, Name: "Wang"}}}
		var tl []members.Event
		for _, t := range members.TimelineTitles {
			tl = append(tl, members.Event{At: now, Title: t, Detail: "x"})
		}
		d := &members.Detail{Company: co, Accounts: []members.Account{{ID: 1, Username: "main", IsMain: true, Email: "a@x.cn"}, {ID: 2, Username: "b", Disabled: true}}, Timeline: tl}
		details = append(details, memberDetailPage{Detail: d, Snap: membership.SnapshotOf(co), CanSuspend: members.CanMove(st, company.StatusSuspended),
			CanResume: members.CanMove(st, company.StatusMember), CanWithdraw: members.CanMove(st, company.StatusWithdrawn), Typed: map[string]string{}})
	}
	details = append(details, memberDetailPage{Detail: &members.Detail{Company: &company.Company{ID: 2, Name: "Empty", Status: company.StatusMember}}})
	return map[string][]any{
		"pages/admin_members":    {list, empty},
		"partials/members_table": {list, empty},
		"pages/admin_member":     details,
	}
}

// TestMembersGoTextTranslated: the labels 会员管理 hands to templates have English.
func TestMembersGoTextTranslated(t *testing.T) {
	want := append([]string{}, members.TimelineTitles...)
	for _, s := range members.Statuses {
		want = append(want, members.StatusLabel(s))
	}
	for _, s := range members.DuesStates {
		want = append(want, members.DuesStateLabel(s))
	}
	for _, err := range []error{members.ErrReason, members.ErrState, members.ErrNotCompanyOf} {
		want = append(want, err.Error())
	}
	for _, s := range want {
		if !i18n.Has(s) {
			t.Errorf("no English for %q", s)
		}
	}
}
