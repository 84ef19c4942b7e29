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

	"github.com/uptrace/bun"
)

const emails = 500

// Two web processes and two workers share one database and one queue. A session made by a
// login on web A is valid on web B (sessions live in PostgreSQL). Then two rounds of 500
// emails and a certificate render each, with one worker stopped mid-way:
//
//   - SIGTERM, while the sink holds four of its conversations (two before the hand-over, two
//     waiting for the answer to the final "."): the worker takes nothing new, lets the four
//     finish and exits 0; all 500 arrive exactly once and every row is sent.
//   - SIGKILL, held the same way: the two killed before the hand-over are put back in the
//     queue and sent by the survivor (one copy each); the two killed after it (the sink has
//     them) stay 发送中 → 状态未知 for staff and never arrive twice; every other row is sent
//     exactly once.
//
// The certificate is issued once in both.
func TestTwoWebTwoWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs four processes")
	}
	began := time.Now()
	ctx := context.Background()
	bin := buildBinary(t)
	smtpd := startSink(t)

	// Two member companies whose dues are settled: the login, and a certificate per round.
	_, co := env.Member(t)
	u, err := account.ByUsername(ctx, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	duesID := env.PromotionReady(t, u.CompanyID)
	_, co2 := env.Member(t)
	u2, err := account.ByUsername(ctx, env.DB, co2.Username())
	if err != nil {
		t.Fatal(err)
	}
	duesID2 := env.PromotionReady(t, u2.CompanyID)

	// The first 500 emails, committed before any worker runs. The kinds name this run, so a
	// repeated run (-count) on the package's database counts only its own rows.
	run := testenv.Name("")
	stopKind, killKind := "scale_stop_"+run, "scale_kill_"+run
	stopTo := queueEmails(t, stopKind)

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

	// Round 1: the certificate render, the workers, SIGTERM to worker 1 mid-way.
	if err := env.Queue.EnqueueCertificate(ctx, duesID, time.Now()); err != nil {
		t.Fatal(err)
	}
	w1 := start(t, "worker 1", bin, workerEnv(smtpd.Addrs[0]), "worker")
	start(t, "worker 2", bin, workerEnv(smtpd.Addrs[1]), "worker")
	waitArrived(t, smtpd, stopTo, 100)
	held := holdWorker(t, smtpd, w1)
	sessions := smtpd.Sessions(0)
	w1.terminate(t)
	time.Sleep(time.Second)
	if w1.exited() {
		t.Fatalf("worker 1 exited on SIGTERM with %d deliveries in flight", len(held["rcpt"])+len(held["data"]))
	}
	smtpd.Release()
	select {
	case <-w1.done:
	case <-time.After(45 * time.Second):
		t.Fatal("worker 1 still running 45 s after SIGTERM")
	}
	if w1.err != nil {
		t.Errorf("worker 1 after SIGTERM: %v", w1.err)
	}
	if n := smtpd.Sessions(0) - sessions; n > 0 {
		t.Errorf("worker 1 began %d conversations after SIGTERM, want none", n)
	}
	waitDone(t, stopKind, time.Now())
	rows := outboxRows(t, stopKind)
	got := smtpd.Counts()
	for _, r := range rows {
		if n := got[strings.ToLower(r.To)]; r.Status != mail.StatusSent || n != 1 || r.Attempts != 1 {
			t.Errorf("after SIGTERM: %s is %s after %d attempts and arrived %d times, want sent once", r.To, r.Status, r.Attempts, n)
		}
	}
	checkAll(t, rows, stopTo)
	waitCertificate(t, u.CompanyID)
	t.Logf("SIGTERM: %d sent exactly once, %d of them in flight at the signal; %s", len(rows), len(held["rcpt"])+len(held["data"]), time.Since(began).Round(time.Second))

	// Round 2: a new worker 1 beside worker 2, 500 more emails and a certificate, SIGKILL.
	w3 := start(t, "worker 3", bin, workerEnv(smtpd.Addrs[0]), "worker")
	if err := env.Queue.EnqueueCertificate(ctx, duesID2, time.Now()); err != nil {
		t.Fatal(err)
	}
	killTo := queueEmails(t, killKind)
	waitArrived(t, smtpd, killTo, 100)
	held = holdWorker(t, smtpd, w3)
	w3.kill(t)
	killedAt := time.Now()
	smtpd.Release()
	if arrived(smtpd, killTo) >= emails {
		t.Fatalf("all %d emails were sent before the kill: the kill came too late to mean anything", emails)
	}
	waitDone(t, killKind, killedAt)
	rows = outboxRows(t, killKind)
	got = smtpd.Counts()
	byAddr := map[string]outboxRow{}
	unknown := 0
	for _, r := range rows {
		byAddr[strings.ToLower(r.To)] = r
		n := got[strings.ToLower(r.To)]
		switch {
		case n > 1:
			t.Errorf("%s received %d copies", r.To, n)
		case r.Status == mail.StatusSent && n != 1:
			t.Errorf("%s is sent but the sink has %d", r.To, n)
		case r.Status == mail.StatusSending && !r.Handed:
			t.Errorf("%s left sending without a hand-over: it should have been put back in the queue", r.To)
		case r.Status == mail.StatusSending:
			unknown++ // handed over by the killed worker: 状态未知 after outbox.SendingTimeout
		case r.Status != mail.StatusSent:
			t.Errorf("%s: status %s", r.To, r.Status)
		}
	}
	if unknown > 4 {
		t.Errorf("%d rows left handed over by one killed worker, want at most its 4 in flight", unknown)
	}
	for _, a := range held["rcpt"] { // killed before the hand-over: resent by the survivor
		if r := byAddr[a]; r.Status != mail.StatusSent || r.Attempts < 2 || got[a] != 1 {
			t.Errorf("%s, killed before its hand-over: %s after %d attempts, arrived %d times; want sent again, once", a, r.Status, r.Attempts, got[a])
		}
	}
	for _, a := range held["data"] { // killed waiting for the answer to the final "."
		if r := byAddr[a]; r.Status != mail.StatusSending || !r.Handed || got[a] != 1 {
			t.Errorf("%s, killed after its hand-over: %s handed %v, arrived %d times; want left sending (then 状态未知), arrived once", a, r.Status, r.Handed, got[a])
		}
	}
	checkAll(t, rows, killTo)
	waitCertificate(t, u2.CompanyID)
	t.Logf("SIGKILL: %d sent, %d killed before the hand-over and resent, %d left for staff (the sink had them); %s",
		len(rows)-unknown, len(held["rcpt"]), unknown, time.Since(began).Round(time.Second))
}

