package campaign

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"cpca/internal/campaign"
	"cpca/tests/smtpsink"
)

// A real `cpca worker` process sending a campaign is killed (SIGKILL) mid-batch; a run
// afterwards finishes it. Nobody is lost, and the only second copies are of rows that were
// sending when the process died (at most the runner's concurrency): the window the README states.
func TestResumeAfterWorkerKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ctx := context.Background()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	bin := filepath.Join(t.TempDir(), "cpca")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	d := smtpsink.Start(t)
	d.Delay.Store(int64(40 * time.Millisecond))
	var addrs []string
	for range 60 {
		addrs = append(addrs, addr("kill", "example.com"))
	}
	c := newCampaign(t, companies(t, addrs...))

	var logs bytes.Buffer
	w := exec.Command(bin, "worker")
	w.Env = append(os.Environ(), "CPCA_SMTP_URL="+d.URL(), "CPCA_CAMPAIGN_RATE=0", "CPCA_CAMPAIGN_DOMAIN_RATE=0")
	w.Stdout, w.Stderr = &logs, &logs
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			_ = w.Process.Kill()
			_ = w.Wait()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for d.Count.Load() < 15 {
		if time.Now().After(deadline) {
			t.Fatalf("the worker did not send the campaign\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w.Wait()
	killed = true
	var sending, sent int
	if err := env.DB.NewRaw(`SELECT count(*) FILTER (WHERE status = 'sending'), count(*) FILTER (WHERE status = 'sent')
		FROM campaign_deliveries WHERE campaign_id = ?`, c.ID).Scan(ctx, &sending, &sent); err != nil {
		t.Fatal(err)
	}
	if sent == len(addrs) {
		t.Fatal("the worker finished before it was killed; the test proves nothing")
	}
	before := d.PerAddress()
	d.Delay.Store(0)

	// The next run (as the next sweep would, on another worker) takes over: the dead process's
	// advisory lock went with its connection.
	r := runner(t, d, campaign.Limits{})
	var res campaign.Result
	var err error
	for range 50 {
		if res, err = r.Run(ctx, c.ID); err != campaign.ErrBusy {
			break
		}
		time.Sleep(100 * time.Millisecond) // PostgreSQL notices the dead connection
	}
	if err != nil || !res.Finished {
		t.Fatalf("resume: %+v %v", res, err)
	}
	per := d.PerAddress()
	dups := 0
	for _, a := range addrs {
		switch n := per[lower(a)]; {
		case n == 0:
			t.Errorf("%s never got the campaign: lost", a)
		case n > 1:
			dups++
			if before[lower(a)] == 0 {
				t.Errorf("%s got two copies but was not in flight at the kill", a)
			}
		}
	}
	if dups > sending || dups > 4 { // the runner's default concurrency is 4
		t.Fatalf("%d duplicates; %d rows were sending at the kill (window: at most the runner's 4 in flight)", dups, sending)
	}
	t.Logf("killed after %d sent, %d in flight; %d duplicates after resume", sent, sending, dups)
}
