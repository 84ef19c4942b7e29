package imports

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Statuses of an import: the columns are mapped, the dry run checks every row, staff start
// it, the worker imports.
const (
	StatusMapping  = "mapping"
	StatusChecking = "checking"
	StatusChecked  = "checked"
	StatusRunning  = "running"
	StatusDone     = "done"
	StatusFailed   = "failed"
)

// Modes say what happens to a company whose 统一社会信用代码 exists already.
const (
	ModeCreate   = "create"   // 仅新建: existing companies are skipped
	ModeFill     = "fill"     // 补全空白字段: only empty fields get the file's value
	ModeOverride = "override" // 覆盖: the file's non-empty values replace ours
)

// Modes in display order.
var Modes = []string{ModeCreate, ModeFill, ModeOverride}

// ModeLabel is a mode's Chinese name.
func ModeLabel(m string) string {
	switch m {
	case ModeFill:
		return "补全空白字段"
	case ModeOverride:
		return "覆盖"
	}
	return "仅新建"
}

// File kinds of an import: the uploaded file and the per-row result (read by 会员部 only).
const (
	KindSource = files.KindImportSource
	KindResult = files.KindImportResult
)

// moves of an import, from → to: a new dry run after a changed mapping, the start only after
// a dry run, the worker ends each phase.
var moves = store.Transitions{
	StatusMapping:  {StatusChecking},
	StatusChecked:  {StatusChecking, StatusRunning},
	StatusChecking: {StatusChecked, StatusFailed},
	StatusRunning:  {StatusDone, StatusFailed},
	StatusFailed:   {StatusChecking},
}

// Errors of the import actions.
var (
	ErrState    = errs.New(errs.Conflict, "导入的状态已改变，请刷新页面。")
	ErrMapping  = errs.New(errs.Invalid, "以下必填字段还没有对应的列：%s")
	ErrMode     = errs.New(errs.Invalid, "请选择导入方式")
	ErrNotFound = errs.New(errs.NotFound, "导入记录不存在")
)

// Failure is one refused row, as the page lists the first ones.
type Failure struct {
	Row    int    `json:"row"`
	USCC   string `json:"uscc"`
	Reason string `json:"reason"`
}

// Counts are an import's (or its dry run's) results.
type Counts struct {
	Created    int `bun:"created"`
	Filled     int `bun:"filled"`
	Overridden int `bun:"overridden"`
	Unchanged  int `bun:"unchanged"`
	Errors     int `bun:"errors"`
	Invited    int `bun:"invited"`
}

// Job is one import.
type Job struct {
	bun.BaseModel `bun:"table:import_jobs"`
	ID            int64    `bun:"id,pk,autoincrement"`
	Status        string   `bun:"status"`
	Mode          string   `bun:"mode"`
	SendInvites   bool     `bun:"send_invites"`
	FileID        string   `bun:"file_id"`
	FileName      string   `bun:"file_name"`
	Format        string   `bun:"format"`
	Headers       []string `bun:"headers,type:jsonb"`
	Mapping       Mapping  `bun:"mapping,type:jsonb"`
	Total         int      `bun:"total"`
	Done          int      `bun:"done"`
	Counts
	FirstErrors  []Failure      `bun:"first_errors,type:jsonb"`
	ResultFileID sql.NullString `bun:"result_file_id"`
	Failure      string         `bun:"failure"`
	CreatedBy    int64          `bun:"created_by,nullzero"`
	CreatedAt    time.Time      `bun:"created_at,nullzero,default:now()"`
	UpdatedAt    time.Time      `bun:"updated_at,nullzero,default:now()"`
	CheckedAt    sql.NullTime   `bun:"checked_at"`
	StartedAt    sql.NullTime   `bun:"started_at"`
	FinishedAt   sql.NullTime   `bun:"finished_at"`
}

// Busy is an import the worker is on (the page polls it).
func (j *Job) Busy() bool { return j.Status == StatusChecking || j.Status == StatusRunning }

// CanStart: the dry run is done and found something to import.
func (j *Job) CanStart() bool {
	return j.Status == StatusChecked && j.Created+j.Filled+j.Overridden > 0
}

// CanMap: the mapping and mode may still change (a new dry run follows).
func (j *Job) CanMap() bool {
	return j.Status == StatusMapping || j.Status == StatusChecked || (j.Status == StatusFailed && !j.StartedAt.Valid)
}

// Percent is the progress in whole percent (0 while the total is unknown).
func (j *Job) Percent() int {
	if j.Total <= 0 {
		if j.Status == StatusDone {
			return 100
		}
		return 0
	}
	return min(100, j.Done*100/j.Total)
}

// Imported is how many rows the import changed or created.
func (j *Job) Imported() int { return j.Created + j.Filled + j.Overridden }

