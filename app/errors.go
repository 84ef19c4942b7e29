package app

import (
	"errors"
	"net/url"

	"cpca/internal/errs"

	"github.com/gofiber/fiber/v2"
)

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}

var (
	msgInternal = errs.M("系统出现错误，请稍后重试。如问题持续，请联系协会并提供请求编号。")
	msgNotFound = errs.M("您要找的内容不存在或已被删除。")
)

// handleError is the one place errors become responses, by kind (internal/errs), never by
// feature: not found is 404 (the same words whatever was missing, so nobody learns whether
// another company's object exists); a conflict (the state changed under the user) is a
// flash on the page the user came from; invalid 422, forbidden 403, too many 429 show their
// message; fiber errors keep their code; everything else is a logged 500 with the request id
// and no details.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	lang := principal(c).Lang
	code, msg := fiber.StatusInternalServerError, msgInternal.In(lang)
	var fe *fiber.Error
	switch kind := errs.KindOf(err); {
	case errors.As(err, &fe):
		code = fe.Code
		msg = errs.M(fe.Message).In(lang)
		if code == fiber.StatusNotFound && fe.Message == "Cannot "+c.Method()+" "+c.Path() {
			msg = errs.M("页面不存在。").In(lang)
		}
		if code == fiber.StatusRequestEntityTooLarge {
			msg = errs.M("上传内容过大。").In(lang)
		}
	case kind == errs.NotFound:
		code, msg = fiber.StatusNotFound, msgNotFound.In(lang)
	case kind == errs.Conflict && c.Method() != fiber.MethodGet:
		m, _ := errs.MessageOf(err)
		flashMsg(c, "flash_err", m)
		return redirect(c, back(c))
	case kind != nil:
		code = map[error]int{errs.Conflict: fiber.StatusConflict, errs.Invalid: fiber.StatusUnprocessableEntity,
			errs.Forbidden: fiber.StatusForbidden, errs.TooMany: fiber.StatusTooManyRequests}[kind]
		if m, ok := errs.MessageOf(err); ok {
			msg = m.In(lang)
		}
	default:
		s.log(c).Error("request failed", "method", c.Method(), "route", routeLabel(c), "err", err)
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

// back is where a refused action returns: the page that posted it when it is ours (the
// Referer's path on this host), else the start page.
func back(c *fiber.Ctx) string {
	if to, ok := c.Locals("back").(string); ok && to != "" {
		return to
	}
	if u, err := url.Parse(c.Get(fiber.HeaderReferer)); err == nil && u.Host == c.Hostname() && u.Path != "" && u.Path[0] == '/' {
		if u.RawQuery != "" {
			return u.Path + "?" + u.RawQuery
		}
		return u.Path
	}
	return "/"
}
