package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"cpca/internal/metrics"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// A failed task is counted by its type in cpca_job_failures_total.
func TestTaskFailedCounted(t *testing.T) {
	h := taskFailed(slog.New(slog.NewTextHandler(io.Discard, nil)))
	before := testutil.ToFloat64(metrics.JobFailures.WithLabelValues(TypeCertificate))
	h.HandleError(context.Background(), asynq.NewTask(TypeCertificate, nil), errors.New("font missing"))
	h.HandleError(context.Background(), asynq.NewTask(TypeCertificate, nil), errors.New("font missing"))
	if d := testutil.ToFloat64(metrics.JobFailures.WithLabelValues(TypeCertificate)) - before; d != 2 {
		t.Errorf("counter moved by %v, want 2", d)
	}
}
