package app

import (
	"strconv"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// fileDownload serves a stored file to its owner company or to staff, as an attachment with
// the Chinese name per RFC 6266. Anyone else gets the same 404 as for a missing file.
func (s *Server) fileDownload(c *fiber.Ctx) error {
	pr := principal(c)
	meta, err := files.Meta(c.UserContext(), s.DB, c.Params("id"))
	if err != nil {
		return notFound(err)
	}
	if pr.Role != account.RoleAdmin && (meta.CompanyID == 0 || meta.CompanyID != pr.CompanyID) {
		return fiber.NewError(fiber.StatusNotFound, "您要找的文件不存在或无权下载。")
	}
	f, err := files.Get(c.UserContext(), s.DB, meta.ID) // the data only once allowed
	if err != nil {
		return notFound(err)
	}
	if pr.Role == account.RoleAdmin {
		_ = actor(c).Record(c.UserContext(), s.DB, audit.Entry{Action: "file.download", ObjectType: f.Kind, ObjectID: f.ID, Detail: strconv.FormatInt(f.CompanyID, 10)})
	}
	c.Set("Content-Type", f.ContentType)
	c.Set("Content-Disposition", files.Disposition(f.Name))
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Send(f.Data)
}

func notFound(err error) error {
	if err == files.ErrNotFound {
		return fiber.NewError(fiber.StatusNotFound, "您要找的文件不存在或无权下载。")
	}
	return err
}
