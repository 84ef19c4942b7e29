package jobs

import (
	"context"

	"cpca/internal/events"

	"github.com/hibiken/asynq"
)

// TypeEventOffers expires waitlist offers past their time and offers the places to the next
// company (events.ExpireOffers; two schedulers are serialised by the event lock).
const TypeEventOffers = "events:offers"

func registerEvents(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeEventOffers, d.handleEventOffers)
}

func (d *Deps) handleEventOffers(ctx context.Context, _ *asynq.Task) error {
	n, err := events.ExpireOffers(ctx, d.DB, d.now())
	if n > 0 {
		d.Log.Info("event offers settled", "events", n)
	}
	return err
}
