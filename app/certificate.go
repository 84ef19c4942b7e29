package app

import (
	"context"
	"fmt"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/certificate"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/i18n"

	"github.com/gofiber/fiber/v2"
)

// certificatePage is 会员证书: this year's state and every certificate the company holds.
type certificatePage struct {
	Year    int
	Current *dues.Dues // this year's dues, nil when not generated
	Live    *certificate.Certificate
	Missing string // what stands between the member and the certificate
	All     []certificate.Certificate
}

// certificates is 会员证书: shown once the current year's dues are confirmed; before that
// the page says what is missing. Earlier years' certificates stay downloadable.
func (s *Server) certificates(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pr := principal(c)
	year := calendar.Year(s.Now())
	v := certificatePage{Year: year}
	current, err := dues.ForYear(ctx, s.DB, pr.CompanyID, year)
	if err != nil {
		return err
	}
	v.Current = current
	if v.All, err = certificate.ForCompany(ctx, s.DB, pr.CompanyID); err != nil {
		return err
	}
	revoked := false
	for i := range v.All {
		if x := &v.All[i]; x.Year == year && x.Status == certificate.StatusIssued {
			v.Live = x
		} else if x.Year == year && x.Status == certificate.StatusRevoked {
			revoked = true
		}
	}
	switch {
	case v.Live != nil:
	case v.Current == nil:
		v.Missing = i18n.Tf(pr.Lang, "%d 年度会费账单尚未生成，请留意协会通知。", year)
	case v.Current.Status == dues.Unpaid:
		v.Missing = i18n.Tf(pr.Lang, "尚未缴纳 %d 年度会费（%s 元）。请转账后在「会员缴费」中上传缴费凭证。", year, dues.Yuan(v.Current.AmountFen))
	case v.Current.Status == dues.Pending:
		v.Missing = "缴费凭证已上传，等待协会确认到账。确认后将自动生成会员证书。"
	case v.Current.Status == dues.Rejected:
		v.Missing = i18n.Tf(pr.Lang, "缴费凭证被退回：%s。请重新上传。", v.Current.RejectReason)
	case revoked:
		v.Missing = "本年度会员证书已被协会撤销，如有疑问请联系协会。"
	default:
		v.Missing = "会费已确认，会员证书正在生成，请稍后刷新本页。"
	}
	p := s.page(c, "会员证书", "certificate")
	p.Data = v
	return render(c, "pages/certificate", "", p)
}

// verifyPage is the public result of a certificate check.
type verifyPage struct {
	Verdict certificate.Verdict
	Level   string
}

// verify is /verify/{code}: valid, expired, revoked or unknown, with company name and level
// and nothing else. Rate limited per IP through Redis (shared by all web processes).
func (s *Server) verify(c *fiber.Ctx) error {
	if limited, err := s.rateLimited(c.UserContext(), "verify", c.IP(), 30, time.Minute); err != nil {
		s.log(c).Warn("rate limit check failed", "err", err)
	} else if limited {
		return fiber.NewError(fiber.StatusTooManyRequests, "查询过于频繁，请稍后再试。")
	}
	v, err := certificate.Verify(c.UserContext(), s.DB, c.Params("code"), s.Now())
	if err != nil {
		return err
	}
	p := s.page(c, "会员证书验证", "")
	p.Data = verifyPage{Verdict: v, Level: company.LevelLabel(v.Level)}
	if v.State == "unknown" {
		c.Status(fiber.StatusNotFound)
	}
	return render(c, "pages/verify", "", p)
}

// rateLimited counts a hit for key+who in the current window and reports whether limit is passed.
func (s *Server) rateLimited(ctx context.Context, key, who string, limit int64, window time.Duration) (bool, error) {
	if s.Redis == nil {
		return false, nil
	}
	k := fmt.Sprintf("cpca:rl:%s:%s:%d", key, who, time.Now().Unix()/int64(window.Seconds()))
	n, err := s.Redis.Incr(ctx, k).Result()
	if err != nil {
		return false, err
	}
	if n == 1 {
		s.Redis.Expire(ctx, k, window+time.Second)
	}
	return n > limit, nil
}
