package app

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"cpca/internal/broadcast"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/membership"
	"cpca/internal/sms"

	"github.com/gofiber/fiber/v2"
)

// 站内信管理: staff compose a site message for an audience, see who it reached and who read it,
// and retract it. The audience builder shows a live recipient count (htmx).

// messageLevels are the levels in the audience builder, council levels after the plain one.
var messageLevels = []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
	company.LevelVicePresident, company.LevelPresident}

// composeForm is what staff typed, kept when the form comes back with errors or a preview.
type composeForm struct {
	Title, Body, Companies, SendAt string
	Important, EmailCopy, All      bool
	Markdown                       bool
	SMSCopy                        bool // 短信通知 (important messages, approved template)
	Levels, Provinces, Categories  []string
	Files                          []string // ids of the attachments uploaded so far
	EventID                        int64    // 活动报名单位: the confirmed registrants of this event
}

// Has reports whether v is checked in the list named by field (levels, provinces, categories).
func (f composeForm) Has(field, v string) bool {
	var vs []string
	switch field {
	case "levels":
		vs = f.Levels
	case "provinces":
		vs = f.Provinces
	case "categories":
		vs = f.Categories
	}
	return oneOrEmpty(v, vs) != "" && v != ""
}

// composePage is the compose form with its count and preview.
type composePage struct {
	Form       composeForm
	Count      int
	Counted    bool
	Chosen     []broadcast.Company
	Preview    template.HTML
	Levels     []string
	Previewing bool
	// Attachments are the files uploaded so far (each a ticked box: untick to drop it).
	Attachments []broadcast.Attachment
	// Events are the events whose registrants may be chosen as an audience.
	Events []broadcast.Event
	Max    int // broadcast.MaxAttachments
	// SMSAvailable: an approved 通知 template exists, so 短信通知 is offered.
	SMSAvailable bool
}

// multi reads every value of a repeated field, from the form body or the query.
func multi(c *fiber.Ctx, name string) []string {
	var out []string
	if c.Method() != fiber.MethodGet {
		if mf, err := c.MultipartForm(); err == nil { // the compose form carries attachments
			return append(out, mf.Value[name]...)
		}
	}
	args := c.Request().PostArgs()
	if c.Method() == fiber.MethodGet {
		args = c.Context().QueryArgs()
	}
	for _, v := range args.PeekMulti(name) {
		out = append(out, string(v))
	}
	return out
}

func keepIn(vs, list []string) []string {
	var out []string
	for _, v := range vs {
		if oneOrEmpty(v, list) != "" {
			out = append(out, v)
		}
	}
	return out
}

func bindCompose(c *fiber.Ctx) composeForm {
	v := func(k string) string {
		if c.Method() == fiber.MethodGet {
			return c.Query(k)
		}
		return c.FormValue(k)
	}
	return composeForm{Title: v("title"), Body: v("body"), Companies: v("companies"), SendAt: v("send_at"),
		Important: v("important") == "1", EmailCopy: v("email_copy") == "1", All: v("all") == "1",
		Markdown: v("markdown") == "1", Files: dedupeIDs(multi(c, "attachments")), EventID: int64(max(atoiDefault(v("event_id"), 0), 0)),
		SMSCopy:    v("sms_copy") == "1",
		Levels:     keepIn(multi(c, "levels"), messageLevels),
		Provinces:  keepIn(multi(c, "provinces"), membership.Provinces),
		Categories: keepIn(multi(c, "categories"), membership.Categories)}
}

// audience turns the form into an audience, looking up the chosen companies; errs gets a
// message for unknown ones.
func (s *Server) audience(c *fiber.Ctx, f composeForm, errs map[string]string) (broadcast.Audience, []broadcast.Company, error) {
	a := broadcast.Audience{All: f.All, Levels: f.Levels, Provinces: f.Provinces, Categories: f.Categories, EventID: f.EventID}
	if f.EventID != 0 {
		if _, err := broadcast.EventName(c.UserContext(), s.DB, f.EventID); err != nil {
			if err != broadcast.ErrNoEvent {
				return a, nil, err
			}
			errs["event_id"] = errText(c, err)
			a.EventID = 0
		}
	}
	cs, missing, err := broadcast.FindCompanies(c.UserContext(), s.DB, strings.Split(f.Companies, "\n"))
	if err != nil {
		return a, nil, err
	}
	for _, co := range cs {
		a.CompanyIDs = append(a.CompanyIDs, co.ID)
	}
	if len(missing) > 0 {
		errs["companies"] = msg("未找到这些会员单位：%s", strings.Join(missing, "、")).In(principal(c).Lang)
	}
	return a, cs, nil
}

