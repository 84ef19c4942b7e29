package bench

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/campaign"
	"cpca/internal/mail"
	"cpca/tests/smtpsink"
)

// TestCampaign50k sends a campaign to 50,000 addresses (50,000 member companies, one primary
// contact each) through the real runner and SMTP client to an in-process SMTP sink on
// loopback, without rate limits, and reports messages per second, time to finish and memory
// (see REPORT.md, 邮件群发). It takes minutes, so it runs only with CPCA_BENCH_CAMPAIGN=1
// (make bench); CPCA_BENCH_CAMPAIGN_N and CPCA_BENCH_CAMPAIGN_CONC change size and concurrency.
func TestCampaign50k(t *testing.T) {
	if os.Getenv("CPCA_BENCH_CAMPAIGN") == "" {
		t.Skip("set CPCA_BENCH_CAMPAIGN=1 (make bench)")
	}
	ctx := context.Background()
	n := 50000
	if v, err := strconv.Atoi(os.Getenv("CPCA_BENCH_CAMPAIGN_N")); err == nil && v > 0 {
		n = v
	}
	conc := 4
	if v, err := strconv.Atoi(os.Getenv("CPCA_BENCH_CAMPAIGN_CONC")); err == nil && v > 0 {
		conc = v
	}
	seed := time.Now()
	tag := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	if _, err := env.DB.NewRaw(`WITH c AS (
			INSERT INTO companies (name, uscc, status, level, province, category, member_no)
			SELECT '群发测试' || ?0 || g, upper(?0) || lpad(g::text, 18 - length(?0), '0'), 'member', 'member', '广东省', 'PCB制造', 'B' || ?0 || g
			FROM generate_series(1, ?1) g RETURNING id)
		INSERT INTO company_people (company_id, name, email, is_primary)
		SELECT id, '联系人' || id, 'c' || id || '@' || (ARRAY['example.com','qq.com','163.com','corp' || (id % 50) || '.cn'])[1 + id % 4], true FROM c`,
		tag, n).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := env.DB.NewRaw(`SELECT id FROM companies WHERE name LIKE ? ORDER BY id`, "群发测试"+tag+"%").Scan(ctx, &ids); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d companies in %v", len(ids), time.Since(seed).Round(time.Millisecond))

	d := smtpsink.Start(t)
	d.Discard = true
	snd, err := mail.NewSMTPSender(d.URL())
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()

	start := time.Now()
	c, err := campaign.Create(ctx, env.DB, campaign.Draft{Subject: "{{企业名称}} 年会通知", Body: "{{联系人}}：\n\n欢迎参加年会。会员编号 {{会员编号}}。",
		Audience: broadcast.Audience{CompanyIDs: ids}, Roles: []string{campaign.RolePrimary}}, audit.Actor{Name: "bench"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	created := time.Since(start)
	r := campaign.NewRunner(env.DB, snd, "CPCA <noreply@cpca.test>", env.Cfg.BaseURL, campaign.Limits{}, env.Log)
	r.Concurrency, r.Budget = conc, time.Hour
	runStart := time.Now()
	res, err := r.Run(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	total := time.Since(runStart)
	close(stop)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if !res.Finished || res.Sent != n || d.Count.Load() != int64(n) {
		t.Fatalf("run %+v, sink got %d, want %d sent", res, d.Count.Load(), n)
	}
	var startMs float64
	if err := env.DB.NewRaw(`SELECT extract(epoch FROM started_at - created_at) * 1000 FROM campaigns WHERE id = ?`, c.ID).Scan(ctx, &startMs); err != nil {
		t.Fatal(err)
	}
	t.Logf("campaign to %d addresses, concurrency %d: create (count) %v; run %v (%.0f msg/s); rows written at start in ~%.0f ms after create",
		n, conc, created.Round(time.Millisecond), total.Round(time.Millisecond), float64(n)/total.Seconds(), startMs)
	t.Logf("memory: heap in use before %.1f MiB, peak %.1f MiB; allocated during the run %.0f MiB (%.1f KiB per message, SMTP client and sink included)",
		float64(before.HeapInuse)/(1<<20), float64(peak.Load())/(1<<20), float64(after.TotalAlloc-before.TotalAlloc)/(1<<20),
		float64(after.TotalAlloc-before.TotalAlloc)/1024/float64(n))
}
