package scale

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds cpca once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cpca")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lockedBuffer collects a process's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// proc is one running cpca process.
type proc struct {
	Name string
	Cmd  *exec.Cmd
	Log  *lockedBuffer
	done chan struct{}
	err  error // what Wait returned, once done is closed
}

// start runs bin with args and the package's environment (its database and queue) plus
// extra; the process is killed when the test ends.
func start(t *testing.T, name, bin string, extra []string, args ...string) *proc {
	t.Helper()
	p := &proc{Name: name, Cmd: exec.Command(bin, args...), Log: &lockedBuffer{}, done: make(chan struct{})}
	p.Cmd.Env = append(os.Environ(), extra...)
	p.Cmd.Stdout, p.Cmd.Stderr = p.Log, p.Log
	if err := p.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.Cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = p.Cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("--- %s output ---\n%s", p.Name, p.Log.String())
		}
	})
	return p
}

// kill ends the process with SIGKILL: no shutdown, no cleanup, as a crash.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.Cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

// terminate sends SIGTERM, as a process manager stopping the service does.
func (p *proc) terminate(t *testing.T) {
	t.Helper()
	if err := p.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// freeAddr is a loopback address with a free port.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHealthy waits until the web process at addr answers /readyz.
func waitHealthy(t *testing.T, p *proc, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited:\n%s", p.Name, p.Log.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("%s not ready at %s:\n%s", p.Name, addr, p.Log.String())
}

// waitUntil polls cond every 50 ms for up to d.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func webEnv(addr string) []string {
	return []string{"CPCA_ADDR=" + addr, "CPCA_LOG_FORMAT=json", "CPCA_SMTP_URL="}
}

// workerEnv sends the worker's mail to smtpAddr. An email left sending without its hand-over
// goes back in the queue after 2 s instead of a minute, so the killed worker's interrupted
// rows are resent within the test.
func workerEnv(smtpAddr string) []string {
	return []string{fmt.Sprintf("CPCA_SMTP_URL=smtp://%s", smtpAddr), "CPCA_LOG_FORMAT=json", "CPCA_MAIL_REQUEUE_AFTER=2s"}
}
