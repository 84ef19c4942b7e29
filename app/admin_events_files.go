package app

import (
	"errors"
	"strings"

	"cpca/internal/errs"
	"cpca/internal/events"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// eventAttach uploads a file staff publish with an event (活动附件); it is readable as the
// event is visible. A bad upload is refused with the reason above the form.
func (s *Server) eventAttach(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	back := adminEventURL(id) + "#attachments"
	up, err := readUpload(c, "file")
	switch {
	case errors.Is(err, errNoUpload):
		return s.done(c, errs.New(errs.Conflict, "请选择文件（PDF、DOCX、JPG 或 PNG）"), msg(""), back)
	case errors.Is(err, files.ErrTooLarge):
		return s.done(c, errs.New(errs.Conflict, files.ErrTooLarge.Error()), msg(""), back)
	case err != nil:
		return err
	}
	a, err := events.AddAttachment(c.UserContext(), s.DB, id, strings.TrimSpace(c.FormValue("title")), up.Name, up.Data, actor(c))
	if err != nil {
		return s.done(c, err, msg(""), back)
	}
	return s.done(c, nil, msg("附件已上传：%s", a.Title), back)
}
