package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/imports"
	"cpca/tests/testenv"
)

// TestImport50k is the 导入会员 speed run: 50,000 rows (37 of them bad) uploaded, dry-run and
// imported in 补全空白字段 mode, against a 5,000-row file, with the peak Go heap and the peak
// RSS of each, so "flat memory" is a measurement. It takes about a minute, so it runs only
// with CPCA_BENCH_IMPORT=1 (make bench sets it). Numbers go to REPORT.md, 会员导入.
func TestImport50k(t *testing.T) {
	if os.Getenv("CPCA_BENCH_IMPORT") == "" {
		t.Skip("set CPCA_BENCH_IMPORT=1 (make bench)")
	}
	for _, n := range benchSizes() {
		t.Run(strconv.Itoa(n), func(t *testing.T) { importRun(t, n) })
	}
}

func importRun(t *testing.T, n int) {
	ctx := context.Background()
	rows := [][]string{testenv.ImportHeader()}
	salt := fmt.Sprintf("%06d", n%1000000)
	bad := 0
	for i := 0; i < n; i++ {
		r := testenv.ImportRow(i, testenv.ImportCode(salt, i))
		if i%1300 == 7 && bad < 37 {
			r[24] = "12345" // not a mobile
			bad++
		}
		rows = append(rows, r)
	}
	data := testenv.XLSX(t, rows)
	rows = nil
	j, err := imports.Upload(ctx, env.DB, "bench.xlsx", data, audit.Actor{Name: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	size := len(data)
	data = nil

	peak := watchMemory()
	t0 := time.Now()
	if err := imports.Configure(ctx, env.DB, j.ID, j.Mapping, imports.ModeFill, audit.Actor{Name: "bench"}); err != nil {
		t.Fatal(err)
	}
	if err := imports.Process(ctx, env.DB, j.ID, "http://bench", time.Now); err != nil {
		t.Fatal(err)
	}
	dry := time.Since(t0)
	if err := imports.Start(ctx, env.DB, j.ID, false, audit.Actor{Name: "bench"}); err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	if err := imports.Process(ctx, env.DB, j.ID, "http://bench", time.Now); err != nil {
		t.Fatal(err)
	}
	run := time.Since(t1)
	heap, rss := peak()
	done, err := imports.Get(ctx, env.DB, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != imports.StatusDone || done.Created != n-bad || done.Errors != bad {
		t.Fatalf("import of %d: %s %+v", n, done.Status, done.Counts)
	}
	t.Logf("%d rows (%.1f MB xlsx, %d bad): dry run %.1fs (%.0f rows/s), import %.1fs (%.0f rows/s), peak Go heap %.0f MB, peak RSS %.0f MB",
		n, float64(size)/1e6, bad, dry.Seconds(), float64(n)/dry.Seconds(), run.Seconds(), float64(n)/run.Seconds(),
		float64(heap)/1e6, float64(rss)/1e6)
	if n == 50000 && run > 60*time.Second {
		t.Errorf("50,000 rows took %s, the target is under 60 s", run)
	}
}

// watchMemory samples the Go heap every 50 ms and resets the kernel's peak RSS; the returned
// func stops and reports the peak heap in use and the peak RSS (VmHWM) since the start.
func watchMemory() func() (heap, rss uint64) {
	runtime.GC()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM
	var max atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max.Load() {
				max.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tk.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(stop)
		<-done
		return max.Load(), vmHWM()
	}
}

func vmHWM() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "VmHWM:"), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// benchSizes are the file sizes of the run (CPCA_BENCH_IMPORT_ROWS overrides, for profiling).
func benchSizes() []int {
	if s := os.Getenv("CPCA_BENCH_IMPORT_ROWS"); s != "" {
		n, _ := strconv.Atoi(s)
		return []int{n}
	}
	return []int{5000, 50000}
}
