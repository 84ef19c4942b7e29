package jobs

import (
	"context"

	"cpca/internal/feedback"

	"github.com/hibiken/asynq"
)

// TypeFeedbackAutoClose closes feedback items 已解决 for CPCA_FEEDBACK_AUTOCLOSE_DAYS without a
// reply. Each closing is claimed in the database, so two schedulers close each item once.
const TypeFeedbackAutoClose = "feedback:autoclose"

func (d *Deps) handleFeedbackAutoClose(ctx context.Context, _ *asynq.Task) error {
	n, err := feedback.AutoClose(ctx, d.DB, d.FeedbackAutoCloseDays, d.now())
	if n > 0 {
		d.Log.Info("feedback closed automatically", "count", n)
	}
	return err
}
