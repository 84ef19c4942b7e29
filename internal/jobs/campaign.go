package jobs

import (
	"context"
	"errors"
	"strconv"
	"time"

	"cpca/internal/campaign"

	"github.com/hibiken/asynq"
)

// TypeCampaignSweep runs the campaigns (群发邮件) that are due or sending, each for a bounded
// time; the scheduler enqueues it every minute and 立即发送 enqueues it at once.
const TypeCampaignSweep = "campaign:sweep"

// KickCampaigns enqueues a sweep now (after 立即发送, 审批通过, 继续发送, 重试失败).
func (q *Queue) KickCampaigns(ctx context.Context) error {
	return q.Enqueue(ctx, TypeCampaignSweep, struct{}{}, "campaign-sweep:kick:"+strconv.FormatInt(time.Now().UnixNano(), 36), 1, 5*time.Minute)
}

func (d *Deps) handleCampaignSweep(ctx context.Context, _ *asynq.Task) error {
	if d.Campaigns == nil {
		return nil
	}
	ids, err := campaign.Due(ctx, d.DB, d.now())
	if err != nil {
		return err
	}
	for _, id := range ids {
		res, err := d.Campaigns.Run(ctx, id)
		if errors.Is(err, campaign.ErrBusy) {
			continue // another worker is sending it
		}
		if err != nil {
			return err
		}
		if res.Sent+res.Failed+res.Bounced+res.Deferred > 0 || res.Finished {
			d.Log.Info("campaign run", "id", id, "sent", res.Sent, "deferred", res.Deferred, "failed", res.Failed, "bounced", res.Bounced, "finished", res.Finished)
		}
	}
	return nil
}
