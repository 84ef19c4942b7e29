package jobs

import (
	"context"

	"cpca/internal/projects"

	"github.com/hibiken/asynq"
)

// TypeProjectReminders sends the 项目申报 deadline reminders companies asked for (提醒我),
// ProjectRemindDays before the deadline; each is claimed, so two schedulers send it once.
const TypeProjectReminders = "projects:reminders"

func registerProjects(mux *asynq.ServeMux, d *Deps) {
	mux.HandleFunc(TypeProjectReminders, d.handleProjectReminders)
}

func (d *Deps) handleProjectReminders(ctx context.Context, _ *asynq.Task) error {
	n, err := projects.SendReminders(ctx, d.DB, d.ProjectRemindDays, d.now())
	if n > 0 {
		d.Log.Info("project reminders sent", "count", n)
	}
	return err
}
