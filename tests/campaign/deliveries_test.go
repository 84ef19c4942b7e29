package campaign

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/campaign"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

// "Who did not get it": the campaign page filtered to rows not sent lists the bounced address
// only; the Excel export of that filter has the same rows with their SMTP code.
func TestWhoDidNotGetItAndExport(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	good, bad := addr("good", "example.com"), addr("gone", "example.com")
	d.Reject(bad)
	c := newCampaign(t, companies(t, good, bad))
	if _, err := runner(t, d, campaign.Limits{}).Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	s := env.NewClient(t)
	s.Login(env.CreateStaff(t, "info"), testenv.Password)
	page := s.GetHTMX(fmt.Sprintf("/admin/campaigns/%d?missing=1", c.ID))
	if page.Status != http.StatusOK || !strings.Contains(page.Body, bad) || strings.Contains(page.Body, good) || !strings.Contains(page.Body, "退信") {
		t.Fatalf("not-delivered filter: %d\n%s", page.Status, page.Body)
	}
	x := s.Get(fmt.Sprintf("/admin/campaigns/%d/export?missing=1", c.ID))
	if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", x.Status, x.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("发送记录")
	if err != nil || len(rows) != 2 || rows[1][0] != bad || rows[1][4] != "退信" || rows[1][5] != "550" {
		t.Fatalf("export rows %v %v", rows, err)
	}
}
