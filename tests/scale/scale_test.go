package scale

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/certificate"
	"cpca/internal/mail"
	"cpca/tests/testenv"
)

const emails = 500

// Two web processes and two workers share one database and one queue. A session made by a
// login on web A is valid on web B (sessions live in PostgreSQL). 500 emails and a
// certificate render are worked off by the two workers while one of them is killed with
// SIGKILL after the first hundred: every email reaches the sink at most once, every row the
// database calls sent arrived exactly once, the only rows not sent are the few the killed
// worker had in flight (left 发送中 → 状态未知 for staff, never resent blindly), and nothing
// failed; the certificate is issued once.
func TestTwoWebTwoWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs four processes")
	}
	began := time.Now()
	ctx := context.Background()
	bin := buildBinary(t)
	smtpd := startSink(t)

	// A member company whose dues are settled, for the login and the certificate.
	_, co := env.Member(t)
	u, err := account.ByUsername(ctx, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	duesID := env.PromotionReady(t, u.CompanyID)

	// The 500 emails, committed before any worker runs.
	var to []string
	for i := 0; i < emails; i++ {
		addr := fmt.Sprintf("scale-%03d-%s@example.com", i, testenv.Name(""))
		if _, err := mail.Queue(ctx, env.DB, mail.Message{To: addr, Subject: fmt.Sprintf("批量测试 %d", i),
			Body: "中国电子电路行业协会 批量发送测试", Kind: "scale_test", DedupeKey: "scale:" + addr}); err != nil {
			t.Fatal(err)
		}
		to = append(to, addr)
	}

	addrA, addrB := freeAddr(t), freeAddr(t)
	webA := start(t, "web A", bin, webEnv(addrA), "serve", "--worker=false")
	webB := start(t, "web B", bin, webEnv(addrB), "serve", "--worker=false")
	waitHealthy(t, webA, addrA)
	waitHealthy(t, webB, addrB)

	// A login on A, the session cookie on B.
	cookie := login(t, addrA, co.Username(), testenv.Password)
	req, _ := http.NewRequest(http.MethodGet, "http://"+addrB+"/home", nil)
	req.AddCookie(cookie)
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "待办事项") {
		t.Fatalf("web B with web A's session: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// /metrics of a web process: open to a scraper on loopback, refused to a client the
	// (trusted) proxy says is elsewhere.
	metricsA := get(t, "http://"+addrA+"/metrics", nil)
	if !strings.Contains(metricsA, `cpca_http_requests_total{method="POST",route="/login",status="303"} 1`) {
		t.Errorf("web A's metrics lack the login:\n%.2000s", metricsA)
	}
	if r := get(t, "http://"+addrA+"/metrics", map[string]string{"X-Forwarded-For": "10.9.9.9"}); strings.Contains(r, "cpca_http_requests_total") {
		t.Error("web A served metrics to a remote client")
	}

	// The certificate render, then the workers.
	if err := env.Queue.EnqueueCertificate(ctx, duesID, time.Now()); err != nil {
		t.Fatal(err)
	}
	w1 := start(t, "worker 1", bin, workerEnv(smtpd.Addr), "worker")
	start(t, "worker 2", bin, workerEnv(smtpd.Addr), "worker")

	base := smtpd.Total() // the member's application emails may already be there
	waitUntil(t, 30*time.Second, "the first 100 emails", func() bool { return smtpd.Total()-base >= 100 })
	w1.kill(t)
	killedAt := time.Now()
	if smtpd.Total()-base >= emails {
		t.Fatalf("all %d emails were sent before the kill: the kill came too late to mean anything", emails)
	}

	// Done: nothing queued, and nothing sending that started after the kill. A task the killed
	// worker had taken from Redis but not begun (its row still queued) comes back to the
	// survivor only when asynq sees its lease expired (30 s + up to a minute); the test waits
	// for that too when it happens, so "none lost" is checked, not assumed.
	open := func() (queued, sending int) {
		if err := env.DB.NewRaw(`SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'sending' AND sending_at >= ?)
			FROM emails WHERE kind = 'scale_test'`, killedAt).Scan(ctx, &queued, &sending); err != nil {
			t.Fatal(err)
		}
		return queued, sending
	}
	last, still := -1, time.Now()
	waitUntil(t, 40*time.Second, "the surviving worker to finish", func() bool {
		q, sn := open()
		if n := smtpd.Total(); n != last {
			last, still = n, time.Now()
		}
		return q+sn == 0 || (sn == 0 && q <= 4 && time.Since(still) > 5*time.Second)
	})
	if q, _ := open(); q > 0 {
		t.Logf("%d rows taken by the killed worker before it began them: waiting for asynq to recover their tasks", q)
		waitUntil(t, 150*time.Second, "the killed worker's taken tasks to be recovered", func() bool { q, sn := open(); return q+sn == 0 })
	}

	var rows []emailRow
	if err := env.DB.NewRaw(`SELECT to_addr, status FROM emails WHERE kind = 'scale_test'`).Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	got := smtpd.Counts()
	byStatus := map[string]int{}
	for _, r := range rows {
		byStatus[r.Status]++
		n := got[strings.ToLower(r.To)]
		switch {
		case n > 1:
			t.Errorf("%s received %d copies", r.To, n)
		case r.Status == mail.StatusSent && n != 1:
			t.Errorf("%s is sent but the sink has %d", r.To, n)
		case r.Status != mail.StatusSent && r.Status != mail.StatusSending:
			t.Errorf("%s: status %s", r.To, r.Status)
		}
	}
	if len(rows) != emails {
		t.Fatalf("%d rows, want %d", len(rows), emails)
	}
	// The killed worker ran at most 4 deliveries at once (its concurrency).
	if byStatus[mail.StatusSending] > 4 {
		t.Errorf("%d rows left sending by one killed worker, want at most its 4 in flight", byStatus[mail.StatusSending])
	}
	received := 0 // of the 500 (the sink also gets the member's application emails)
	for _, a := range to {
		received += got[strings.ToLower(a)]
	}
	if received < byStatus[mail.StatusSent] || received > emails {
		t.Errorf("the sink has %d of the messages for %d sent rows", received, byStatus[mail.StatusSent])
	}
	status := map[string]string{}
	for _, r := range rows {
		status[r.To] = r.Status
	}
	for _, a := range to {
		if status[a] == "" {
			t.Errorf("%s: no outbox row", a)
		}
	}

	waitUntil(t, 20*time.Second, "the certificate", func() bool {
		cs, err := certificate.ForCompany(ctx, env.DB, u.CompanyID)
		return err == nil && len(cs) == 1 && cs[0].FileID.Valid
	})
	t.Logf("%d sent, %d left sending by the kill (the sink got %d of them); %s",
		byStatus[mail.StatusSent], byStatus[mail.StatusSending], received-byStatus[mail.StatusSent], time.Since(began).Round(time.Second))
}

// emailRow is what the test reads of an outbox row.
type emailRow struct {
	To     string `bun:"to_addr"`
	Status string `bun:"status"`
}

// get fetches url and returns the body.
func get(t *testing.T, url string, header map[string]string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

var noRedirect = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// login signs in on the web process at addr as a browser would and returns the session cookie.
func login(t *testing.T, addr, username, password string) *http.Cookie {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: noRedirect.CheckRedirect}
	res, err := c.Get("http://" + addr + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the login page of %s", addr)
	}
	res, err = c.PostForm("http://"+addr+"/login", url.Values{"_csrf": {string(m[1])}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on %s: %d", addr, res.StatusCode)
	}
	u, _ := url.Parse("http://" + addr + "/")
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "cpca_sid" {
			return ck
		}
	}
	t.Fatal("no session cookie after login")
	return nil
}
