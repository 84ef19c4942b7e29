package app

import (
	"strconv"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"

	"github.com/gofiber/fiber/v2"
)

// deniedEvery is how often one user's refusals on one route are audited: a script hammering
// a staff page must not fill the audit log. The memory is per process, so N web processes
// may write up to N entries a minute for the same user and route.
const deniedEvery = time.Minute

// auditDenied records that a logged-in user was refused a route by the policy (authz.denied,
// the route's pattern and method), at most once per user, route and method per deniedEvery.
func (s *Server) auditDenied(c *fiber.Ctx, pr account.Principal) {
	route, method := c.Route().Path, c.Method()
	key := strconv.FormatInt(pr.UserID, 10) + "|" + method + "|" + route
	now := time.Now()
	s.web.deniedMu.Lock()
	if s.web.denied == nil {
		s.web.denied = map[string]time.Time{}
	}
	if last, ok := s.web.denied[key]; ok && now.Sub(last) < deniedEvery {
		s.web.deniedMu.Unlock()
		return
	}
	if len(s.web.denied) > 10000 { // forget what no longer limits anything
		for k, t := range s.web.denied {
			if now.Sub(t) >= deniedEvery {
				delete(s.web.denied, k)
			}
		}
	}
	s.web.denied[key] = now
	s.web.deniedMu.Unlock()
	e := audit.Entry{ActorID: pr.UserID, ActorName: pr.Username, IP: c.IP(), Action: "authz.denied",
		ObjectType: "route", ObjectID: route, Result: "denied", Detail: method}
	if err := audit.Record(c.UserContext(), s.DB, e); err != nil {
		s.log(c).Warn("audit of a refusal failed", "err", err)
	}
}
