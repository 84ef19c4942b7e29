// Package logging builds the process logger: text for a terminal, JSON (CPCA_LOG_FORMAT=json)
// for a log collector, and in both the request id of the request a line belongs to, taken
// from the context, so every line of one request can be found by one id.
//
// What goes in a line is the caller's choice, and the rule is: ids, route patterns, counts and
// errors; never an email address, a phone number, a person's or company's name, a username
// or a one-time token (paths are logged as route patterns for that reason).
package logging

import (
	"context"
	"io"
	"log/slog"
)

type ridKey struct{}

// WithRequestID returns ctx carrying the request id id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ridKey{}, id)
}

// RequestID is the request id ctx carries, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ridKey{}).(string)
	return id
}

// New returns a logger writing to w in format "json" or "text" (anything else is text).
func New(format string, w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(Handler{h})
}

// Handler adds the attribute rid (the request id of the record's context) to every record
// logged with a context that has one.
type Handler struct{ slog.Handler }

// Handle adds rid and hands the record on.
func (h Handler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("rid", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the derived handler.
func (h Handler) WithAttrs(as []slog.Attr) slog.Handler { return Handler{h.Handler.WithAttrs(as)} }

// WithGroup keeps the wrapper around the derived handler.
func (h Handler) WithGroup(name string) slog.Handler { return Handler{h.Handler.WithGroup(name)} }
