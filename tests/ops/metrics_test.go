package ops

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/mail"
	"cpca/tests/testenv"
)

func scrape(t *testing.T, c *testenv.Client, header map[string]string) *testenv.Resp {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test/metrics", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.Do(req)
}

// /metrics answers a scraper with the token, in the Prometheus format, with requests counted
// by route pattern (never the URL with its id), the pool, and the outbox backlog by kind;
// without the token or with a wrong one, from another machine, it is refused.
func TestMetrics(t *testing.T) {
	c := env.NewClient(t)
	for _, p := range []string{"/verify/AAAA-BBBB-1", "/verify/CCCC-DDDD-2", "/no/such/page"} {
		c.Get(p)
	}
	if _, err := mail.Queue(context.Background(), env.DB, mail.Message{To: "ops-backlog@example.com", Subject: "积压",
		Body: "x", Kind: "ops_backlog_test", DedupeKey: "ops:backlog"}); err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]map[string]string{
		"no token":    nil,
		"wrong token": {"Authorization": "Bearer not-the-token-at-all"},
	} {
		if r := scrape(t, c, h); r.Status != http.StatusForbidden || strings.Contains(r.Body, "cpca_http_requests_total") {
			t.Errorf("%s: %d, want 403 without metrics", name, r.Status)
		}
	}
	// testenv trusts X-Forwarded-For from app.Test's connection, so the forwarded address is
	// the client's: a scraper on loopback needs no token.
	if r := scrape(t, c, map[string]string{"X-Forwarded-For": "127.0.0.1"}); r.Status != http.StatusOK {
		t.Errorf("a scraper on loopback: %d", r.Status)
	}
	r := scrape(t, c, map[string]string{"Authorization": "Bearer " + env.Cfg.MetricsToken})
	if r.Status != http.StatusOK {
		t.Fatalf("with the token: %d %s", r.Status, r.Body)
	}
	body := r.Body
	for _, want := range []string{
		`cpca_http_requests_total{method="GET",route="/verify/:code",status="404"} 2`,
		`cpca_http_requests_total{method="GET",route="unmatched",status="404"}`,
		`cpca_http_request_duration_seconds_bucket{method="GET",route="/verify/:code",le="0.5"}`,
		`go_sql_max_open_connections{db_name="cpca"} 20`,
		`cpca_outbox_backlog{channel="email",kind="ops_backlog_test",status="queued"} 1`,
		`cpca_outbox_backlog_error 0`,
		`cpca_messages_total{channel="email",outcome="sent"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "AAAA-BBBB") || strings.Contains(body, "/no/such/page") {
		t.Error("metrics carry a raw URL")
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("content type %q", ct)
	}
}
