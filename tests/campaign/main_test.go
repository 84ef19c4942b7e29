// Package campaign checks 群发邮件 end to end against the real database and an in-process
// SMTP server (tests/smtpsink): audience resolution, throttling, deferrals, bounces,
// unsubscribe, four-eyes approval, concurrent and interrupted runs, transactional templates.
package campaign

import (
	"context"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/campaign"
	"cpca/internal/mail"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "campaign", &env) }

var staffA = audit.Actor{ID: 0, Name: "fixture"}

// staffActor makes a real staff user (approvals compare user ids).
func staffActor(t *testing.T) audit.Actor {
	t.Helper()
	name := env.CreateStaff(t, "info")
	var id int64
	if err := env.DB.NewRaw(`SELECT id FROM users WHERE username = ?`, name).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return audit.Actor{ID: id, Name: name}
}

// addr makes a unique address at domain.
func addr(local, domain string) string { return testenv.Name(local) + "@" + domain }

// runner sends through the sink without limits unless given.
func runner(t *testing.T, d *smtpsink.Sink, l campaign.Limits) *campaign.Runner {
	t.Helper()
	s, err := mail.NewSMTPSender(d.URL())
	if err != nil {
		t.Fatal(err)
	}
	r := campaign.NewRunner(env.DB, s, "CPCA <noreply@cpca.test>", env.Cfg.BaseURL, l, env.Log)
	r.Budget = 2 * time.Minute // the machine is shared: a run must not end on its budget
	return r
}

// newCampaign creates a campaign to the companies' primary contacts, sent at once.
func newCampaign(t *testing.T, ids []int64, roles ...string) *campaign.Campaign {
	t.Helper()
	if len(roles) == 0 {
		roles = []string{campaign.RolePrimary}
	}
	c, err := campaign.Create(context.Background(), env.DB, campaign.Draft{Subject: "{{企业名称}} 年会通知",
		Body: "{{联系人}}：\n\n欢迎参加年会。会员编号 {{会员编号}}。", Audience: broadcast.Audience{CompanyIDs: ids}, Roles: roles},
		staffA, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// companies seeds n companies whose primary contacts are the given addresses.
func companies(t *testing.T, addrs ...string) []int64 {
	t.Helper()
	var ids []int64
	for _, a := range addrs {
		ids = append(ids, testenv.SeedCompany(t, env.DB, "member", testenv.Contact{Name: "联系人" + a[:4], Email: a, Primary: true}))
	}
	return ids
}

func deliveries(t *testing.T, id int64) map[string]campaign.Delivery {
	t.Helper()
	var ds []campaign.Delivery
	if err := env.DB.NewSelect().Model(&ds).Where("campaign_id = ?", id).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[string]campaign.Delivery{}
	for _, d := range ds {
		out[d.Address] = d
	}
	return out
}

func lower(s string) string { return strings.ToLower(s) }
