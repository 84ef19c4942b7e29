// Package config reads the process configuration from CPCA_* environment variables.
// Every variable has a working local default; an invalid value fails start-up with a
// message that names the variable.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"cpca/internal/outbox"
)

// Config is everything a cpca process needs to start.
type Config struct {
	DatabaseURL string
	RedisURL    string
	Addr        string
	BaseURL     string
	SMTPURL     string // empty: emails are logged and recorded as not sent
	MailFrom    string
	// MailRequeueAfter (CPCA_MAIL_REQUEUE_AFTER, default 1m) is how long an email may stay
	// 发送中 without its hand-over to the server recorded before the relay puts it back in the
	// queue (its worker died before ending the message; see outbox.RequeueInterrupted).
	MailRequeueAfter time.Duration
	// PaperReminderDays is N: applicants whose paper documents have not arrived N days after
	// submitting are reminded, and staff get a digest of applications waiting longer.
	PaperReminderDays int
	SessionIdle       time.Duration
	// SessionMax ends a session this long after login however busy it is (ASVS 3.3.2), so a
	// stolen cookie kept alive by a script does not last for ever.
	SessionMax    time.Duration
	SecureCookies bool
	Queue         string // asynq queue name; tests use their own
	// PaperAddress is where applicants mail the stamped paper documents.
	PaperAddress string
	// Font is the TrueType (or .ttc) font certificates are drawn with.
	Font string
	// DuesDeadline (CPCA_DUES_DEADLINE, MM-DD) and DuesReminderDays (CPCA_DUES_REMINDERS, day
	// offsets from it) set the dues reminder schedule; parsed here so every subcommand
	// refuses a bad value at start.
	DuesDeadline     MonthDay
	DuesReminderDays []int
	// FeedbackAutoCloseDays (CPCA_FEEDBACK_AUTOCLOSE_DAYS) is N: a feedback item 已解决 N days
	// ago without a reply since is closed by the worker.
	FeedbackAutoCloseDays int
	// ProjectRemindDays (CPCA_PROJECT_REMIND_DAYS) is N: a company that asked 提醒我 on a
	// 项目申报 is reminded N days before its deadline.
	ProjectRemindDays int
	// ProxyHeader, when set (e.g. X-Real-IP), gives the client IP behind a load balancer; it
	// is believed only on requests from TrustedProxies (the load balancers' addresses).
	ProxyHeader    string
	TrustedProxies []string
	// UploadQuota is each company's upload space in bytes (CPCA_UPLOAD_QUOTA, e.g. 200MB).
	UploadQuota int64
	// LogFormat (CPCA_LOG_FORMAT) is text (default) or json, one object per line for a log
	// collector; MetricsToken (CPCA_METRICS_TOKEN) lets a scraper from another machine read
	// /metrics with "Authorization: Bearer <token>" (loopback needs none); MetricsAddr
	// (CPCA_METRICS_ADDR) is where a `cpca worker` serves its own /metrics (none if empty).
	LogFormat    string
	MetricsToken string
	MetricsAddr  string
	// Promotion holds the thresholds of 会员晋升 (CPCA_PROMOTION_*): the association's 章程
	// in configuration, not in code.
	Promotion Promotion
	// SMS is the text-message gateway (CPCA_SMS_*, internal/config/sms.go).
	SMS SMS
}

// Promotion is the 章程's numbers for promotions. Shares are fractions (Num/Den) so a
// threshold is never a float.
type Promotion struct {
	MinYears                   int // CPCA_PROMOTION_MIN_YEARS: years of membership before applying (1)
	QuorumNum, QuorumDen       int // CPCA_PROMOTION_QUORUM: 实到/应到 at least (2/3)
	MajorityNum, MajorityDen   int // CPCA_PROMOTION_MAJORITY: 赞成/实到 at least (2/3)
	CouncilNum, CouncilDen     int // CPCA_PROMOTION_COUNCIL_SHARE: 理事单位 seats ≤ share of members (1/3)
	StandingNum, StandingDen   int // CPCA_PROMOTION_STANDING_SHARE: 常务理事单位 ≤ share of 理事单位 (1/3)
	VicePresidents, Presidents int // CPCA_PROMOTION_VICE_PRESIDENTS (6), CPCA_PROMOTION_PRESIDENTS (1)
}

// MonthDay is a day of every year, such as the dues deadline 03-31.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Load reads the environment. Its errors never carry a password: the userinfo password of
// any CPCA_* URL is replaced by xxxxx in the message (start-up errors end up in logs).
func Load() (Config, error) {
	c, err := load()
	if err != nil {
		err = redactError(err)
	}
	return c, err
}

