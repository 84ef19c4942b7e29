package app

import (
	"errors"
	"io"
	"strconv"

	"cpca/internal/feedback"
	"cpca/internal/files"
	"cpca/internal/i18n"

	"github.com/gofiber/fiber/v2"
)

// readUploads reads the optional files of a feedback form field (at most feedback.MaxFiles,
// each checked by content, all together within the company's quota). A field error is
// returned as its message; err is for a broken request.
func (s *Server) readUploads(c *fiber.Ctx, field string, companyID int64) ([]feedback.Upload, string, error) {
	form, err := c.MultipartForm()
	if err != nil {
		return nil, "", nil // a form without files (urlencoded): nothing attached
	}
	var out []feedback.Upload
	total := 0
	for _, fh := range form.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty part a browser sends when no file was chosen
		}
		if len(out) == feedback.MaxFiles {
			return nil, "最多上传 3 个附件", nil
		}
		if fh.Size > files.MaxUpload {
			return nil, files.ErrTooLarge.Error(), nil
		}
		fd, err := fh.Open()
		if err != nil {
			return nil, "", err
		}
		data, err := io.ReadAll(io.LimitReader(fd, files.MaxUpload+1))
		fd.Close()
		if err != nil {
			return nil, "", err
		}
		if _, err := files.Sniff(data); err != nil {
			return nil, err.Error(), nil
		}
		total += len(data)
		out = append(out, feedback.Upload{Name: fh.Filename, Data: data})
	}
	if total > 0 {
		if err := files.CheckQuota(c.UserContext(), s.DB, companyID, files.KindFeedback, total); err != nil {
			if !errors.Is(err, files.ErrQuota) {
				return nil, "", err
			}
			return nil, errText(c, err), nil
		}
	}
	return out, "", nil
}

// feedbackURL is the member's thread page of an item; adminFeedbackURL the staff one.
func feedbackURL(id int64) string      { return "/feedback/" + strconv.FormatInt(id, 10) }
func adminFeedbackURL(id int64) string { return "/admin/feedback/" + strconv.FormatInt(id, 10) }

// feedbackBadge is the badge class of a state.
func feedbackBadge(status string) string {
	switch status {
	case feedback.Unread, feedback.Waiting:
		return "warn"
	case feedback.Resolved, feedback.Closed:
		return "ok"
	}
	return ""
}

// durationText writes a median duration as 天/小时/分钟 in lang ("—" for none).
func durationText(lang string, secs int64) string {
	switch d, h, m := secs/86400, secs%86400/3600, secs%3600/60; {
	case secs <= 0:
		return "—"
	case d > 0:
		return i18n.Tf(lang, "%d 天 %d 小时", d, h)
	case h > 0:
		return i18n.Tf(lang, "%d 小时 %d 分钟", h, m)
	default:
		return i18n.Tf(lang, "%d 分钟", max(m, 1))
	}
}
