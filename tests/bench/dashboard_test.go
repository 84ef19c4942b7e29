package bench

import (
	"context"
	"testing"
	"time"

	"cpca/internal/dashboard"
)

// BenchmarkDashboardWidget measures every 可视化管理 widget on the seed.sql data (50k
// companies, 500k dues): "query" is the widget's one SQL query and table building, cold
// (no cache); "router" is the htmx fragment through the router as staff load it, with the
// 30-second cache off, so every request runs the query and renders.
func BenchmarkDashboardWidget(b *testing.B) {
	s, _ := seeded(b)
	// seed.sql only analyzes; in production autovacuum keeps the visibility map set, which the
	// widgets' index-only scans need.
	if _, err := env.DB.ExecContext(context.Background(), `VACUUM ANALYZE companies, dues`); err != nil {
		b.Fatal(err)
	}
	ttl := dashboard.TTL
	dashboard.TTL = 0
	defer func() { dashboard.TTL = ttl }()
	ctx := context.Background()
	for _, w := range dashboard.Widgets {
		b.Run(w.Name+"/query", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := w.Load(ctx, env.DB, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(w.Name+"/router", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if r := s.GetHTMX(w.Path); r.Status != 200 {
					b.Fatalf("%s: %d", w.Path, r.Status)
				}
			}
		})
	}
}

// BenchmarkDashboardCached is the whole dashboard as a browser loads it with the cache warm:
// the home page and every widget fragment.
func BenchmarkDashboardCached(b *testing.B) {
	s, _ := seeded(b)
	for _, w := range dashboard.Widgets {
		s.GetHTMX(w.Path)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Get("/admin")
		for _, w := range dashboard.Widgets {
			if r := s.GetHTMX(w.Path); r.Status != 200 {
				b.Fatalf("%s: %d", w.Path, r.Status)
			}
		}
	}
}

// BenchmarkDashboardHome is the staff home itself (the widgets' frames, before they load).
func BenchmarkDashboardHome(b *testing.B) {
	s, _ := seeded(b)
	page(b, s, "/admin")
}