func load() (Config, error) {
	c := Config{
		DatabaseURL:           env("CPCA_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cpca?sslmode=disable"),
		RedisURL:              env("CPCA_REDIS_URL", "redis://127.0.0.1:6379/0"),
		Addr:                  env("CPCA_ADDR", "127.0.0.1:8080"),
		SMTPURL:               os.Getenv("CPCA_SMTP_URL"),
		MailFrom:              env("CPCA_MAIL_FROM", "CPCA 会员管理系统 <noreply@cpca.org.cn>"),
		PaperReminderDays:     7,
		FeedbackAutoCloseDays: 7,
		ProjectRemindDays:     3,
		SessionIdle:           30 * time.Minute,
		SessionMax:            12 * time.Hour,
		Queue:                 env("CPCA_QUEUE", "cpca"),
		PaperAddress:          env("CPCA_PAPER_ADDRESS", "中国电子电路行业协会 会员服务部（收），上海市，邮编 200000，电话 021-00000000"),
		ProxyHeader:           os.Getenv("CPCA_PROXY_HEADER"),
		Font:                  env("CPCA_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
	}
	c.BaseURL = strings.TrimRight(env("CPCA_BASE_URL", "http://"+c.Addr), "/")
	if err := checkURL("CPCA_DATABASE_URL", c.DatabaseURL, "postgres", "postgresql"); err != nil {
		return c, err
	}
	if err := checkURL("CPCA_REDIS_URL", c.RedisURL, "redis", "rediss"); err != nil {
		return c, err
	}
	if err := checkURL("CPCA_BASE_URL", c.BaseURL, "http", "https"); err != nil {
		return c, err
	}
	if c.SMTPURL != "" {
		if err := checkURL("CPCA_SMTP_URL", c.SMTPURL, "smtp", "smtps"); err != nil {
			return c, err
		}
	}
	if _, _, err := splitHostPort(c.Addr); err != nil {
		return c, fmt.Errorf("CPCA_ADDR=%q: want host:port (%v)", c.Addr, err)
	}
	if v := os.Getenv("CPCA_PAPER_REMINDER_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 365 {
			return c, fmt.Errorf("CPCA_PAPER_REMINDER_DAYS=%q: want a whole number of days between 1 and 365", v)
		}
		c.PaperReminderDays = n
	}
	if v := os.Getenv("CPCA_PROJECT_REMIND_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 60 {
			return c, fmt.Errorf("CPCA_PROJECT_REMIND_DAYS=%q: want a whole number of days between 1 and 60", v)
		}
		c.ProjectRemindDays = n
	}
	if v := os.Getenv("CPCA_FEEDBACK_AUTOCLOSE_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 365 {
			return c, fmt.Errorf("CPCA_FEEDBACK_AUTOCLOSE_DAYS=%q: want a whole number of days between 1 and 365", v)
		}
		c.FeedbackAutoCloseDays = n
	}
	c.MailRequeueAfter = outbox.InterruptedTimeout
	if v := os.Getenv("CPCA_MAIL_REQUEUE_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > outbox.SendingTimeout {
			return c, fmt.Errorf("CPCA_MAIL_REQUEUE_AFTER=%q: want a duration between 1s and %s, such as 1m", v, outbox.SendingTimeout)
		}
		c.MailRequeueAfter = d
	}
	if v := os.Getenv("CPCA_SESSION_IDLE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return c, fmt.Errorf("CPCA_SESSION_IDLE=%q: want a duration of at least 1m, such as 30m", v)
		}
		c.SessionIdle = d
	}
	if v := os.Getenv("CPCA_SESSION_MAX"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < c.SessionIdle || d > 30*24*time.Hour {
			return c, fmt.Errorf("CPCA_SESSION_MAX=%q: want a duration between CPCA_SESSION_IDLE (%s) and 720h, such as 12h", v, c.SessionIdle)
		}
		c.SessionMax = d
	}
	deadline := env("CPCA_DUES_DEADLINE", "03-31")
	t, err := time.Parse("01-02", deadline)
	if err != nil {
		return c, fmt.Errorf("CPCA_DUES_DEADLINE=%q: want MM-DD, such as 03-31", deadline)
	}
	c.DuesDeadline = MonthDay{Month: t.Month(), Day: t.Day()}
	points := env("CPCA_DUES_REMINDERS", "-30,-7,7,30")
	for _, p := range strings.Split(points, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < -365 || n > 365 {
			return c, fmt.Errorf("CPCA_DUES_REMINDERS=%q: want day offsets from the deadline, such as -30,-7,7,30", points)
		}
		c.DuesReminderDays = append(c.DuesReminderDays, n)
	}
	for _, p := range strings.Split(os.Getenv("CPCA_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	if c.ProxyHeader != "" && len(c.TrustedProxies) == 0 {
		return c, fmt.Errorf("CPCA_TRUSTED_PROXIES: list the load balancers' addresses when CPCA_PROXY_HEADER is set, or anyone could forge the client IP")
	}
	q, err := parseSize(env("CPCA_UPLOAD_QUOTA", "200MB"))
	if err != nil {
		return c, fmt.Errorf("CPCA_UPLOAD_QUOTA=%q: want a size of at least 1MB such as 200MB or 1GB (%v)", os.Getenv("CPCA_UPLOAD_QUOTA"), err)
	}
	c.UploadQuota = q
	c.LogFormat = env("CPCA_LOG_FORMAT", "text")
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("CPCA_LOG_FORMAT=%q: want text or json", c.LogFormat)
	}
	c.MetricsToken = os.Getenv("CPCA_METRICS_TOKEN")
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return c, errors.New("CPCA_METRICS_TOKEN: want at least 16 characters (a random string)")
	}
	c.MetricsAddr = os.Getenv("CPCA_METRICS_ADDR")
	if c.MetricsAddr != "" {
		if _, _, err := splitHostPort(c.MetricsAddr); err != nil {
			return c, fmt.Errorf("CPCA_METRICS_ADDR=%q: want host:port (%v)", c.MetricsAddr, err)
		}
	}
	if c.Promotion, err = loadPromotion(); err != nil {
		return c, err
	}
	if c.SMS, err = loadSMS(); err != nil {
		return c, err
	}
	c.SecureCookies = strings.HasPrefix(c.BaseURL, "https://")
	return c, nil
}

