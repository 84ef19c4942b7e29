package app

import (
	"strconv"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// errNoFile is the one answer for a file that is missing or not the viewer's to read, so a
// refusal tells nothing about whether the id exists.
var errNoFile = fiber.NewError(fiber.StatusNotFound, "您要找的文件不存在或无权下载。")

// viewer is the principal as the file rule sees them; finance and info come from the policy's role
// inheritance (系统管理员 has 财务), not from comparing department names.
func (s *Server) viewer(pr account.Principal) files.Viewer {
	return files.Viewer{CompanyID: pr.CompanyID, Member: pr.IsMember(), Staff: pr.IsStaff(),
		Council:    pr.Role == account.RoleCouncil,
		Finance:    pr.IsStaff() && s.Authz.Has(pr.Subject(), account.StaffSubject(account.StaffFinance)),
		Info:       pr.IsStaff() && s.Authz.Has(pr.Subject(), account.StaffSubject(account.StaffInfo)),
		Membership: pr.IsStaff() && s.Authz.Has(pr.Subject(), account.StaffSubject(account.StaffMembership)),
		Events:     pr.IsStaff() && s.Authz.Has(pr.Subject(), account.StaffSubject(account.StaffEvents)),
		UserID:     pr.UserID}
}

// fileDownload serves a stored file to whoever files.MayRead lets read it, as an attachment
// with the Chinese name per RFC 6266. Anyone else gets the same 404 as for a missing file; a
// visitor who is not logged in is asked to log in first, whatever the id.
func (s *Server) fileDownload(c *fiber.Ctx) error {
	pr := principal(c)
	meta, err := files.Meta(c.UserContext(), s.DB, c.Params("id"))
	if err != nil && err != files.ErrNotFound {
		return err
	}
	ok := false
	if err == nil {
		if ok, err = files.Allowed(c.UserContext(), s.DB, meta, s.viewer(pr)); err != nil {
			return err
		}
	}
	if !ok {
		if pr.UserID == 0 {
			return redirect(c, "/login?next="+urlQueryEscape(c.OriginalURL()))
		}
		return errNoFile
	}
	f, err := files.Get(c.UserContext(), s.DB, meta.ID) // the data only once allowed
	if err != nil {
		return notFound(err)
	}
	if (pr.IsStaff() || pr.IsReviewer()) && f.CompanyID != 0 { // a company's file read by staff or a reviewer
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
		return errNoFile
	}
	return err
}

// fileSize shows a size in bytes as KB or MB for lists of attachments.
func fileSize(n int) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.Itoa((n+1023)/1024) + " KB"
}