// queueEmails writes 500 emails of kind in one transaction and returns their addresses.
func queueEmails(t *testing.T, kind string) []string {
	t.Helper()
	var to []string
	err := env.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		for i := 0; i < emails; i++ {
			addr := fmt.Sprintf("%s-%03d-%s@example.com", strings.ReplaceAll(kind, "_", "-"), i, testenv.Name(""))
			if _, err := mail.Queue(ctx, tx, mail.Message{To: addr, Subject: fmt.Sprintf("批量测试 %d", i),
				Body: "中国电子电路行业协会 批量发送测试", Kind: kind, DedupeKey: kind + ":" + addr}); err != nil {
				return err
			}
			to = append(to, strings.ToLower(addr))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// arrived is how many messages for the addresses to the sink has.
func arrived(d *sink, to []string) int {
	got, n := d.Counts(), 0
	for _, a := range to {
		n += got[a]
	}
	return n
}

// waitArrived waits until n of the messages for to arrived.
func waitArrived(t *testing.T, d *sink, to []string, n int) {
	t.Helper()
	waitUntil(t, 30*time.Second, fmt.Sprintf("the first %d emails", n), func() bool { return arrived(d, to) >= n })
}

// holdWorker holds the next four conversations of the worker on the sink's first address (its
// concurrency), and returns their recipients by stage once four are held, or fewer when the
// worker has no more in flight (a slot busy with another task).
func holdWorker(t *testing.T, d *sink, w *proc) map[string][]string {
	t.Helper()
	d.Hold(4)
	last, since := -1, time.Now()
	waitUntil(t, 20*time.Second, "the worker's conversations to be held", func() bool {
		n, _ := d.Held()
		if n != last {
			last, since = n, time.Now()
		}
		return n == 4 || (n >= 2 && time.Since(since) > 2*time.Second)
	})
	if w.exited() {
		t.Fatalf("%s exited while its conversations were held", w.Name)
	}
	_, held := d.Held()
	return held
}

// waitDone waits until no row of kind is queued and none is sending except those the killed
// worker handed over before since. A task the killed worker had taken from Redis but not begun
// (its row still queued) comes back to the survivor only when asynq sees its lease expired
// (30 s + up to a minute); the test waits for that too when it happens, so "none lost" is
// checked, not assumed.
func waitDone(t *testing.T, kind string, since time.Time) {
	t.Helper()
	open := func() (queued, sending int) {
		if err := env.DB.NewRaw(`SELECT count(*) FILTER (WHERE status = 'queued'),
				count(*) FILTER (WHERE status = 'sending' AND (handed_at IS NULL OR sending_at >= ?))
			FROM emails WHERE kind = ?`, since, kind).Scan(context.Background(), &queued, &sending); err != nil {
			t.Fatal(err)
		}
		return queued, sending
	}
	last, still := -1, time.Now()
	waitUntil(t, 60*time.Second, "the surviving worker to finish", func() bool {
		q, sn := open()
		if n := q*1000 + sn; n != last {
			last, still = n, time.Now()
		}
		return q+sn == 0 || (sn == 0 && q <= 4 && time.Since(still) > 8*time.Second)
	})
	if q, _ := open(); q > 0 {
		t.Logf("%d rows taken by the stopped worker before it began them: waiting for asynq to recover their tasks", q)
		waitUntil(t, 150*time.Second, "the stopped worker's taken tasks to be recovered", func() bool { q, sn := open(); return q+sn == 0 })
	}
}

// checkAll checks there is one row for each address.
func checkAll(t *testing.T, rows []outboxRow, to []string) {
	t.Helper()
	if len(rows) != len(to) {
		t.Fatalf("%d rows, want %d", len(rows), len(to))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[strings.ToLower(r.To)] = true
	}
	for _, a := range to {
		if !seen[a] {
			t.Errorf("%s: no outbox row", a)
		}
	}
}

// waitCertificate waits for the company's one certificate.
func waitCertificate(t *testing.T, companyID int64) {
	t.Helper()
	var cs []certificate.Certificate
	waitUntil(t, 20*time.Second, "the certificate", func() bool {
		var err error
		cs, err = certificate.ForCompany(context.Background(), env.DB, companyID)
		return err == nil && len(cs) >= 1 && cs[0].FileID.Valid
	})
	if len(cs) != 1 {
		t.Errorf("%d certificates, want 1", len(cs))
	}
}

// outboxRow is what the test reads of an outbox row.
type outboxRow struct {
	To       string `bun:"to_addr"`
	Status   string `bun:"status"`
	Attempts int    `bun:"attempts"`
	Handed   bool   `bun:"handed"`
}

// outboxRows reads the rows of kind.
func outboxRows(t *testing.T, kind string) []outboxRow {
	t.Helper()
	var rows []outboxRow
	if err := env.DB.NewRaw(`SELECT to_addr, status, attempts, handed_at IS NOT NULL AS handed FROM emails WHERE kind = ?`, kind).
		Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
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
