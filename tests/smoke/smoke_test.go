package smoke

import (
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
