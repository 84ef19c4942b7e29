package app

import (
	"io"
	"time"

	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// Request bodies are streamed (fiber.Config StreamRequestBody): fasthttp hands over the
// request after at most 8 KB of body, and limitBody, the first middleware that could read
// it, refuses a body larger than its route allows by its Content-Length, before anything
// buffers it. Without this a flood of 9 MB posts to /login, each refused later by CSRF, held
// every body in memory at once.

// formLimit bounds every ordinary form: the largest (registration, 2000-character intro,
// 20 people) stays well under it even percent-encoded.
const formLimit = 64 << 10

// uploadLimit bounds an upload route: one file of files.MaxUpload plus the form fields, with
// room so a slightly larger file gets the friendly "文件不能超过 5 MB" next to its field.
const uploadLimit = files.MaxUpload + 1<<20

// uploadRoutes are the POST patterns that take a file; every other unsafe request gets
// formLimit. A new upload form adds its pattern here.
var uploadRoutes = []string{"/admin/members/import", "/dues/:id/voucher", "/admin/dues/:id/invoice", "/feedback", "/feedback/:id/messages", "/admin/feedback/:id/reply", "/company/changes",
	"/admin/messages"}

// uploadSlots is how many uploads one process handles at a time: each holds its file, its
// copy on the way to the database and the garbage of both, so 25 at once took the process to
// 264 MB (94 MB with 2 slots). Others wait; the slots are taken after authorization.
const uploadSlots = 2

// uploadWait is how long an upload waits for a slot before it is refused with 503.
const uploadWait = 30 * time.Second

func isUpload(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodPost {
		return false
	}
	for _, p := range uploadRoutes {
		if matchPattern(p, c.Path()) {
			return true
		}
	}
	return false
}

// limitBody refuses an oversize body with 413 before it is read. A chunked body (no
// Content-Length) is read up to the limit and no further.
func limitBody(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next() // fasthttp ignores their bodies
	}
	limit := formLimit
	if isUpload(c) {
		limit = uploadLimit
		if c.Path() == importPath {
			limit = importUploadLimit // 导入会员: a sheet of 50,000 members
		}
	}
	req := c.Request()
	n := req.Header.ContentLength()
	if n > limit {
		return tooLarge(c)
	}
	if n == -1 { // chunked
		if st := req.BodyStream(); st != nil {
			b, err := io.ReadAll(io.LimitReader(st, int64(limit)+1))
			if err != nil {
				return fiber.ErrBadRequest
			}
			if len(b) > limit {
				return tooLarge(c)
			}
			req.SetBody(b)
		}
	}
	return c.Next()
}

// drainLimit is how much of a refused body is read and thrown away (32 KB at a time, never
// kept) before the 413 goes out. A connection closed with unread data is reset by the kernel,
// and the browser then shows "connection reset" instead of the message; past this size the
// connection is closed anyway.
const drainLimit = 16 << 20

// tooLarge answers 413 and closes the connection, after draining a body of moderate size
// so the answer reaches the browser.
func tooLarge(c *fiber.Ctx) error {
	req := c.Request()
	if st := req.BodyStream(); st != nil && req.Header.ContentLength() <= drainLimit {
		_, _ = io.Copy(io.Discard, io.LimitReader(st, drainLimit))
	}
	c.Context().SetConnectionClose()
	return fiber.NewError(fiber.StatusRequestEntityTooLarge, "上传内容过大。")
}

// uploadSlot waits for one of the process's upload slots (see uploadSlots) and returns its
// release; it runs after authorization, so only users allowed to upload can queue.
func (s *Server) uploadSlot() (func(), error) {
	s.web.once.Do(func() { s.web.uploads = make(chan struct{}, uploadSlots) })
	t := time.NewTimer(uploadWait)
	defer t.Stop()
	select {
	case s.web.uploads <- struct{}{}:
		return func() { <-s.web.uploads }, nil
	case <-t.C:
		return nil, fiber.NewError(fiber.StatusServiceUnavailable, "系统繁忙，请稍后重试。")
	}
}
