package app

import (
	"errors"

	"cpca/internal/account"
	"cpca/internal/certificate"
	"cpca/internal/dues"
	"cpca/internal/files"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/notice"

	"github.com/gofiber/fiber/v2"
)

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}

// handleError is the one place errors become responses: typed not-found errors are 404,
// fiber errors keep their code, everything else is a logged 500 with the request id and
// no details.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	msg := "系统出现错误，请稍后重试。如问题持续，请联系协会并提供请求编号。"
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		code = fe.Code
		msg = fe.Message
		if code == fiber.StatusNotFound && msg == "Cannot "+c.Method()+" "+c.Path() {
			msg = "页面不存在。"
		}
		if code == fiber.StatusRequestEntityTooLarge {
			msg = "上传内容过大。"
		}
	case errors.Is(err, membership.ErrNotFound), errors.Is(err, notice.ErrNotFound),
		errors.Is(err, mail.ErrNotFound), errors.Is(err, account.ErrNotFound),
		errors.Is(err, dues.ErrNotFound), errors.Is(err, certificate.ErrNotFound), errors.Is(err, files.ErrNotFound):
		code = fiber.StatusNotFound
		msg = "您要找的内容不存在或已被删除。"
	default:
		s.Log.Error("request failed", "rid", rid(c), "method", c.Method(), "path", c.Path(), "err", err)
	}
	c.Status(code)
	p := s.page(c, "出错了", "")
	p.Data = errorPage{Status: code, Message: msg}
	c.Type("html", "utf-8")
	if isHTMX(c) {
		// Show the message in the toast area instead of replacing the target.
		c.Set("HX-Retarget", "#toast")
		c.Set("HX-Reswap", "innerHTML")
		return c.Render("partials/toast", p)
	}
	if rerr := c.Render("pages/error", p); rerr != nil {
		return c.SendString(msg)
	}
	return nil
}
