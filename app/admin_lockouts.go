package app

import (
	"errors"
	"strings"

	"cpca/internal/auth"

	"github.com/gofiber/fiber/v2"
)

// lockoutsPage is 登录锁定: the current login locks, for staff to lift one when a member
// calls (解除锁定). Locks are per account and address, and per address.
type lockoutsPage struct {
	Lockouts []auth.Lockout
}

func (s *Server) lockoutList(c *fiber.Ctx) error {
	ls, err := s.Throttle.Lockouts(c.UserContext())
	if err != nil {
		return err
	}
	p := s.page(c, "登录锁定", "lockouts")
	p.Data = lockoutsPage{Lockouts: ls}
	return render(c, "pages/admin_lockouts", "", p)
}

// lockoutUnlock lifts one lock: username and ip of a pair, or ip alone for an address.
func (s *Server) lockoutUnlock(c *fiber.Ctx) error {
	username, ip := strings.TrimSpace(c.FormValue("username")), strings.TrimSpace(c.FormValue("ip"))
	if ip == "" || len(ip) > 64 || len(username) > 100 {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "请从列表中选择要解除的锁定。")
	}
	switch err := s.Throttle.Unlock(c.UserContext(), s.DB, username, ip, actor(c)); {
	case errors.Is(err, auth.ErrNotLocked):
		flashErr(c, err.Error())
	case err != nil:
		return err
	default:
		flash(c, "已解除锁定。")
	}
	return redirect(c, "/admin/lockouts")
}
