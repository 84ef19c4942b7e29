package campaign

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/broadcast"
	"cpca/internal/campaign"
	"cpca/tests/testenv"
)

// A campaign to all members waits for approval; its author cannot approve it, another staff
// user can, once.
func TestFourEyes(t *testing.T) {
	ctx := context.Background()
	companies(t, addr("all", "example.com"))
	author, other := staffActor(t), staffActor(t)
	c, err := campaign.Create(ctx, env.DB, campaign.Draft{Subject: "全体会员通知", Body: "正文", Audience: broadcast.Audience{All: true},
		Roles: []string{campaign.RolePrimary}}, author, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != campaign.AwaitingApproval || !c.NeedsApproval {
		t.Fatalf("to all members: %s, want awaiting approval", c.Status)
	}
	if ids, _ := campaign.Due(ctx, env.DB, time.Now().Add(time.Hour)); containsID(ids, c.ID) {
		t.Fatal("an unapproved campaign is due")
	}
	if _, err := campaign.Approve(ctx, env.DB, c.ID, author); !errors.Is(err, campaign.ErrOwnApproval) {
		t.Fatalf("author approved own campaign: %v", err)
	}
	a, err := campaign.Approve(ctx, env.DB, c.ID, other)
	if err != nil || a.Status != campaign.Scheduled || a.ApprovedBy != other.ID {
		t.Fatalf("approve by another: %+v %v", a, err)
	}
	if _, err := campaign.Approve(ctx, env.DB, c.ID, other); !errors.Is(err, campaign.ErrState) {
		t.Fatalf("second approval: %v", err)
	}
	if _, err := campaign.Cancel(ctx, env.DB, c.ID, other); err != nil {
		t.Fatal(err) // do not let the other tests' runs mail every member
	}
	// A campaign to chosen companies needs no approval.
	if c := newCampaign(t, companies(t, addr("one", "example.com"))); c.Status != campaign.Scheduled || c.NeedsApproval {
		t.Fatalf("to chosen companies: %s", c.Status)
	}
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// Through the router: an unknown variable is shown next to the content field with what was
// typed kept; the live count answers; a valid campaign is created and shows its page.
func TestComposeHTTP(t *testing.T) {
	ids := companies(t, addr("http", "example.com"))
	var uscc string
	if err := env.DB.NewRaw(`SELECT uscc FROM companies WHERE id = ?`, ids[0]).Scan(context.Background(), &uscc); err != nil {
		t.Fatal(err)
	}
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "info"), testenv.Password)
	s.Get("/admin/campaigns/new")
	form := url.Values{"subject": {"通知"}, "body": {"{{企业名字}} 您好"}, "companies": {uscc}, "roles": {"primary"}, "action": {"send"}}
	r := s.Post("/admin/campaigns", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("body"), "未知变量 {{企业名字}}") ||
		!strings.Contains(r.Body, "{{企业名字}} 您好") {
		t.Fatalf("unknown variable: %d %q", r.Status, r.FieldError("body"))
	}
	cnt := s.GetHTMX("/admin/campaigns/count?roles=primary&companies=" + uscc)
	if !strings.Contains(cnt.Text("#campaign-count"), "1") {
		t.Fatalf("live count: %q", cnt.Text("#campaign-count"))
	}
	form.Set("body", "{{联系人}}，您好")
	form.Set("action", "preview")
	if r := s.Post("/admin/campaigns", form); !strings.Contains(r.Text("#preview-body"), "您好") || strings.Contains(r.Text("#preview-body"), "{{") {
		t.Fatalf("preview: %q", r.Text("#preview-body"))
	}
	form.Set("action", "send")
	r = s.Post("/admin/campaigns", form)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/admin/campaigns/") {
		t.Fatalf("send: %d %s", r.Status, r.Location())
	}
	if p := s.Get(r.Location()); p.Status != http.StatusOK || !strings.Contains(p.Body, "通知") {
		t.Fatalf("campaign page: %d", p.Status)
	}
}
