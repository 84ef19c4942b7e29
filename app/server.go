// Package app is the HTTP side: routes, middleware and one handler file per menu area.
// It depends on internal/; nothing imports it but main and tests.
package app

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"cpca/internal/auth"
	"cpca/internal/authz"
	"cpca/internal/config"
	"cpca/internal/jobs"
	"cpca/internal/membership"
	"cpca/internal/session"
	"cpca/public"
	"cpca/views"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"
)

// Deps are the services the web layer uses; main builds them, tests build their own.
type Deps struct {
	Cfg      config.Config
	DB       *bun.DB
	Redis    redis.UniversalClient
	Queue    *jobs.Queue
	Relay    *jobs.Relay
	Authz    *authz.Enforcer
	Sessions *session.Store
	Throttle *auth.Throttle
	// Inspector shows failed background tasks to staff (后台任务); nil disables the page.
	Inspector *asynq.Inspector
	Log       *slog.Logger
	Now       func() time.Time
}

// Server holds the dependencies every handler shares.
type Server struct {
	Deps
	mailing membership.Mailing
	web     websec
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
	s := &Server{Deps: d, mailing: membership.Mailing{Address: d.Cfg.PaperAddress, BaseURL: d.Cfg.BaseURL}}
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
	return app, nil
}

// newEngine parses every template once, with the template functions registered first.
func newEngine() (*html.Engine, error) {
	sub, err := fs.Sub(views.FS, ".")
	if err != nil {
		return nil, err
	}
	engine := html.NewFileSystem(http.FS(sub), ".html")
	engine.AddFuncMap(funcs())
	return engine, engine.Load()
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
