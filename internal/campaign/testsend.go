package campaign

import (
	"context"
	"os"
	"strconv"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/mail"

	"github.com/uptrace/bun"
)

// ErrNoOwnAddress is returned for a test send by a staff user without an email address.
var ErrNoOwnAddress = errs.New(errs.Invalid, "您的账号没有邮箱地址，无法发送测试邮件；请在个人设置中填写。")

// TestSend mails the campaign as recipient r would get it to the staff user's own address,
// through the ordinary outbox (so it shows in 发送记录 of 邮件管理 as 群发邮件测试). The
// subject is marked [测试].
func TestSend(ctx context.Context, db *bun.DB, d Draft, r Recipient, to, baseURL string, by audit.Actor) (int64, error) {
	if strings.TrimSpace(to) == "" {
		return 0, ErrNoOwnAddress
	}
	for _, e := range Check(d.Subject, d.Body) {
		return 0, e
	}
	key, err := Key(ctx, db)
	if err != nil {
		return 0, err
	}
	m, err := Render(d.Subject, d.Body, d.Layout, r, UnsubscribeURL(baseURL, key, r.Address))
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if id, err = mail.Queue(ctx, tx, mail.Message{To: to, Subject: "[测试] " + m.Subject, Body: m.Body, Kind: "campaign_test"}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "campaign.test_send", ObjectType: "email", ObjectID: strconv.FormatInt(id, 10)})
	})
	return id, err
}

// LimitsFromEnv reads the rates: CPCA_CAMPAIGN_RATE (per minute overall),
// CPCA_CAMPAIGN_DOMAIN_RATE (per minute for any domain not listed) and
// CPCA_CAMPAIGN_DOMAIN_RATES ("qq.com=120,163.com=100"), over DefaultLimits.
func LimitsFromEnv() Limits {
	l := Limits{PerMinute: DefaultLimits.PerMinute, DefaultDomain: DefaultLimits.DefaultDomain, Domains: map[string]int{}}
	for k, v := range DefaultLimits.Domains {
		l.Domains[k] = v
	}
	if n, err := strconv.Atoi(os.Getenv("CPCA_CAMPAIGN_RATE")); err == nil && n >= 0 {
		l.PerMinute = n
	}
	if n, err := strconv.Atoi(os.Getenv("CPCA_CAMPAIGN_DOMAIN_RATE")); err == nil && n >= 0 {
		l.DefaultDomain = n
	}
	for k, v := range ParseDomains(os.Getenv("CPCA_CAMPAIGN_DOMAIN_RATES")) {
		l.Domains[k] = v
	}
	return l
}
