package app

import (
	"sort"
	"time"

	"cpca/internal/audit"

	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"
)

// jobRow is one background task that failed at least once.
type jobRow struct {
	ID, Type, Payload, Error, State string
	Retried, MaxRetry               int
	FailedAt, NextAt                time.Time
}

// jobsPage is 后台任务: tasks waiting for a retry and tasks that used up their retries, with
// their last error, so a failure in the worker is visible to staff and can be run again.
type jobsPage struct {
	Rows      []jobRow
	Available bool
}

func (s *Server) jobsList(c *fiber.Ctx) error {
	v := jobsPage{Available: s.Inspector != nil}
	if s.Inspector != nil {
		q := s.Queue.Name
		add := func(state string, ts []*asynq.TaskInfo) {
			for _, t := range ts {
				v.Rows = append(v.Rows, jobRow{ID: t.ID, Type: t.Type, Payload: string(t.Payload), Error: t.LastErr, State: state,
					Retried: t.Retried, MaxRetry: t.MaxRetry, FailedAt: t.LastFailedAt, NextAt: t.NextProcessAt})
			}
		}
		retry, err := s.Inspector.ListRetryTasks(q, asynq.PageSize(100))
		if err != nil && err != asynq.ErrQueueNotFound {
			s.log(c).Warn("list retry tasks", "err", err)
		}
		add("retry", retry)
		dead, err := s.Inspector.ListArchivedTasks(q, asynq.PageSize(100))
		if err != nil && err != asynq.ErrQueueNotFound {
			s.log(c).Warn("list archived tasks", "err", err)
		}
		add("archived", dead)
		sort.Slice(v.Rows, func(i, j int) bool { return v.Rows[i].FailedAt.After(v.Rows[j].FailedAt) })
	}
	p := s.page(c, "后台任务", "jobs")
	p.Data = v
	return render(c, "pages/admin_jobs", "", p)
}

// jobRun runs a failed task again now.
func (s *Server) jobRun(c *fiber.Ctx) error {
	if s.Inspector == nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, "任务队列不可用。")
	}
	id := c.Params("id")
	if err := s.Inspector.RunTask(s.Queue.Name, id); err != nil {
		flashErr(c, "无法重新执行该任务（可能已完成或已被删除）。")
		return redirect(c, "/admin/jobs")
	}
	_ = actor(c).Record(c.UserContext(), s.DB, audit.Entry{Action: "job.run", ObjectType: "task", ObjectID: id})
	flash(c, "任务已重新加入队列。")
	return redirect(c, "/admin/jobs")
}
