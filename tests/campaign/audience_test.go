package campaign

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cpca/internal/broadcast"
	"cpca/internal/campaign"
	"cpca/tests/testenv"
)

// The audience resolves to the people with the chosen roles, one row per address
// (case-insensitive, spaces trimmed), suppressed addresses marked and not counted.
func TestAudienceRolesDedupe(t *testing.T) {
	ctx := context.Background()
	a1, a2, a3 := addr("a1", "example.com"), addr("a2", "example.com"), addr("a3", "example.com")
	b2, c1 := addr("b2", "qq.com"), addr("c1", "163.com")
	coA := testenv.SeedCompany(t, env.DB, "council",
		testenv.Contact{Name: "甲主", Email: a1, Primary: true, Meeting: true},
		testenv.Contact{Name: "甲财", Email: a2, Finance: true},
		testenv.Contact{Name: "甲员", Email: a3},
		testenv.Contact{Name: "无邮箱", Email: ""})
	// B's primary contact shares A's finance address, typed in upper case with spaces.
	coB := testenv.SeedCompany(t, env.DB, "member",
		testenv.Contact{Name: "乙主", Email: " " + strings.ToUpper(a2) + " ", Primary: true},
		testenv.Contact{Name: "乙财", Email: b2, Finance: true, Meeting: true})
	coC := testenv.SeedCompany(t, env.DB, "member", testenv.Contact{Name: "丙主", Email: c1, Primary: true})
	if err := campaign.Suppress(ctx, env.DB, strings.ToUpper(c1), campaign.ReasonUnsubscribe, "test"); err != nil {
		t.Fatal(err)
	}
	aud := broadcast.Audience{CompanyIDs: []int64{coA, coB, coC}}
	for _, tc := range []struct {
		name       string
		aud        broadcast.Audience
		roles      []string
		want       []string
		suppressed int
	}{
		{"primary", aud, []string{campaign.RolePrimary}, []string{a1, a2}, 1},
		{"finance", aud, []string{campaign.RoleFinance}, []string{a2, b2}, 0},
		{"meeting", aud, []string{campaign.RoleMeeting}, []string{a1, b2}, 0},
		{"primary+finance: shared address once", aud, []string{campaign.RolePrimary, campaign.RoleFinance}, []string{a1, a2, b2}, 1},
		{"all members of the companies", aud, []string{campaign.RoleAll}, []string{a1, a2, a3, b2}, 1},
		{"by level: council only", broadcast.Audience{Levels: []string{"council"}, CompanyIDs: nil, Provinces: []string{"广东省"}}, []string{campaign.RoleAll}, nil, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := campaign.Resolve(ctx, env.DB, tc.aud, tc.roles)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			supp := 0
			for _, r := range rs {
				if r.Suppressed {
					supp++
					continue
				}
				got = append(got, r.Address)
			}
			if tc.suppressed < 0 { // level filter: A's people are in, B's and C's are not
				for _, a := range []string{a1, a2, a3} {
					if !slices.Contains(got, a) {
						t.Errorf("council audience misses %s", a)
					}
				}
				if slices.Contains(got, b2) || slices.Contains(got, c1) {
					t.Errorf("council audience includes a plain member's contact: %v", got)
				}
				return
			}
			slices.Sort(got)
			want := append([]string(nil), tc.want...)
			slices.Sort(want)
			if !slices.Equal(got, want) || supp != tc.suppressed {
				t.Fatalf("got %v (suppressed %d), want %v (suppressed %d)", got, supp, want, tc.suppressed)
			}
			n, err := campaign.Count(ctx, env.DB, tc.aud, tc.roles)
			if err != nil || n.Addresses != len(want) || n.Suppressed != tc.suppressed || n.Companies != 3 {
				t.Fatalf("count %+v %v, want %d addresses, %d suppressed, 3 companies", n, err, len(want), tc.suppressed)
			}
		})
	}
	// The shared address goes to the lowest company's person: A's finance contact.
	rs, _ := campaign.Resolve(ctx, env.DB, aud, []string{campaign.RolePrimary, campaign.RoleFinance})
	for _, r := range rs {
		if r.Address == a2 && r.CompanyID != coA {
			t.Errorf("shared address resolved to company %d, want %d", r.CompanyID, coA)
		}
	}
	// No roles, empty audience: refused.
	if _, err := campaign.Count(ctx, env.DB, aud, nil); err == nil {
		t.Error("no roles accepted")
	}
	if _, err := campaign.Count(ctx, env.DB, broadcast.Audience{}, []string{campaign.RolePrimary}); err == nil {
		t.Error("empty audience accepted")
	}
}
