package app

import (
	"cpca/internal/audit"

	"github.com/gofiber/fiber/v2"
)

// auditPage is the audit log, newest first, paged by id (keyset).
type auditPage struct {
	Action  string
	Entries []audit.Entry
	Next    int64
}

func (s *Server) auditList(c *fiber.Ctx) error {
	v := auditPage{Action: c.Query("action")}
	before := int64(atoiDefault(c.Query("before"), 0))
	es, err := audit.List(c.UserContext(), s.DB, audit.Filter{Action: v.Action, Before: before, Limit: 50})
	if err != nil {
		return err
	}
	v.Entries = es
	if len(es) == 50 {
		v.Next = es[len(es)-1].ID
	}
	p := s.page(c, "审计日志", "audit")
	p.Data = v
	return render(c, "pages/admin_audit", "", p)
}
