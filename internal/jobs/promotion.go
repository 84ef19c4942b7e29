package jobs

import (
	"context"

	"cpca/internal/audit"
	"cpca/internal/promotion"

	"github.com/hibiken/asynq"
)

// TypeSeatsExpire ends the council seats of terms that are over (会员晋升): companies not
// ratified again for the new term return to 会员单位.
const TypeSeatsExpire = "promotion:seats-expire"

func registerPromotion(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeSeatsExpire, d.handleSeatsExpire)
}

// handleSeatsExpire is idempotent: an expired seat is not expired again.
func (d *Deps) handleSeatsExpire(ctx context.Context, _ *asynq.Task) error {
	n, err := promotion.ExpireSeats(ctx, d.DB, audit.Actor{Name: "scheduler"}, d.now())
	if n > 0 {
		d.Log.Info("council seats expired", "count", n)
	}
	return err
}
