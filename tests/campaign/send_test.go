package campaign

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"cpca/internal/campaign"
	"cpca/tests/smtpsink"
)

// A domain over its rate waits for its next slot while other domains go on: qq.com at 2 a
// minute gets one message now (no burst at that rate) and its other rows are moved to later.
func TestPerDomainThrottle(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	var addrs []string
	for range 4 {
		addrs = append(addrs, addr("qq", "qq.com"), addr("corp", "example.net"))
	}
	c := newCampaign(t, companies(t, addrs...))
	r := runner(t, d, campaign.Limits{Domains: map[string]int{"qq.com": 2}})
	r.Budget = 5 * time.Second // shorter than qq.com's next slot: the run ends, the rows wait
	res, err := r.Run(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, m := range d.Messages() {
		per[domainOf(m.To[0])]++
	}
	if per["qq.com"] != 1 || per["example.net"] != 4 || res.Finished {
		t.Fatalf("sent per domain %v (finished %v): want qq.com 1, example.net 4, campaign still sending", per, res.Finished)
	}
	later := 0
	for _, dl := range deliveries(t, c.ID) {
		if dl.Domain == "qq.com" && dl.Status == campaign.DQueued {
			if !dl.NextAt.After(time.Now().Add(20 * time.Second)) {
				t.Errorf("throttled row %s due at %v, want about 30 s later per message", dl.Address, dl.NextAt)
			}
			later++
		}
	}
	if later != 3 {
		t.Fatalf("%d qq.com rows waiting, want 3", later)
	}
	// Within its budget a run waits for the next slot instead of leaving it to the next sweep:
	// three qq.com messages at 60 a minute (one a second, a 1 s burst) take about 2 s in one run.
	d3 := smtpsink.Start(t)
	c3 := newCampaign(t, companies(t, addr("w", "qq.com"), addr("w", "qq.com"), addr("w", "qq.com")))
	r3 := runner(t, d3, campaign.Limits{Domains: map[string]int{"qq.com": 60}})
	r3.Budget = 10 * time.Second
	start3 := time.Now()
	if res, err := r3.Run(ctx, c3.ID); err != nil || !res.Finished || d3.Count.Load() != 3 {
		t.Fatalf("waiting run: %+v %v, %d sent", res, err, d3.Count.Load())
	}
	if el := time.Since(start3); el < 900*time.Millisecond {
		t.Fatalf("3 qq.com messages at 60/min went out in %v", el)
	}
	// The overall rate: 120 a minute (one per 0.5 s) with a 2 s burst spaces 8 messages over ~2 s.
	d2 := smtpsink.Start(t)
	var more []string
	for range 8 {
		more = append(more, addr("o", "example.org"))
	}
	c2 := newCampaign(t, companies(t, more...))
	start := time.Now()
	if _, err := runner(t, d2, campaign.Limits{PerMinute: 120}).Run(ctx, c2.ID); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 1500*time.Millisecond || d2.Count.Load() != 8 {
		t.Fatalf("8 messages at 120/min took %v (%d sent): the overall rate was not applied", el, d2.Count.Load())
	}
}

func domainOf(a string) string {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i] == '@' {
			return a[i+1:]
		}
	}
	return a
}

// A 4xx is a deferral with back-off, not a final failure; the next run after the back-off
// sends it. A 5xx on RCPT is a hard bounce: the row is bounced and the address suppressed, so
// the next campaign leaves it out.
func TestDeferredRetriedAndHardBounce(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	grey, bad, ok := addr("grey", "163.com"), addr("bad", "example.com"), addr("ok", "example.com")
	d.TempFail(grey, 1)
	d.Reject(bad)
	ids := companies(t, grey, bad, ok)
	c := newCampaign(t, ids)
	r := runner(t, d, campaign.Limits{})
	r.Backoff = 300 * time.Millisecond
	r.Budget = 200 * time.Millisecond // ends before the back-off: the next run sends it
	if _, err := r.Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	ds := deliveries(t, c.ID)
	if g := ds[grey]; g.Status != campaign.DDeferred || g.SMTPCode != 451 || g.Attempts != 1 || !g.NextAt.After(time.Now()) {
		t.Fatalf("greylisted row: %s code %d attempts %d next %v; want deferred 451 after one attempt, later", g.Status, g.SMTPCode, g.Attempts, g.NextAt)
	}
	if b := ds[bad]; b.Status != campaign.DBounced || b.SMTPCode != 550 {
		t.Fatalf("rejected row: %s %d, want bounced 550", b.Status, b.SMTPCode)
	}
	if s, _ := campaign.Suppressed(ctx, env.DB, bad); !s {
		t.Fatal("hard bounce not on the suppression list")
	}
	if ds[ok].Status != campaign.DSent || ds[ok].SentAt.IsZero() {
		t.Fatalf("good row %s", ds[ok].Status)
	}
	if st, _ := campaign.Get(ctx, env.DB, c.ID); st.Status != campaign.Sending {
		t.Fatalf("campaign %s with a deferred row, want still sending", st.Status)
	}
	time.Sleep(400 * time.Millisecond)
	r.Budget = 2 * time.Minute
	res, err := r.Run(ctx, c.ID)
	if err != nil || !res.Finished {
		t.Fatalf("second run %+v %v, want finished", res, err)
	}
	if g := deliveries(t, c.ID)[grey]; g.Status != campaign.DSent || g.Attempts != 2 {
		t.Fatalf("after the back-off: %s attempts %d, want sent on the second attempt", g.Status, g.Attempts)
	}
	if len(d.To(grey)) != 1 || len(d.To(bad)) != 0 || len(d.To(ok)) != 1 {
		t.Fatalf("received: grey %d bad %d ok %d", len(d.To(grey)), len(d.To(bad)), len(d.To(ok)))
	}
	// The next campaign to the same companies leaves the bounced address out.
	c2 := newCampaign(t, ids)
	if c2.Recipients != 2 || c2.Suppressed != 1 {
		t.Fatalf("second campaign: %d recipients, %d suppressed; want 2 and 1", c2.Recipients, c2.Suppressed)
	}
	// 重试失败 queues failed rows again (not bounced ones).
	if _, err := env.DB.NewRaw(`UPDATE campaign_deliveries SET status = 'failed' WHERE campaign_id = ? AND address = ?`, c.ID, ok).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := campaign.RetryFailed(ctx, env.DB, c.ID, staffA)
	if err != nil || n != 1 {
		t.Fatalf("retry failed: %d %v, want 1", n, err)
	}
	if st, _ := campaign.Get(ctx, env.DB, c.ID); st.Status != campaign.Sending {
		t.Fatalf("after 重试失败 the campaign is %s, want sending", st.Status)
	}
	if _, err := r.Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if len(d.To(ok)) != 2 || len(d.To(bad)) != 0 {
		t.Fatalf("after retry: ok got %d, bad %d", len(d.To(ok)), len(d.To(bad)))
	}
}

