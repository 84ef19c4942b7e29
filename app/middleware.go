package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/logging"
	"cpca/internal/session"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) middleware(app *fiber.App, assets fs.FS) {
	app.Use(recover.New())
	app.Use(s.requestID)
	app.Use(s.accessLog)
	app.Use(s.securityHeaders)
	app.Use(limitBody) // before anything can read a body
	app.Use("/public", filesystem.New(filesystem.Config{Root: http.FS(assets), MaxAge: 3600}))
	app.Use(s.loadSession)
	app.Use(s.checkCSRF)
}

// requestID gives each request an id, echoed in X-Request-Id, the logs and error pages. The
// request's context carries it, so every line logged with c.UserContext() (s.log(c)) has it.
func (s *Server) requestID(c *fiber.Ctx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Locals("rid", id)
	c.Set("X-Request-Id", id)
	c.SetUserContext(logging.WithRequestID(c.UserContext(), id))
	return c.Next()
}

func rid(c *fiber.Ctx) string { s, _ := c.Locals("rid").(string); return s }

// log is the request-scoped logger: every line has the request id.
func (s *Server) log(c *fiber.Ctx) *slog.Logger { return s.Log.With("rid", rid(c)) }

// accessLog writes one line per request and counts it in the metrics. The line has the route
// pattern, not the path (a path can hold a one-time token: /password/reset/:token), and the
// user's id, never a name or address.
func (s *Server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	observe(c, status, start)
	lvl := slog.LevelInfo
	if status >= 500 {
		lvl = slog.LevelError
	}
	if strings.HasPrefix(c.Path(), "/public/") && status < 400 {
		return nil
	}
	s.Log.Log(c.UserContext(), lvl, "http", "method", c.Method(), "route", routeLabel(c),
		"status", status, "ms", time.Since(start).Milliseconds(), "user", principal(c).UserID)
	return nil
}

func (s *Server) securityHeaders(c *fiber.Ctx) error {
	if s.Cfg.SecureCookies {
		c.Set("Strict-Transport-Security", hsts)
	}
	c.Set("Content-Security-Policy", csp)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	if strings.HasPrefix(c.Path(), "/public/") {
		return c.Next()
	}
	// Pages carry personal data and CSRF tokens: never cached, not even by the browser.
	c.Set("Cache-Control", "no-store")
	return c.Next()
}

// loadSession finds the browser's session and the logged-in principal. A visitor without one
// gets a Fresh session that is written (and its cookie set) only if the request stores
// something in it; anonymous forms use the signed token of anonCSRF, which needs no row.
func (s *Server) loadSession(c *fiber.Ctx) error {
	p := c.Path()
	if p == "/healthz" || p == "/readyz" {
		c.Locals("principal", account.Anonymous)
		return c.Next()
	}
	ctx := c.UserContext()
	// One round trip for the session and the principal (account.Resume).
	sess, pr, err := account.Resume(ctx, s.DB, s.Sessions, c.Cookies(s.cookieName(sessionCookie)))
	if err != nil {
		return err // a passing database error must not log the user out
	}
	if sess == nil {
		sess = s.Sessions.Fresh("")
	}
	if sess.UserID != 0 && pr.Role == account.RoleAnonymous {
		// The account was removed or disabled: end the session.
		if err := s.Sessions.Destroy(ctx, sess); err != nil {
			return err
		}
		s.dropCookie(c, sessionCookie)
		sess = s.Sessions.Fresh("")
	}
	if pr.UserID == 0 {
		if sess.CSRF, err = s.anonCSRF(c); err != nil {
			return err
		}
		if l := s.anonLang(c); l != "" {
			pr.Lang = l
		} else if l := sess.Get("lang"); l != "" {
			pr.Lang = l
		}
	}
	c.Locals("session", sess)
	c.Locals("principal", pr)
	err = c.Next()
	if cur, ok := c.Locals("session").(*session.Session); ok && cur != nil {
		created, serr := s.Sessions.Save(ctx, cur, c.IP(), c.Get("User-Agent"))
		if serr != nil {
			s.log(c).Warn("session save failed", "err", serr)
		}
		if created {
			s.setCookie(c, cur)
		}
	}
	return err
}

func sessionOf(c *fiber.Ctx) *session.Session {
	sess, _ := c.Locals("session").(*session.Session)
	return sess
}

func principal(c *fiber.Ctx) account.Principal {
	p, ok := c.Locals("principal").(account.Principal)
	if !ok {
		return account.Anonymous
	}
	return p
}

// checkCSRF refuses every unsafe request from another site, and every one whose token does
// not match the session's (a logged-in user's random token, or an anonymous visitor's signed
// one); htmx sends it in X-CSRF-Token (hx-headers on <body>), forms in the _csrf field.
func (s *Server) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	// The SMS gateways post delivery receipts from their servers: no session, no token; the
	// secret in the path guards them (app/sms_receipt.go).
	if strings.HasPrefix(c.Path(), "/sms/receipt/") || oneClick(c) { // or an RFC 8058 one-click unsubscribe: no session, no token
		return c.Next()
	}
	if s.crossSite(c) {
		return fiber.NewError(fiber.StatusForbidden, "页面已过期或请求来源无效，请刷新页面后重试。")
	}
	sess := sessionOf(c)
	tok := c.Get("X-CSRF-Token")
	if tok == "" {
		tok = c.FormValue("_csrf")
	}
	if sess == nil || tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(sess.CSRF)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "页面已过期或请求来源无效，请刷新页面后重试。")
	}
	return c.Next()
}

// guard returns the authorization step of one route: the principal's role must be allowed
// the route's pattern and method by the casbin policy. Anonymous visitors are sent to login.
func (s *Server) guard(c *fiber.Ctx) error {
	pr := principal(c)
	c.Locals("route", c.Route().Path) // the pattern, for metrics and logs (routeLabel)
	if s.Authz.Allowed(pr.Subject(), c.Route().Path, c.Method()) {
		if needsConfirm(c) {
			return s.confirmStep(c) // a form post without JavaScript asks first (app/confirm.go)
		}
		if isUpload(c) {
			release, err := s.uploadSlot()
			if err != nil {
				return err
			}
			defer release()
		}
		return c.Next()
	}
	if pr.Role == account.RoleAnonymous {
		if c.Method() == fiber.MethodGet {
			return redirect(c, "/login?next="+urlQueryEscape(c.OriginalURL()))
		}
		return fiber.NewError(fiber.StatusUnauthorized, "请先登录。")
	}
	if pr.Role == account.RoleApplicant && c.Method() == fiber.MethodGet {
		return redirect(c, "/application")
	}
	if pr.Closed != "" && s.Authz.Allowed(account.RoleMember, c.Route().Path, c.Method()) {
		// A member page of a suspended or withdrawn company: closed, and said so.
		return fiber.NewError(fiber.StatusForbidden, pr.ClosedMessage())
	}
	s.auditDenied(c, pr)
	return fiber.NewError(fiber.StatusForbidden, "您没有权限访问此页面。")
}
