// Package app is the HTTP side: routes, middleware and one handler file per menu area.
// It depends on internal/; nothing imports it but main and tests.
package app

import (
	"context"
	"time"

	"cpca/internal/dashboard"
	"cpca/internal/membership"
	"cpca/internal/system"
	"cpca/public"

	"github.com/gofiber/fiber/v2"
)

// Deps are the services the web layer uses: the wired system (internal/system), built once
// for serve, the worker, the tools and the tests.
type Deps = system.System

// Server holds the dependencies every handler shares.
type Server struct {
	Deps
	mailing membership.Mailing
	navi    *navigator // the menu and Page.Can, built once the routes are mounted
	web     websec
	dash    *dashboard.Cache // 可视化管理: widgets computed in the last few seconds
}

// New builds the Fiber app with every route mounted.
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	engine, err := newEngine()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, dash: dashboard.NewCache(), mailing: membership.Mailing{Address: d.Cfg.PaperAddress, BaseURL: d.Cfg.BaseURL}}
	app := fiber.New(fiber.Config{
		Views:                 engine,
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		// Bodies are streamed so limitBody can refuse one by its size before it is buffered
		// (fasthttp does not enforce BodyLimit on a streamed body; limitBody does, per
		// route); the multipart form is parsed when a handler asks, files going to
		// temporary files instead of memory.
		BodyLimit:                    uploadLimit,
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		ProxyHeader:                  d.Cfg.ProxyHeader,
		EnableTrustedProxyCheck:      d.Cfg.ProxyHeader != "",
		TrustedProxies:               d.Cfg.TrustedProxies,
		EnableIPValidation:           true,
		AppName:                      "cpca",
	})
	s.middleware(app, public.FS)
	s.routes(app)
	s.navi = newNavigator(app, d.Authz)
	s.navi.views = engine
	return app, nil
}

// kickOutbox hands freshly committed emails to the queue without waiting.
func (s *Server) kickOutbox() {
	if s.Relay != nil {
		s.Relay.Kick()
	}
}

func (s *Server) ready(ctx context.Context) error {
	if err := s.DB.PingContext(ctx); err != nil {
		return err
	}
	if s.Redis != nil {
		return s.Redis.Ping(ctx).Err()
	}
	return nil
}
