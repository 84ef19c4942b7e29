package app

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/i18n"
	"cpca/internal/membership"
	"cpca/internal/people"
	"cpca/internal/profile"
)

// companySamples are the English samples of 会员信息, 单位成员, 单位账号, 忘记密码 and
// 会员信息变更: every state of a change, a person with and without consent, every kind of
// account row.
func companySamples(now time.Time, snap membership.Snapshot, pager Pager) map[string][]any {
	var changes []profile.Change
	for _, st := range profile.Statuses {
		ch := profile.Change{ID: int64(len(changes) + 1), CompanyID: 1, Kind: profile.KindKey, Status: st, CompanyName: "Acme", RequesterName: "li",
			Old: map[string]string{"name": "Acme", "reg_capital": "100"}, New: map[string]string{"name": "Acme Two", "reg_capital": "200"},
			EvidenceID: sql.NullString{String: "f", Valid: true}, Note: "Renamed", CreatedAt: now}
		if st == profile.Applied {
			ch.Kind = profile.KindProfile
		}
		if st == profile.Rejected || st == profile.Approved {
			ch.DecidedAt, ch.DeciderName = sql.NullTime{Time: now, Valid: true}, "admin"
		}
		if st == profile.Rejected {
			ch.Reason = "Blurry scan"
		}
		changes = append(changes, ch)
	}
	open := changes[0]
	ps := []company.Person{
		{ID: 1, Name: "Li Hua", Title: "CEO", Mobile: "13800138000", Email: "li@x.cn", IsPrimary: true, IsFinance: true, IsMeeting: true,
			ConsentAt: sql.NullTime{Time: now, Valid: true}, ConsentVersion: people.ConsentVersion,
			SMSMarketingAt: sql.NullTime{Time: now, Valid: true}, SMSMarketingBy: sql.NullInt64{Int64: 1, Valid: true}, SMSMarketingByName: "main"},
		{ID: 2, Name: "Wang Fang", Title: "CFO", Department: "Finance", Mobile: "13800138001", Email: "w@x.cn"},
	}
	pp := func(editing int64, adding bool) peoplePage {
		return peoplePage{People: ps, Editing: editing, Adding: adding, Form: people.Form{Name: "Li"}, Consent: people.ConsentText,
			Version: people.ConsentVersion, Saved: "Saved.", IsMain: true}
	}
	colleague := pp(0, false)
	colleague.IsMain = false
	users := []account.Colleague{
		{User: account.User{ID: 1, Username: "main", IsMain: true}},
		{User: account.User{ID: 2, Username: "b"}, Pending: true},
		{User: account.User{ID: 3, Username: "c", Disabled: true}},
		{User: account.User{ID: 4, Username: "d"}},
	}
	return map[string][]any{
		"pages/company": {companyPage{Snap: snap, History: changes, Pager: pager}, companyPage{Snap: snap, Open: &open},
			companyPage{Snap: snap, KeyErrors: true}},
		"pages/admin_changes":     {changesPage{changesQuery: changesQuery{Status: profile.Pending}, Rows: changes, Pager: pager, Statuses: profile.Statuses}, changesPage{changesQuery: changesQuery{Status: profile.Pending}}, changesPage{changesQuery: changesQuery{Status: "all"}}},
		"partials/changes_table":  {changesPage{Rows: changes, Pager: pager}, changesPage{}},
		"pages/admin_change":      {changeDetailPage{Change: &changes[0], History: changes}, changeDetailPage{Change: &changes[2]}},
		"partials/change_history": nil, // rendered within the pages above
		"pages/people":            {pp(0, false), pp(2, false), pp(0, true), peoplePage{}},
		"partials/people_list":    {pp(0, false), pp(1, false), colleague},
		"partials/person_fields":  nil,
		"pages/company_accounts":  {accountsPage{Users: users, IsMain: true}, accountsPage{Users: users}},
		"pages/forgot":            {linkPage{}, linkPage{Sent: true}},
		"pages/set_password":      {linkPage{Action: "/invite/t", Username: "li", Invite: true}, linkPage{Action: "/reset/t", Username: "li"}, linkPage{Invalid: true}, linkPage{Invalid: true, Invite: true}},
	}
}

// TestCompanyTextTranslated: every fixed message of 会员信息, 单位成员, 单位账号 and 忘记密码
// that Go hands to a page (errors, states, field labels, validation) has English.
func TestCompanyTextTranslated(t *testing.T) {
	var want []string
	for _, e := range []error{profile.ErrNotFound, profile.ErrOpen, profile.ErrNoChange, profile.ErrNoEvidence, profile.ErrReason,
		profile.ErrTransition{From: profile.Approved, To: profile.Rejected}, people.ErrNotFound, people.ErrLastPrimary, people.ErrNeedPrimary,
		people.ErrTooMany, people.ErrNotMain, account.ErrLinkInvalid, account.ErrNotMain, account.ErrNotColleague, account.ErrSelf, account.ErrNotPending,
		account.ErrTooManyUsers, account.ErrResetTooMany} {
		if m, ok := errs.MessageOf(e); ok {
			want = append(want, m.Key)
		} else {
			want = append(want, e.Error())
		}
	}
	for _, s := range profile.Statuses {
		want = append(want, profile.StatusLabel(s))
	}
	for _, l := range profile.Labels {
		want = append(want, l)
	}
	long := strings.Repeat("x", 40)
	for _, f := range []people.Form{{}, {Name: long, Title: long, Department: long, Mobile: "1", Email: "x"}} {
		for _, m := range f.Validate() {
			want = append(want, m)
		}
	}
	for _, inv := range []account.Invitation{{}, {Name: long, Username: "1", Email: "x"}} {
		for _, m := range inv.Validate() {
			want = append(want, m)
		}
	}
	want = append(want, people.ConsentText, "说明最多500字", "该统一社会信用代码已被其他单位使用", "请填写用户名或邮箱")
	for _, s := range want {
		if !i18n.Has(s) {
			t.Errorf("no English for %q", s)
		}
	}
}
