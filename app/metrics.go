package app

import (
	"strings"
	"time"

	"cpca/internal/metrics"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
)

var metricsHandler = adaptor.HTTPHandler(metrics.Handler())

// metricsPage is /metrics in the Prometheus text format, for a scraper on this machine or
// one that sends CPCA_METRICS_TOKEN as a bearer token; anyone else gets 403. The policy lets
// every role reach the handler, which decides by address and token, as a scraper has no
// session.
func (s *Server) metricsPage(c *fiber.Ctx) error {
	if !metrics.Allowed(s.scraperIP(c), c.Get(fiber.HeaderAuthorization), s.Cfg.MetricsToken) {
		return fiber.NewError(fiber.StatusForbidden, "您没有权限访问此页面。")
	}
	return metricsHandler(c)
}

// scraperIP is the client's address for the loopback rule. A request that came through a
// proxy on this machine looks like loopback: when no trusted proxy header is configured
// (CPCA_PROXY_HEADER), a request carrying any forwarding header counts as remote.
func (s *Server) scraperIP(c *fiber.Ctx) string {
	if s.Cfg.ProxyHeader == "" {
		for _, h := range []string{fiber.HeaderXForwardedFor, "X-Real-Ip", "Forwarded"} {
			if c.Get(h) != "" {
				return ""
			}
		}
	}
	return c.IP()
}

// routeLabel is the request's route for metrics and logs: the pattern Fiber matched
// (/dues/:id), never the URL. guard, the first handler of every route, notes it; a request
// no route answered (404, or refused by a middleware before its route, such as a bad CSRF
// token) is "unmatched", and static files are one series.
func routeLabel(c *fiber.Ctx) string {
	if r, ok := c.Locals("route").(string); ok {
		return r
	}
	if strings.HasPrefix(c.Path(), "/public/") {
		return "/public/*"
	}
	return "unmatched"
}

// observe records the answered request in the metrics.
func observe(c *fiber.Ctx, status int, start time.Time) {
	// Fiber's strings point into fasthttp's reused buffers: the series keeps a copy.
	metrics.Request(strings.Clone(routeLabel(c)), strings.Clone(c.Method()), status, time.Since(start).Seconds())
}
