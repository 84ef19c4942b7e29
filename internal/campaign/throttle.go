package campaign

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Limits are the sending rates: messages per minute overall and per receiving domain. Big
// free-mail providers (qq.com, 163.com) throttle or blacklist a sender that floods them, and
// corporate servers are often small; DefaultDomain applies to every domain not listed.
// Zero means unlimited.
type Limits struct {
	PerMinute     int
	DefaultDomain int
	Domains       map[string]int
}

// DefaultLimits are conservative rates for a sender without a dedicated IP reputation.
var DefaultLimits = Limits{PerMinute: 600, DefaultDomain: 60, Domains: map[string]int{
	"qq.com": 120, "foxmail.com": 60, "163.com": 120, "126.com": 60, "yeah.net": 30, "sina.com": 30, "sohu.com": 30,
}}

// ParseDomains reads "qq.com=120,163.com=100" (CPCA_CAMPAIGN_DOMAIN_RATES).
func ParseDomains(s string) map[string]int {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		n := 0
		for _, r := range strings.TrimSpace(v) {
			if r < '0' || r > '9' {
				n = -1
				break
			}
			n = n*10 + int(r-'0')
		}
		if n >= 0 && k != "" {
			out[strings.ToLower(strings.TrimSpace(k))] = n
		}
	}
	return out
}

// throttle spaces messages by the limits (GCRA: each message moves a theoretical arrival time
// forward by 60 s / rate, with a burst of a few seconds' worth). It is shared by every run of a
// worker process, so two campaigns together keep the limits too.
type throttle struct {
	mu      sync.Mutex
	limits  Limits
	overall time.Time
	domains map[string]time.Time
	now     func() time.Time
}

func newThrottle(l Limits) *throttle {
	return &throttle{limits: l, domains: map[string]time.Time{}, now: time.Now}
}

func interval(perMinute int) time.Duration {
	if perMinute <= 0 {
		return 0
	}
	return time.Minute / time.Duration(perMinute)
}

func (t *throttle) domainRate(d string) int {
	if n, ok := t.limits.Domains[d]; ok {
		return n
	}
	return t.limits.DefaultDomain
}

// burst allows a short burst: about two seconds of the rate, at least one message.
func burst(iv time.Duration) time.Duration { return max(2*time.Second, iv) - iv }

// takeDomain reserves a slot for one message to domain now, or says when the next slot is.
func (t *throttle) takeDomain(domain string) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	iv := interval(t.domainRate(domain))
	if iv == 0 {
		return true, time.Time{}
	}
	now := t.now()
	tat := t.domains[domain]
	if tat.Before(now) {
		tat = now
	}
	if tat.Sub(now) > burst(iv) {
		return false, tat.Add(-burst(iv))
	}
	t.domains[domain] = tat.Add(iv)
	return true, time.Time{}
}

// waitOverall blocks until the overall rate allows one more message.
func (t *throttle) waitOverall(ctx context.Context) error {
	t.mu.Lock()
	iv := interval(t.limits.PerMinute)
	if iv == 0 {
		t.mu.Unlock()
		return nil
	}
	now := t.now()
	tat := t.overall
	if tat.Before(now) {
		tat = now
	}
	wait := tat.Sub(now) - burst(iv)
	t.overall = tat.Add(iv)
	t.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}
