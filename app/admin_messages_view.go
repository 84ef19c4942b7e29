package app

import (
	"cpca/internal/broadcast"

	"github.com/gofiber/fiber/v2"
)

// messagesAdminPage is the list of 站内信管理.
type messagesAdminPage struct {
	Rows  []broadcast.Broadcast
	Pager Pager
}

const broadcastsPerPage = 20

func (s *Server) messageList(c *fiber.Ctx) error {
	page := pageNumber(c)
	rows, total, err := broadcast.List(c.UserContext(), s.DB, page, broadcastsPerPage)
	if err != nil {
		return err
	}
	p := s.page(c, "站内信管理", "admin_messages")
	p.Data = messagesAdminPage{Rows: rows, Pager: newPager("/admin/messages", nil, page, broadcastsPerPage, total)}
	return render(c, "pages/admin_messages", "", p)
}

// messageAdminPage is one message for staff: the text, the audience, recipients, read rate by
// level and email delivery.
type messageAdminPage struct {
	B           *broadcast.Broadcast
	Chosen      []broadcast.Company
	Stats       broadcast.Stats
	Attachments []broadcast.Attachment
	EventName   string // the event whose registrants were chosen
}

func (s *Server) messageDetail(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	b, err := broadcast.Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	v := messageAdminPage{B: b}
	if v.Chosen, err = broadcast.Chosen(ctx, s.DB, b.Audience.CompanyIDs); err != nil {
		return err
	}
	if v.Stats, err = broadcast.StatsOf(ctx, s.DB, id); err != nil {
		return err
	}
	if v.Attachments, err = broadcast.AttachmentsOf(ctx, s.DB, id); err != nil {
		return err
	}
	if b.Audience.EventID != 0 {
		if v.EventName, err = broadcast.EventName(ctx, s.DB, b.Audience.EventID); err == broadcast.ErrNoEvent {
			v.EventName, err = "（已删除的活动）", nil
		}
		if err != nil {
			return err
		}
	}
	p := s.page(c, b.Title, "admin_messages")
	p.Data = v
	return render(c, "pages/admin_message", "", p)
}

// messageRetract is 撤回 (or 取消发送 for a scheduled one).
func (s *Server) messageRetract(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = broadcast.Retract(c.UserContext(), s.DB, id, actor(c), s.Now())
	return s.done(c, err, msg("站内信已撤回。"), messageAdminURL(id))
}

// messageExtend is 补发给新入会单位.
func (s *Server) messageExtend(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	n, err := broadcast.Extend(c.UserContext(), s.DB, id, actor(c), s.Now())
	return s.done(c, err, msg("已补发给 %d 家会员单位。", n), messageAdminURL(id))
}
