package app

// 会员管理 — 导入会员: the template, the upload, the column mapping with the mode, the dry
// run (试运行) and the import, both run by the worker while the page polls a progress
// fragment (htmx, every second; without JS the page reloads itself while busy).

import (
	"errors"
	"io"
	"strconv"

	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/imports"

	"github.com/gofiber/fiber/v2"
)

// importUploadLimit bounds the body of the import upload: one file of imports.MaxFile.
const importUploadLimit = imports.MaxFile + 1<<20

const importPath = "/admin/members/import"

func importURL(id int64) string { return importPath + "/" + strconv.FormatInt(id, 10) }

// importHomePage is 导入会员: the template link, the upload form and the latest imports.
type importHomePage struct {
	Recent []imports.Job
	MaxMB  int
}

// ModeLabel names a mode for the template.
func (importHomePage) ModeLabel(m string) string { return imports.ModeLabel(m) }

func (s *Server) importHome(c *fiber.Ctx) error { return s.renderImportHome(c, nil) }

func (s *Server) renderImportHome(c *fiber.Ctx, fieldErrs map[string]string) error {
	recent, err := imports.Recent(c.UserContext(), s.DB, 10)
	if err != nil {
		return err
	}
	p := s.page(c, "导入会员", "members")
	p.Data = importHomePage{Recent: recent, MaxMB: imports.MaxFile >> 20}
	return renderForm(c, "pages/admin_import", "", p, fieldErrs)
}

// importTemplate downloads the 导入模板.
func (s *Server) importTemplate(c *fiber.Ctx) error {
	b, err := imports.Template()
	if err != nil {
		return err
	}
	c.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set("Content-Disposition", files.Disposition("会员导入模板.xlsx"))
	return c.Send(b)
}

// importUpload stores the file and opens its column mapping; a file that is not a
// spreadsheet (by content) is refused next to the field.
func (s *Server) importUpload(c *fiber.Ctx) error {
	release, err := s.uploadSlot()
	if err != nil {
		return err
	}
	defer release()
	name, data, err := readImportFile(c)
	if err == nil {
		var j *imports.Job
		if j, err = imports.Upload(c.UserContext(), s.DB, name, data, actor(c)); err == nil {
			return redirect(c, importURL(j.ID))
		}
	}
	if errors.Is(err, errs.Invalid) {
		return s.renderImportHome(c, map[string]string{"file": errText(c, err)})
	}
	return err
}

// readImportFile reads the file field, refusing more than imports.MaxFile before reading it
// whole.
func readImportFile(c *fiber.Ctx) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		return "", nil, imports.ErrNoFile
	}
	if fh.Size > imports.MaxFile {
		return "", nil, imports.ErrTooLarge
	}
	fd, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer fd.Close()
	data, err := io.ReadAll(io.LimitReader(fd, imports.MaxFile+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > imports.MaxFile {
		return "", nil, imports.ErrTooLarge
	}
	return fh.Filename, data, nil
}

// importColumn is one of our fields with the column it is mapped to (-1: none).
type importColumn struct {
	imports.Field
	Col int
}

// importJobPage is one import: its mapping form, dry-run results, progress or result.
type importJobPage struct {
	Job     *imports.Job
	Columns []importColumn
	Mode    string
	Results []string
}

// ModeLabel names a mode for the template.
func (importJobPage) ModeLabel(m string) string { return imports.ModeLabel(m) }

// Modes are the choices of the mode.
func (importJobPage) Modes() []string { return imports.Modes }

// Missing lists the required fields without a column.
func (v importJobPage) Missing() []string {
	var out []string
	for _, c := range v.Columns {
		if c.Required && c.Col < 0 {
			out = append(out, c.Label)
		}
	}
	return out
}

func (s *Server) importShow(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.renderImport(c, id, nil, nil)
}

// renderImport shows an import; typed is a mapping sent back with its errors.
func (s *Server) renderImport(c *fiber.Ctx, id int64, typed imports.Mapping, fieldErrs map[string]string) error {
	j, err := imports.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	m, mode := j.Mapping, j.Mode
	if typed != nil {
		m, mode = typed, c.FormValue("mode")
	}
	v := importJobPage{Job: j, Mode: mode, Results: imports.Results}
	for _, f := range imports.Fields {
		col, ok := m[f.Key]
		if !ok {
			col = -1
		}
		v.Columns = append(v.Columns, importColumn{Field: f, Col: col})
	}
	p := s.page(c, "导入会员", "members")
	p.Data = v
	return renderForm(c, "pages/admin_import_job", "partials/import_progress", p, fieldErrs)
}

// importProgress is the polled fragment; once the phase is over it reloads the page, which
// then shows the results.
func (s *Server) importProgress(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	j, err := imports.Get(c.UserContext(), s.DB, id)
	if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect(importURL(id), fiber.StatusSeeOther)
	}
	if !j.Busy() {
		c.Set("HX-Refresh", "true")
	}
	return s.renderImport(c, id, nil, nil)
}

// importMap saves the mapping and the mode and queues the dry run.
func (s *Server) importMap(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	m := imports.Mapping{}
	for _, f := range imports.Fields {
		if n, err := strconv.Atoi(c.FormValue("map_" + f.Key)); err == nil && n >= 0 && n < 200 {
			m[f.Key] = n
		}
	}
	err = imports.Configure(c.UserContext(), s.DB, id, m, c.FormValue("mode"), actor(c))
	if errors.Is(err, errs.Invalid) {
		field := "mapping"
		if errors.Is(err, imports.ErrMode) {
			field = "mode"
		}
		return s.renderImport(c, id, m, map[string]string{field: errText(c, err)})
	}
	if err == nil {
		s.queueImport(c, id, imports.StatusChecking)
	}
	return s.done(c, err, msg("试运行已开始：只检查，不写入。"), importURL(id))
}

// importStart starts the import after its dry run.
func (s *Server) importStart(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = imports.Start(c.UserContext(), s.DB, id, c.FormValue("invite") == "1", actor(c))
	if err == nil {
		s.queueImport(c, id, imports.StatusRunning)
	}
	return s.done(c, err, msg("导入已开始，可以离开此页面，稍后回来查看结果。"), importURL(id))
}

// queueImport hands the phase to the worker. If the queue (Redis) refuses it, the import is
// marked failed with a reason instead of showing as busy for ever; a dry run can then be run
// again, an import uploaded again (rows already there are recognised by credit code).
func (s *Server) queueImport(c *fiber.Ctx, id int64, phase string) {
	if s.Queue == nil {
		return
	}
	if err := s.Queue.EnqueueImport(c.UserContext(), id, phase, s.Now()); err != nil {
		s.Log.Warn("enqueue import failed", "import_id", id, "phase", phase, "err", err)
		_ = imports.Fail(c.UserContext(), s.DB, id, "后台任务队列暂时不可用，请稍后重试。")
	}
}
