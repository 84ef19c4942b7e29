package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is up.
func (s *Server) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

// readyz says the process can serve: PostgreSQL and Redis answer.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log(c).Warn("not ready", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("not ready")
	}
	return c.SendString("ready")
}
