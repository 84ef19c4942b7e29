package mail

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"cpca/internal/mail"
	"cpca/tests/smtpsink"
)

// A real `cpca worker` process is killed (SIGKILL) while a slow mail server holds its reply
// to a message it already has: the row stays sending, and nothing — a redelivered task, the
// relay, another worker — sends it again. This is the probe's case: before the fix the send ran
// inside the row's transaction, PostgreSQL rolled it back when the process died, and the
// email went out a second time.
func TestWorkerProcessKilledMidSend(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	bin := filepath.Join(t.TempDir(), "cpca")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	d := smtpsink.Start(t)
	id, to := queueEmail(t, "进程强杀测试")
	d.DelayTo.Store(to)               // other rows the worker may find go through
	d.Delay.Store(int64(time.Minute)) // the reply never comes while the worker lives

	var logs bytes.Buffer
	w := exec.Command(bin, "worker")
	w.Env = append(os.Environ(), "CPCA_SMTP_URL="+d.URL())
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
	deadline := time.Now().Add(30 * time.Second)
	for len(d.To(to)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the worker process did not send\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := w.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w.Wait()
	killed = true
	d.Delay.Store(0)

	if e := email(t, id); e.Status != mail.StatusSending || e.Attempts != 1 {
		t.Fatalf("after the kill: %s attempts %d, want sending (recorded before the SMTP conversation)", e.Status, e.Attempts)
	}
	notResent(t, d, id, to)
}
