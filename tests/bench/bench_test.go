// Package bench holds Go benchmarks of the busiest pages through the real router against a
// database loaded by seed.sql (50k companies, 500k dues). Run: make bench. The wrk load run
// on loopback is run.sh; numbers are in REPORT.md.
package bench

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"

	"cpca/internal/uscc"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "bench", &env) }

var seedOnce sync.Once

// seeded loads seed.sql once per run (only benchmarks call it, so `go test` stays quick).
func seeded(b *testing.B) (staff, member *testenv.Client) {
	seedOnce.Do(func() {
		dsn := os.Getenv("CPCA_DATABASE_URL")
		out, err := exec.Command("psql", "-q", "-v", "ON_ERROR_STOP=1", dsn, "-f", "seed.sql").CombinedOutput()
		if err != nil {
			b.Fatalf("seed: %v\n%s", err, out)
		}
		if _, err := env.DB.ExecContext(context.Background(),
			`UPDATE users SET password_hash = ? WHERE username = 'bench8'`, mustHash(b)); err != nil {
			b.Fatal(err)
		}
	})
	staff = env.NewClient(b)
	staff.Login(env.CreateAdmin(b), testenv.Password)
	member = env.NewClient(b)
	member.IP = "10.9.0.2"
	member.Login("bench8", testenv.Password)
	return staff, member
}

func mustHash(b *testing.B) string {
	var h string
	u := env.CreateAdmin(b)
	if err := env.DB.NewRaw(`SELECT password_hash FROM users WHERE username = ?`, u).Scan(context.Background(), &h); err != nil {
		b.Fatal(err)
	}
	return h
}

func page(b *testing.B, c *testenv.Client, path string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if status, _ := c.Fetch(path); status != http.StatusOK {
			b.Fatalf("%s: %d", path, status)
		}
	}
}

func BenchmarkReviewListPending(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/applications?status=pending")
}

func BenchmarkReviewListSearch2Chars(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/applications?q=%E6%B7%B1%E5%9C%B3")
}

func BenchmarkFinanceYearStatus(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/dues?year=2026&status=pending")
}

func BenchmarkFinanceSearch2Chars(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin/dues?q=%E7%94%B5%E8%B7%AF")
}

func BenchmarkMemberDues(b *testing.B) {
	_, m := seeded(b)
	page(b, m, "/dues")
}

func BenchmarkMemberHome(b *testing.B) {
	_, m := seeded(b)
	page(b, m, "/home")
}

func BenchmarkUSCCValidate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := uscc.Validate("91350100M000100Y43"); err != nil {
			b.Fatal(err)
		}
	}
}