// parseSize reads "200MB", "200 MB", "1GB", "512KB" or a plain byte count (binary units:
// 1MB = 1024 KB). Below 1 MB no voucher fits, so it is refused.
func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GB", 1 << 30}, {"G", 1 << 30}, {"MB", 1 << 20}, {"M", 1 << 20}, {"KB", 1 << 10}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, unit = strings.TrimSuffix(s, u.suffix), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a whole number with a unit")
	}
	if n <= 0 || n > (1<<50)/unit {
		return 0, fmt.Errorf("out of range")
	}
	if n*unit < 1<<20 {
		return 0, fmt.Errorf("less than 1MB")
	}
	return n * unit, nil
}

func env(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func checkURL(name, raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the raw URL, password included
		}
		return fmt.Errorf("%s=%q: not a URL (%v)", name, raw, err)
	}
	for _, s := range schemes {
		if u.Scheme == s && u.Host != "" {
			return nil
		}
	}
	return fmt.Errorf("%s=%q: want a %s:// URL with a host", name, raw, schemes[0])
}

func splitHostPort(addr string) (string, int, error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", 0, fmt.Errorf("missing port")
	}
	p, err := strconv.Atoi(addr[i+1:])
	if err != nil || p < 0 || p > 65535 {
		return "", 0, fmt.Errorf("bad port")
	}
	return addr[:i], p, nil
}

// loadPromotion reads CPCA_PROMOTION_*; a bad value names its variable.
func loadPromotion() (Promotion, error) {
	p := Promotion{MinYears: 1, QuorumNum: 2, QuorumDen: 3, MajorityNum: 2, MajorityDen: 3, CouncilNum: 1, CouncilDen: 3,
		StandingNum: 1, StandingDen: 3, VicePresidents: 6, Presidents: 1}
	ints := []struct {
		name     string
		to       *int
		min, max int
	}{{"CPCA_PROMOTION_MIN_YEARS", &p.MinYears, 0, 50}, {"CPCA_PROMOTION_VICE_PRESIDENTS", &p.VicePresidents, 0, 100},
		{"CPCA_PROMOTION_PRESIDENTS", &p.Presidents, 0, 10}}
	for _, x := range ints {
		if v := os.Getenv(x.name); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < x.min || n > x.max {
				return p, fmt.Errorf("%s=%q: want a whole number between %d and %d", x.name, v, x.min, x.max)
			}
			*x.to = n
		}
	}
	fracs := []struct {
		name     string
		num, den *int
	}{{"CPCA_PROMOTION_QUORUM", &p.QuorumNum, &p.QuorumDen}, {"CPCA_PROMOTION_MAJORITY", &p.MajorityNum, &p.MajorityDen},
		{"CPCA_PROMOTION_COUNCIL_SHARE", &p.CouncilNum, &p.CouncilDen}, {"CPCA_PROMOTION_STANDING_SHARE", &p.StandingNum, &p.StandingDen}}
	for _, x := range fracs {
		v := strings.TrimSpace(os.Getenv(x.name))
		if v == "" {
			continue
		}
		a, b, ok := strings.Cut(v, "/")
		n, err1 := strconv.Atoi(strings.TrimSpace(a))
		d, err2 := strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || n <= 0 || d <= 0 || n > d {
			return p, fmt.Errorf("%s=%q: want a fraction between 0 and 1 such as 2/3", x.name, v)
		}
		*x.num, *x.den = n, d
	}
	return p, nil
}
