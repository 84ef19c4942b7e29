package directory

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/directory"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

// Directory masking in page, fragment and export for each audience, as one table. The
// consenting 王芳's mobile (13712345678) appears masked (137****5678) in every directory
// answer a member or council member gets; members have no export of the directory at all (no
// such route, and the staff export refuses them); among staff only 会员部 may export the member
// register, where contact numbers are theirs to see in full (it is the association's own
// register, not the directory, and their right in the policy); other departments are refused.
func TestMaskingEverySurface(t *testing.T) {
	tg := newTarget(t)
	frag := tg.Name[len("测试电路"):][:6]
	plain, _ := env.Member(t)
	staff := func(role string) *testenv.Client {
		c := env.NewClient(t)
		c.Login(env.CreateStaff(t, role), testenv.Password)
		return c
	}
	viewers := map[string]*testenv.Client{"member": plain, "council": council(t),
		"会员部": staff(account.StaffMembership), "会展": staff(account.StaffEvents), "信息": staff(account.StaffInfo)}
	const full, masked = "13712345678", "137****5678"
	surfaces := map[string]func(c *testenv.Client) *testenv.Resp{
		"page":     func(c *testenv.Client) *testenv.Resp { return c.Get("/directory?q=" + url.QueryEscape(frag)) },
		"fragment": func(c *testenv.Client) *testenv.Resp { return c.GetHTMX("/directory?q=" + url.QueryEscape(frag)) },
		"directory export": func(c *testenv.Client) *testenv.Resp {
			return c.Get("/directory/export?q=" + url.QueryEscape(frag))
		},
		"member export": func(c *testenv.Client) *testenv.Resp {
			return c.Get("/admin/members/export?q=" + url.QueryEscape(tg.Name))
		},
	}
	// want: "masked" (shown, only masked), "full" (the viewer's right), "refused" (no answer
	// that carries the number at all).
	cases := []struct{ viewer, surface, want string }{
		{"member", "page", "masked"}, {"member", "fragment", "masked"},
		{"member", "directory export", "refused"}, {"member", "member export", "refused"},
		{"council", "page", "masked"}, {"council", "fragment", "masked"},
		{"council", "directory export", "refused"}, {"council", "member export", "refused"},
		{"会员部", "page", "refused"}, {"会员部", "directory export", "refused"}, {"会员部", "member export", "full"},
		{"会展", "page", "refused"}, {"会展", "member export", "refused"},
		{"信息", "fragment", "refused"}, {"信息", "member export", "refused"},
	}
	for _, c := range cases {
		r := surfaces[c.surface](viewers[c.viewer])
		text := r.Body
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
			text = sheetText(t, r.Body)
		}
		switch c.want {
		case "masked":
			if r.Status != http.StatusOK || !strings.Contains(text, masked) || strings.Contains(text, full) {
				t.Errorf("%s / %s: %d, masked=%v full=%v", c.viewer, c.surface, r.Status, strings.Contains(text, masked), strings.Contains(text, full))
			}
		case "full":
			if r.Status != http.StatusOK || !strings.Contains(text, full) {
				t.Errorf("%s / %s: %d, full number missing", c.viewer, c.surface, r.Status)
			}
		case "refused":
			if r.Status == http.StatusOK || strings.Contains(text, full) || strings.Contains(text, masked) {
				t.Errorf("%s / %s: %d, want a refusal without the number", c.viewer, c.surface, r.Status)
			}
		}
	}
}

// Members have no bulk export: no route a member or council member may reach exports
// anything, whatever its name.
func TestNoMemberExportRoute(t *testing.T) {
	for _, rt := range env.App.GetRoutes(true) {
		p := strings.ToLower(rt.Path)
		if !strings.Contains(p, "export") && !strings.Contains(p, "download") && !strings.HasSuffix(p, ".xlsx") && !strings.HasSuffix(p, ".csv") {
			continue
		}
		for _, role := range []string{account.RoleMember, account.RoleCouncil} {
			if env.Sys.Authz.Allowed(role, rt.Path, rt.Method) {
				t.Errorf("%s may reach %s %s", role, rt.Method, rt.Path)
			}
		}
	}
}

// sheetText is every cell of an .xlsx answer, one per line.
func sheetText(t *testing.T, body string) string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("export is not a workbook: %v", err)
	}
	defer x.Close()
	var b strings.Builder
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

// Viewing and searching are limited per user: past directory.SearchLimit the page and the
// fragment answer 429 without any entry; another user is not affected.
func TestSearchRateLimited(t *testing.T) {
	tg := newTarget(t)
	m, _ := env.Member(t)
	for i := 0; i < directory.SearchLimit.Limit; i++ {
		if r := m.GetHTMX("/directory?q=" + url.QueryEscape(tg.Name)); r.Status != http.StatusOK {
			t.Fatalf("search %d: %d", i+1, r.Status)
		}
	}
	for _, htmx := range []bool{false, true} {
		r := search(m, tg.Name, htmx)
		if r.Status != http.StatusTooManyRequests || strings.Contains(r.Body, "137****5678") {
			t.Errorf("past the limit (htmx=%v): %d", htmx, r.Status)
		}
	}
	other, _ := env.Member(t)
	if r := search(other, tg.Name, false); r.Status != http.StatusOK {
		t.Errorf("another user is limited too: %d", r.Status)
	}
}