// Upload stores the file, reads its header row and opens an import in status mapping with
// the headers matched to our fields by name. A file that is not a spreadsheet is refused by
// its content (ErrNotSheet, ErrXLS) before anything is stored.
func Upload(ctx context.Context, db bun.IDB, name string, data []byte, by audit.Actor) (*Job, error) {
	format, err := Sniff(data)
	if err != nil {
		return nil, err
	}
	headers, err := Headers(data, format)
	if err != nil {
		return nil, err
	}
	if len(headers) > 200 {
		headers = headers[:200]
	}
	j := &Job{Status: StatusMapping, Mode: ModeCreate, Format: format, Headers: headers, Mapping: AutoMap(headers),
		FileName: audit.Cut(name, 120), CreatedBy: by.ID, FirstErrors: []Failure{}}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := files.SaveGenerated(ctx, tx, 0, KindSource, "导入-"+strconv.FormatInt(time.Now().Unix(), 10)+"."+format, contentType(format), data)
		if err != nil {
			return err
		}
		j.FileID = f.ID
		if _, err := tx.NewInsert().Model(j).Returning("id, created_at").Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "member.import_upload", ObjectType: "import", ObjectID: strconv.FormatInt(j.ID, 10),
			Detail: audit.Cut(j.FileName, 200) + " (" + format + ")"})
	})
	return j, err
}

func contentType(format string) string {
	if format == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv"
}

// Get loads an import.
func Get(ctx context.Context, db bun.IDB, id int64) (*Job, error) {
	j := new(Job)
	err := db.NewSelect().Model(j).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return j, err
}

// Recent lists the latest imports, newest first.
func Recent(ctx context.Context, db bun.IDB, limit int) ([]Job, error) {
	var js []Job
	err := db.NewSelect().Model(&js).ExcludeColumn("headers", "mapping", "first_errors").OrderExpr("id DESC").Limit(limit).Scan(ctx)
	return js, err
}

// Configure sets the mapping and mode and moves the import to checking (the dry run is then
// queued by the caller). Unmapped required fields are ErrMapping.
func Configure(ctx context.Context, db bun.IDB, id int64, m Mapping, mode string, by audit.Actor) error {
	if !oneOf(mode, Modes) {
		return ErrMode
	}
	if missing := m.Missing(); len(missing) > 0 {
		return errs.New(errs.Invalid, "以下必填字段还没有对应的列：%s", joinCN(missing))
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := store.Move(ctx, tx, &Job{}, id, StatusChecking, moves.Sources(StatusChecking), func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("mapping = ?", m).Set("mode = ?", mode).Set("done = 0, total = 0, created = 0, filled = 0, overridden = 0, unchanged = 0, errors = 0, failure = ''")
		})
		if err != nil {
			return err
		}
		if !ok {
			return ErrState
		}
		return by.Record(ctx, tx, audit.Entry{Action: "member.import_check", ObjectType: "import", ObjectID: strconv.FormatInt(id, 10), Detail: "mode " + mode})
	})
}

// Start moves a dry-run import to running (the caller queues it); invite says whether the
// new accounts get their invitation email.
func Start(ctx context.Context, db bun.IDB, id int64, invite bool, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := store.Move(ctx, tx, &Job{}, id, StatusRunning, moves.Sources(StatusRunning), func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("send_invites = ?", invite).Set("done = 0, created = 0, filled = 0, overridden = 0, unchanged = 0, errors = 0, invited = 0").
				Set("first_errors = '[]'").Set("started_at = now()")
		})
		if err != nil {
			return err
		}
		if !ok {
			return ErrState
		}
		d := "invitations off"
		if invite {
			d = "invitations on"
		}
		return by.Record(ctx, tx, audit.Entry{Action: "member.import_start", ObjectType: "import", ObjectID: strconv.FormatInt(id, 10), Detail: d})
	})
}

func joinCN(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "、"
		}
		out += x
	}
	return out
}

// StatusLabel is the Chinese name of the import's status.
func (j *Job) StatusLabel() string { return StatusLabel(j.Status) }

// StatusLabel names an import status.
func StatusLabel(s string) string {
	switch s {
	case StatusMapping:
		return "待确认列对应"
	case StatusChecking:
		return "试运行中"
	case StatusChecked:
		return "试运行完成"
	case StatusRunning:
		return "导入中"
	case StatusDone:
		return "导入完成"
	case StatusFailed:
		return "失败"
	}
	return s
}

// Statuses of an import in their order.
var Statuses = []string{StatusMapping, StatusChecking, StatusChecked, StatusRunning, StatusDone, StatusFailed}

// Fail ends a phase that never reached the worker (the queue refused it) with reason, so the
// page stops waiting; a failed dry run may be mapped and run again.
func Fail(ctx context.Context, db bun.IDB, id int64, reason string) error {
	_, err := db.NewUpdate().Model((*Job)(nil)).Set("status = ?", StatusFailed).Set("failure = ?", audit.Cut(reason, 500)).
		Set("finished_at = now(), updated_at = now()").Where("id = ?", id).Where("status IN (?)", bun.In([]string{StatusChecking, StatusRunning})).Exec(ctx)
	return err
}
