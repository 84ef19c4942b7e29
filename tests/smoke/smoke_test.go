package smoke

import (
	"net/http"
	"strings"
	"testing"

	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "smoke", &env) }

// A member registered and approved through the UI lands on 待办事项 with the welcome notice.
func TestRegisterApproveLogin(t *testing.T) {
	m, _ := env.Member(t)
	r := m.Get("/home")
	if r.Status != 200 || !testenv.Contains(r.Body, "欢迎加入中国电子电路行业协会", "待办事项") {
		t.Fatalf("home: %d %s", r.Status, r.Body)
	}
}

// htmx asks for a whole page when it restores history after a cache miss: the answer must
// not be the bare fragment, or Back after a filter would show a table without the page.
func TestHistoryRestoreGetsWholePage(t *testing.T) {
	s := env.NewClient(t)
	s.Login(env.CreateAdmin(t), testenv.Password)
	frag := s.GetHTMX("/admin/applications?status=pending")
	if strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, `id="applications"`) {
		t.Fatalf("htmx filter request: want the fragment, got %.200s", frag.Body)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test/admin/applications?status=pending", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-History-Restore-Request", "true")
	if r := s.Do(req); !strings.Contains(r.Body, "<html") {
		t.Fatalf("history restore: want the whole page, got %.200s", r.Body)
	}
}
