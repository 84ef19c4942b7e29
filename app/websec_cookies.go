package app

import (
	"net/url"
	"strings"
	"time"

	"cpca/internal/session"

	"github.com/gofiber/fiber/v2"
)

// Cookie names. Under https they carry the __Host- prefix, which browsers accept only with
// Secure, Path=/ and no Domain: a sibling subdomain can then neither plant nor overwrite them.
const (
	sessionCookie = "cpca_sid"
	csrfCookie    = "cpca_csrf" // the anonymous CSRF nonce (internal/session/csrf.go)
	langCookie    = "cpca_lang" // an anonymous visitor's language
)

// hsts is sent on every response when the base URL is https: browsers then never try http.
const hsts = "max-age=31536000; includeSubDomains"

func (s *Server) cookieName(base string) string {
	if s.Cfg.SecureCookies {
		return "__Host-" + base
	}
	return base
}

func (s *Server) putCookie(c *fiber.Ctx, base, value string, maxAge int) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(base), Value: value, Path: "/", HTTPOnly: true, MaxAge: maxAge,
		Secure: s.Cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
}

// dropCookie deletes a cookie with the attributes it was set with (a __Host- cookie is
// only replaced by one that is Secure too).
func (s *Server) dropCookie(c *fiber.Ctx, base string) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(base), Value: "", Path: "/", HTTPOnly: true, Expires: time.Unix(1, 0),
		Secure: s.Cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
}

// setCookie gives the browser the session's id. The cookie lasts as long as the browser; the
// server ends the session after the idle timeout or CPCA_SESSION_MAX.
func (s *Server) setCookie(c *fiber.Ctx, sess *session.Session) {
	s.putCookie(c, sessionCookie, sess.ID, 0)
}

// anonCSRF is the CSRF token of an anonymous visitor: the signed form of the nonce in their
// csrf cookie, which is set here when missing. No row is written.
func (s *Server) anonCSRF(c *fiber.Ctx) (string, error) {
	nonce := c.Cookies(s.cookieName(csrfCookie))
	if len(nonce) != 43 {
		nonce = session.NewNonce()
		s.putCookie(c, csrfCookie, nonce, 0)
	}
	return s.Sessions.AnonCSRF(c.UserContext(), nonce)
}

// setLang keeps an anonymous visitor's language in a cookie for a year.
func (s *Server) setLang(c *fiber.Ctx, lang string) {
	s.putCookie(c, langCookie, lang, 365*24*3600)
}

// anonLang is the language an anonymous visitor chose, or "".
func (s *Server) anonLang(c *fiber.Ctx) string {
	switch l := c.Cookies(s.cookieName(langCookie)); l {
	case "zh", "en":
		return l
	}
	return ""
}

// crossSite reports whether an unsafe request comes from another site, which is refused even
// with a valid token. The browser's Sec-Fetch-Site decides when it is sent (every current
// browser): same-origin and none (typed by the user) pass, same-site and cross-site do not —
// a sibling subdomain is another site too. Without it, a foreign Origin is refused: anything
// but the base URL's scheme://host[:port], including "null".
func (s *Server) crossSite(c *fiber.Ctx) bool {
	switch c.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "":
	default:
		return true
	}
	o := c.Get("Origin")
	return o != "" && !strings.EqualFold(o, s.origin())
}

// origin is the base URL's origin, as browsers write it in Origin.
func (s *Server) origin() string {
	u, err := url.Parse(s.Cfg.BaseURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
