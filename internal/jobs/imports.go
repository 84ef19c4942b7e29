package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/imports"

	"github.com/hibiken/asynq"
)

// TypeImport runs one phase of a 导入会员 (its dry run or the import); the progress is in
// import_jobs, so the page follows it from any web process.
const TypeImport = "members:import"

// ImportPayload names the import and its phase.
type ImportPayload struct {
	ID    int64  `json:"id"`
	Phase string `json:"phase"` // checking | running
}

// importRetry: a failure the handler sees ends the phase (SkipRetry); these retries are for a
// worker that died mid-phase, whose task asynq hands out again once its lease expires. The
// phase then runs again from the first row: rows already written are recognised by credit
// code (the counts of that run call them 未变).
const importRetry = 2

// importTimeout bounds one phase: 50,000 rows take well under a minute.
const importTimeout = 30 * time.Minute

// EnqueueImport queues the phase the import was just moved to. The id carries the phase and
// the time, so a dry run repeated after a new mapping is a new task, a double click is not.
func (q *Queue) EnqueueImport(ctx context.Context, id int64, phase string, at time.Time) error {
	return q.Enqueue(ctx, TypeImport, ImportPayload{ID: id, Phase: phase},
		fmt.Sprintf("import:%d:%s:%s", id, phase, strconv.FormatInt(at.Unix(), 10)), importRetry, importTimeout)
}

func registerImports(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeImport, d.handleImport)
}

// handleImport does not retry a failure it sees: the phase is marked failed with its reason
// (rows already imported stay, and importing the file again skips them by credit code).
func (d *Deps) handleImport(ctx context.Context, t *asynq.Task) error {
	var p ImportPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
	}
	err := imports.Process(ctx, d.DB, p.ID, d.Mailing.BaseURL, d.now)
	if err != nil {
		d.Log.Warn("member import failed", "import_id", p.ID, "phase", p.Phase, "err", err)
		return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
	}
	return nil
}
