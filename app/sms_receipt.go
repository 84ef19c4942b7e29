package app

import (
	"crypto/subtle"

	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// The delivery-receipt webhooks of the SMS gateways: /sms/receipt/aliyun/:secret and
// /sms/receipt/tencent/:secret (anonymous in the policy, exempt from CSRF: the gateway posts
// them). The secret in the path (CPCA_SMS_RECEIPT_SECRET) is the guard: a wrong one answers
// 404 as if the route did not exist. Applying a receipt is idempotent and a receipt for an
// unknown text is acknowledged, so the gateway stops retrying; a body that is not the
// gateway's format is 422, a database failure 500 (the gateway retries).

func (s *Server) smsReceipt(provider string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		secret := s.Cfg.SMS.ReceiptSecret
		if secret == "" || subtle.ConstantTimeCompare([]byte(c.Params("secret")), []byte(secret)) != 1 {
			return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"code": 404, "msg": "not found"})
		}
		parse, ack := sms.ParseAliyun, sms.AliyunAck
		if provider == "tencent" {
			parse, ack = sms.ParseTencent, sms.TencentAck
		}
		rs, err := parse(c.Body())
		if err != nil {
			return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"code": 422, "result": 422, "msg": "body is not a receipt array", "errmsg": "body is not a receipt array"})
		}
		n, err := sms.ApplyReceipts(c.UserContext(), s.DB, provider, rs)
		if err != nil {
			return err
		}
		if n < len(rs) {
			s.Log.Info("sms receipts for unknown or already final texts ignored", "provider", provider, "receipts", len(rs), "applied", n)
		}
		return c.JSON(ack)
	}
}