func (s *Server) composePage(c *fiber.Ctx, v composePage) (*Page, error) {
	v.Levels, v.Max = messageLevels, broadcast.MaxAttachments
	v.SMSAvailable = sms.CopyAvailable(c.UserContext(), s.DB)
	var err error
	if v.Events, err = broadcast.Events(c.UserContext(), s.DB); err != nil {
		return nil, err
	}
	if v.Attachments == nil {
		if v.Attachments, err = broadcast.Uploaded(c.UserContext(), s.DB, v.Form.Files); err != nil {
			return nil, err
		}
	}
	p := s.page(c, "发送站内信", "admin_messages")
	p.Data = v
	return p, nil
}

// messageNew is the empty compose form.
func (s *Server) messageNew(c *fiber.Ctx) error {
	p, err := s.composePage(c, composePage{Form: composeForm{Markdown: true}})
	if err != nil {
		return err
	}
	return render(c, "pages/admin_message_new", "", p)
}

// messageCount answers the live recipient count for the audience in the query (the fragment
// for htmx; without JS, the form again with the count).
func (s *Server) messageCount(c *fiber.Ctx) error {
	f := bindCompose(c)
	errs := map[string]string{}
	a, chosen, err := s.audience(c, f, errs)
	if err != nil {
		return err
	}
	v := composePage{Form: f, Chosen: chosen}
	if !a.Empty() {
		if v.Count, err = broadcast.Count(c.UserContext(), s.DB, a); err != nil {
			return err
		}
		v.Counted = true
	}
	p, err := s.composePage(c, v)
	if err != nil {
		return err
	}
	p.Errors = errs
	return render(c, "pages/admin_message_new", "partials/recipient_count", p)
}

// messageCreate previews (action=preview) or sends / schedules the message.
func (s *Server) messageCreate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := bindCompose(c)
	errs := map[string]string{}
	a, chosen, err := s.audience(c, f, errs)
	if err != nil {
		return err
	}
	// A file chosen in 上传附件 is stored at once, whatever the button, and kept by id.
	if up, err := readUpload(c, "file"); err == nil {
		if len(f.Files) >= broadcast.MaxAttachments {
			errs["attachments"] = errText(c, broadcast.ErrAttachments)
		} else if at, err := broadcast.SaveAttachment(ctx, s.DB, up.Name, up.Data, principal(c).UserID); err != nil {
			if !hasMessage(err) {
				return err
			}
			errs["attachments"] = errText(c, err)
		} else {
			f.Files = append(f.Files, at.ID)
		}
	} else if err != errNoUpload {
		errs["attachments"] = errText(c, err)
	}
	d := broadcast.Draft{Title: f.Title, Body: f.Body, Markdown: f.Markdown, Important: f.Important, Audience: a,
		EmailCopy: f.EmailCopy, Files: f.Files, SMSCopy: f.SMSCopy && sms.CopyAvailable(ctx, s.DB)}
	if f.SendAt != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", f.SendAt, calendar.Zone)
		if err != nil {
			errs["send_at"] = "请填写正确的发送时间"
		}
		d.SendAt = t
	}
	for k, e := range d.Check(s.Now()) {
		if errs[k] == "" {
			errs[k] = errText(c, e)
		}
	}
	v := composePage{Form: f, Chosen: chosen}
	if !a.Empty() {
		if v.Count, err = broadcast.Count(ctx, s.DB, a); err != nil {
			return err
		}
		v.Counted = true
		if v.Count == 0 && errs["audience"] == "" {
			errs["audience"] = errText(c, broadcast.ErrNoRecipients)
		}
	}
	action := c.FormValue("action")
	if len(errs) > 0 || action == "preview" || action == "attach" {
		v.Previewing, v.Preview = action == "preview" && len(errs) == 0, broadcast.RenderAs(d.Body, d.Markdown)
		if action == "attach" { // only uploading: the rest of the form is not judged yet
			for k := range errs {
				if k != "attachments" {
					delete(errs, k)
				}
			}
		}
		p, err := s.composePage(c, v)
		if err != nil {
			return err
		}
		return renderForm(c, "pages/admin_message_new", "", p, errs)
	}
	b, err := broadcast.Create(ctx, s.DB, d, actor(c), s.Now())
	if err != nil {
		return err
	}
	ok := msg("站内信已发送给 %d 家会员单位。", b.Recipients)
	if b.Status == broadcast.Scheduled {
		ok = msg("站内信将于 %s 发送。", localTime(b.SendAt))
	}
	return s.done(c, nil, ok, messageAdminURL(b.ID))
}

// hasMessage reports whether err is a refusal with words for the user (not a failure).
func hasMessage(err error) bool { _, ok := errs.MessageOf(err); return ok }

// dedupeIDs keeps the first of each id, at most a few (the form can not carry more).
func dedupeIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] && len(out) <= broadcast.MaxAttachments {
			seen[id] = true
			out = append(out, cut(id, 40))
		}
	}
	return out
}

func messageAdminURL(id int64) string { return "/admin/messages/" + strconv.FormatInt(id, 10) }
