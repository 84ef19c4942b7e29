package jobs

import (
	"context"

	"cpca/internal/broadcast"

	"github.com/hibiken/asynq"
)

// TypeBroadcastSweep sends the scheduled 站内信 whose time has come.
const TypeBroadcastSweep = "broadcast:sweep"

func (d *Deps) handleBroadcastSweep(ctx context.Context, _ *asynq.Task) error {
	n, err := broadcast.DeliverDue(ctx, d.DB, d.now())
	if n > 0 {
		d.Log.Info("scheduled broadcasts sent", "count", n)
	}
	return err
}
