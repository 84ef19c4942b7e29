package app

import (
	"strconv"

	"cpca/internal/membership"
	"cpca/internal/ratelimit"

	"github.com/gofiber/fiber/v2"
)

// exportAllowed counts one export of the staff user against ratelimit.Export: 429 past it.
func (s *Server) exportAllowed(c *fiber.Ctx) error {
	ok, err := ratelimit.Take(c.UserContext(), s.DB, ratelimit.Export, strconv.FormatInt(principal(c).UserID, 10))
	if err == nil && !ok {
		err = fiber.NewError(fiber.StatusTooManyRequests, "导出过于频繁：每10分钟最多导出10次，请稍后再试。")
	}
	return err
}

// registrationAllowed counts one registration submission against the limits per client
// address (429 past it) and per email address (a message on the email field, so the form
// can not be used to flood someone's mailbox with 入会申请提交成功).
func (s *Server) registrationAllowed(c *fiber.Ctx, email string) (membership.Errors, error) {
	ctx := c.UserContext()
	ok, err := ratelimit.Take(ctx, s.DB, ratelimit.RegisterIP, c.IP())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fiber.NewError(fiber.StatusTooManyRequests, "此网络提交入会申请过于频繁，请1小时后再试。")
	}
	if ok, err = ratelimit.Take(ctx, s.DB, ratelimit.RegisterEmail, email); err != nil || ok {
		return nil, err
	}
	return membership.Errors{"email": "该邮箱24小时内已提交过多次入会申请，请明天再试或换一个邮箱。"}, nil
}
