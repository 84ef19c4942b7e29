package ops

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"

	"cpca/app"
	"cpca/internal/logging"
	"cpca/tests/testenv"
)

// syncBuffer is a log sink the server's goroutines may write to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// With CPCA_LOG_FORMAT=json every line is one JSON object; the lines of a request carry its
// request id (the X-Request-Id the browser got), and none carries the username, the email
// address, the company's name or the password of the login that was logged — failed and
// successful alike.
func TestJSONRequestLogs(t *testing.T) {
	var buf syncBuffer
	sys := *env.Sys
	sys.Log = logging.New("json", &buf, slog.LevelInfo)
	a, err := app.New(sys)
	if err != nil {
		t.Fatal(err)
	}
	logged := &testenv.Env{Cfg: env.Cfg, Sys: &sys, DB: env.DB, App: a, Queue: env.Queue, Redis: env.Redis, Relay: env.Relay, Log: sys.Log}

	_, co := env.Member(t) // registered and approved through the package's own app
	c := logged.NewClient(t)
	c.Get("/login")
	bad := c.Post("/login", url.Values{"username": {co.Username()}, "password": {"wrong password 123"}})
	good := c.Login(co.Username(), testenv.Password)
	home := c.Get("/home")

	secrets := []string{co.Username(), co.Step4.Get("email"), co.Step1.Get("name"), testenv.Password, "wrong password 123"}
	byRID := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(buf.String()))
	for sc.Scan() {
		line := sc.Text()
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %s", line)
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(line, s) {
				t.Errorf("a log line carries personal data %q: %s", s, line)
			}
		}
		if m["msg"] == "http" {
			r, _ := m["rid"].(string)
			if r == "" {
				t.Errorf("a request line without a request id: %s", line)
			}
			byRID[r]++
			if _, ok := m["route"]; !ok {
				t.Errorf("a request line without the route: %s", line)
			}
		}
	}
	for name, r := range map[string]*testenv.Resp{"failed login": bad, "login": good, "home": home} {
		id := r.Header.Get("X-Request-Id")
		if id == "" || byRID[id] != 1 {
			t.Errorf("%s: request id %q appears on %d request lines, want 1\n%s", name, id, byRID[id], buf.String())
		}
	}
}