// Two runs of one campaign at once: exactly one sends (the advisory lock), every address gets
// one message.
func TestDoubleRunOneWins(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	d.Delay.Store(int64(30 * time.Millisecond))
	var addrs []string
	for range 12 {
		addrs = append(addrs, addr("dbl", "example.com"))
	}
	c := newCampaign(t, companies(t, addrs...))
	r1, r2 := runner(t, d, campaign.Limits{}), runner(t, d, campaign.Limits{})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, r := range []*campaign.Runner{r1, r2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = r.Run(ctx, c.ID)
		}()
	}
	wg.Wait()
	busy := 0
	for _, err := range errs {
		if errors.Is(err, campaign.ErrBusy) {
			busy++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if busy != 1 {
		t.Fatalf("%d runs were refused as busy, want exactly 1", busy)
	}
	for _, a := range addrs {
		if n := len(d.To(a)); n != 1 {
			t.Errorf("%s got %d messages, want 1", a, n)
		}
	}
	// A third run afterwards sends nothing more.
	if _, err := r1.Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if d.Count.Load() != int64(len(addrs)) {
		t.Fatalf("%d messages for %d addresses", d.Count.Load(), len(addrs))
	}
}

// Pause stops a run between messages; resume goes on; cancel stops for good.
func TestPauseResumeCancel(t *testing.T) {
	ctx := context.Background()
	d := smtpsink.Start(t)
	var addrs []string
	for range 3 {
		addrs = append(addrs, addr("p", "example.com"))
	}
	c := newCampaign(t, companies(t, addrs...))
	r := runner(t, d, campaign.Limits{})
	if _, err := campaign.Pause(ctx, env.DB, c.ID, staffA); err == nil {
		t.Fatal("paused a campaign not yet sending")
	}
	// Start it (materialises the rows), then pause before any message.
	if _, err := env.DB.NewRaw(`UPDATE campaigns SET send_at = now() + interval '1 hour' WHERE id = ?`, c.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(ctx, c.ID); err != nil || d.Count.Load() != 0 {
		t.Fatalf("a campaign scheduled later was sent: %v %d", err, d.Count.Load())
	}
	if _, err := env.DB.NewRaw(`UPDATE campaigns SET status = 'sending' WHERE id = ?`, c.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := campaign.Pause(ctx, env.DB, c.ID, staffA); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(ctx, c.ID); err != nil || d.Count.Load() != 0 {
		t.Fatalf("a paused campaign sent %d (%v)", d.Count.Load(), err)
	}
	if _, err := campaign.Resume(ctx, env.DB, c.ID, staffA); err != nil {
		t.Fatal(err)
	}
	// The rows of a campaign moved to sending by hand are written on resume's run.
	if _, err := env.DB.NewRaw(`INSERT INTO campaign_deliveries (campaign_id, address, domain)
		SELECT ?, lower(p.email), split_part(lower(p.email), '@', 2) FROM company_people p WHERE lower(p.email) IN (?, ?, ?)`,
		c.ID, addrs[0], addrs[1], addrs[2]).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := r.Run(ctx, c.ID); err != nil || !res.Finished || d.Count.Load() != 3 {
		t.Fatalf("after resume: %+v %v, %d sent", res, err, d.Count.Load())
	}
	if _, err := campaign.Cancel(ctx, env.DB, c.ID, staffA); !errors.Is(err, campaign.ErrState) {
		t.Fatalf("cancelled a finished campaign: %v", err)
	}
}
