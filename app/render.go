package app

import (
	"cpca/internal/directory"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/broadcast"
	"cpca/internal/calendar"
	"cpca/internal/campaign"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/errs"
	"cpca/internal/events"
	"cpca/internal/feedback"
	"cpca/internal/i18n"
	"cpca/internal/mail"
	"cpca/internal/members"
	"cpca/internal/membership"
	"cpca/internal/notice"
	"cpca/internal/profile"
	"cpca/internal/projects"
	"cpca/internal/promotion"
	"cpca/internal/session"
	"cpca/internal/store"

	"github.com/gofiber/fiber/v2"
)

// Page is what every template receives: typed, never a bare map.
type Page struct {
	Title     string
	Nav       string // active menu item
	Lang      string
	User      account.Principal
	CSRF      string
	Flash     string
	FlashErr  string
	RequestID string
	Unread    int
	Errors    map[string]string
	Data      any
	// navi answers Can and Menu for User; nil (pages built by hand in tests) allows nothing.
	navi *navigator
}

// T translates a Chinese UI string into the page's language.
func (p *Page) T(s string) string { return i18n.T(p.Lang, s) }

// TN translates a format that counts n things (plural-aware in English).
func (p *Page) TN(format string, n int, args ...any) string {
	return i18n.Nf(p.Lang, format, n, args...)
}

// TC translates a word that is English differently in the place ctx, such as "button".
func (p *Page) TC(ctx, s string) string { return i18n.TC(p.Lang, ctx, s) }

// LoggedIn reports whether a user is logged in.
func (p *Page) LoggedIn() bool { return p.User.UserID != 0 }

// Can reports whether the user may open path (GET), as the policy says: templates ask this
// ({{if .Can "/admin/dues"}}) instead of testing role names.
func (p *Page) Can(path string) bool { return p.navi != nil && p.navi.can(p.User.Subject(), path) }

// Menu is the user's side menu, filtered through the policy, with the page's entry active.
func (p *Page) Menu() []MenuSection {
	if p.navi == nil {
		return nil
	}
	return p.navi.menu(p.User.Subject(), p.Nav, p.Lang)
}

// MenuHTML is the page's side menu, rendered once per (subject, page, language): the layout
// prints it around the unread badge.
func (p *Page) MenuHTML() (MenuHTML, error) {
	if p.navi == nil || p.navi.views == nil {
		return MenuHTML{}, nil
	}
	return p.navi.rendered(p.User.Subject(), p.Nav, p.Lang)
}

// StaffLabel names the staff user's department for the header (会员部, 财务...); "" for
// everyone else.
func (p *Page) StaffLabel() string { return p.User.StaffLabel() }

// Err returns the message for a field.
func (p *Page) Err(field string) string { return p.Errors[field] }

func (s *Server) page(c *fiber.Ctx, title, nav string) *Page {
	pr := principal(c)
	p := &Page{Title: title, Nav: nav, Lang: pr.Lang, User: pr, RequestID: rid(c), navi: s.navi}
	if p.Lang == "" {
		p.Lang = "zh"
	}
	if p.Can("/messages") && !isHTMX(c) { // the badge is in the menu, which fragments do not carry
		p.Unread, _ = notice.Unread(c.UserContext(), s.DB, pr.UserID, pr.CompanyID)
	}
	if sess := sessionOf(c); sess != nil {
		p.CSRF = sess.CSRF
		p.Flash = popFlash(sess, "flash", p.Lang)
		p.FlashErr = popFlash(sess, "flash_err", p.Lang)
	}
	return p
}

// render writes a full page, or only the fragment for an htmx request that is not boosted.
func render(c *fiber.Ctx, full, fragment string, p *Page) error {
	c.Type("html", "utf-8")
	if fragment != "" && isHTMX(c) {
		return c.Render(fragment, p)
	}
	return c.Render(full, p)
}

func isHTMX(c *fiber.Ctx) bool {
	return c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" && c.Get("HX-History-Restore-Request") != "true"
}

// redirect sends the browser on: HX-Redirect for htmx, 303 otherwise.
func redirect(c *fiber.Ctx, to string) error {
	if isHTMX(c) {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusOK)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// flash keeps a message for the next page the user sees: key (a Chinese source string, a
// format when args are given) and args are stored, and translated when that page is
// rendered, in that page's language.
func flash(c *fiber.Ctx, key string, args ...any) { flashMsg(c, "flash", errs.M(key, args...)) }

// flashErr is flash for a refusal or failure (shown as an alert).
func flashErr(c *fiber.Ctx, key string, args ...any) { flashMsg(c, "flash_err", errs.M(key, args...)) }

func flashMsg(c *fiber.Ctx, slot string, m errs.Message) {
	if sess := sessionOf(c); sess != nil {
		b, _ := json.Marshal(m)
		sess.Set(slot, string(b))
	}
}

// popFlash takes a flashed message out of the session, translated into lang.
func popFlash(sess *session.Session, slot, lang string) string {
	v := sess.Pop(slot)
	if v == "" {
		return ""
	}
	var m errs.Message
	if json.Unmarshal([]byte(v), &m) != nil || m.Key == "" {
		return v // a plain string (a session from before flashes were keys)
	}
	return m.In(lang)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localTime formats a time in Asia/Shanghai.
func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Zone).Format("2006-01-02 15:04")
}

func localDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.Format(t)
}

// Pager is the page-number bar under a list; Query keeps the filter.
type Pager struct {
	Page, Pages, Total int
	Base               string
	Query              url.Values
	// Capped says Total stopped at store.CountCap: the list has more rows than counted, and
	// Next stays available past the counted pages while the current page is full.
	Capped bool
	full   bool
	// Open says the total was not counted (a text search): Next depends on whether the page
	// found one row more than it shows.
	Open bool
	// Size is the page size; Sizes, when set, offers the page-size select (the handler reads `size`).
	Size  int
	Sizes []int
}

// URL links to page n with the same filter.
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return p.Base + "?" + q.Encode()
}

// Prev is the previous page number or 0.
func (p Pager) Prev() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

// Next is the next page number or 0.
func (p Pager) Next() int {
	if p.Page < p.Pages || (p.Capped && p.full) || (p.Open && p.full) {
		return p.Page + 1
	}
	return 0
}

// pageRows trims a list fetched with one row more than the page (store.Unknown total) and
// returns its pager; a counted list gets the ordinary one.
func pageRows[T any](rows []T, base string, q url.Values, page, size, total int) ([]T, Pager) {
	if total != store.Unknown {
		return rows, newPager(base, q, page, size, total)
	}
	more := len(rows) > size
	if more {
		rows = rows[:size]
	}
	return rows, Pager{Page: page, Pages: page, Base: base, Query: q, Open: true, full: more, Size: size}
}

func newPager(base string, q url.Values, page, size, total int) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	capped := total > store.CountCap
	return Pager{Page: page, Pages: pages, Total: total, Base: base, Query: q, Capped: capped,
		full: capped, Size: size}
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"time":                localTime,
		"options":             options,
		"date":                localDate,
		"appStatus":           membership.StatusLabel,
		"levelLabel":          company.LevelLabel,
		"audienceLabel":       directory.AudienceLabel,
		"fieldLabel":          directory.FieldLabel,
		"dirFields":           func() []string { return directory.Fields },
		"dirAudiences":        func() []string { return directory.Audiences },
		"dirLevels":           func() []string { return directoryLevels },
		"body":                broadcast.Render,
		"bodyAs":              broadcast.RenderAs,
		"fileSize":            fileSize,
		"broadcastStatus":     broadcast.StatusLabel,
		"mailStatus":          mail.StatusLabel,
		"mailKind":            mail.KindLabel,
		"campaignState":       campaign.StateLabel,
		"campaignRole":        campaign.RoleLabel,
		"campaignLayout":      campaign.LayoutLabel,
		"deliveryState":       campaign.DeliveryLabel,
		"suppressionReason":   campaign.ReasonLabel,
		"add":                 func(a, b int) int { return a + b },
		"pendingApp":          membership.Pending,
		"str":                 func(v any) string { return fmt.Sprint(v) },
		"maskMobile":          maskMobile,
		"dict":                dict,
		"tr":                  tr,
		"pager":               langPager,
		"yuan":                dues.Yuan,
		"duesStatus":          dues.StatusLabel,
		"duesStatuses":        func() []string { return dues.Statuses },
		"invoiceLabel":        dues.InvoiceLabel,
		"invoiceStatuses":     func() []string { return dues.InvoiceStatuses },
		"invoiceType":         dues.InvoiceTypeLabel,
		"canUpload":           dues.CanUploadVoucher,
		"chargeKind":          dues.KindLabel,
		"chargeKinds":         func() []string { return dues.Kinds },
		"duesBadge":           duesBadge,
		"certStatus":          certStatus,
		"statuses":            func() []string { return membership.Statuses },
		"provinces":           func() []string { return membership.Provinces },
		"natures":             func() []string { return membership.Natures },
		"categories":          func() []string { return membership.Categories },
		"feedbackStatus":      feedback.StatusLabel,
		"feedbackStatuses":    func() []string { return feedback.Statuses },
		"feedbackCategory":    feedback.CategoryLabel,
		"feedbackCategories":  func() []string { return feedback.Categories },
		"feedbackReplyStates": func() []string { return feedback.ReplyStates },
		"feedbackBadge":       feedbackBadge,
		"feedbackAges":        func() []string { return feedbackAges },
		"feedbackStars":       func() []int { return []int{5, 4, 3, 2, 1} },
		"changeStatus":        profile.StatusLabel,
		"memberStatus":        members.StatusLabel,
		"memberStatuses":      func() []string { return members.Statuses },
		"memberDues":          members.DuesStateLabel,
		"memberDuesStates":    func() []string { return members.DuesStates },
		"memberLevels":        func() []string { return memberLevels },
		"promoStatus":         promotion.StatusLabel,
		"promoStatuses":       func() []string { return promotion.Statuses },
		"promoLevels":         func() []string { return promotion.Levels },
		"promoBadge":          promoBadge,
		"meetingLabel":        promotion.MeetingLabel,
		"meetingTypes":        func() []string { return promotion.MeetingTypes },
		"itemLabel":           promotion.ItemLabel,
		"trf":                 trf,
		"eventKind":           events.KindLabel,
		"eventKinds":          func() []string { return events.Kinds },
		"eventPhase":          events.PhaseLabel,
		"eventPhases":         func() []string { return events.Phases },
		"regStatus":           events.StatusLabel,
		"regStatuses":         func() []string { return events.Statuses },
		"regBadge":            regBadge,
		"projectKind":         projects.KindLabel,
		"projectKinds":        func() []string { return projects.Kinds },
		"projectStatus":       projects.StatusLabel,
		"projectStatuses":     func() []string { return projects.Statuses },
		"projectChannel":      projects.ChannelLabel,
		"projectChannels":     func() []string { return projects.Channels },
		"projectDecision":     projects.DecisionLabel,
		"projectDecisions":    func() []string { return projects.Decisions },
		"until":               func(t time.Time) string { return localTime(t.Add(-time.Minute)) }, // an exclusive deadline as its last minute
	}
}

// promoBadge is the badge colour of a promotion state.
func promoBadge(s string) string {
	switch s {
	case promotion.Ratified:
		return "ok"
	case promotion.Rejected:
		return "bad"
	case promotion.Returned, promotion.Submitted, promotion.Passed:
		return "warn"
	}
	return ""
}

// trf translates a format for the page and fills it with args (a rule's check with counts).
func trf(p *Page, format string, args []any) string {
	if len(args) == 0 {
		return p.T(format)
	}
	return fmt.Sprintf(p.T(format), args...)
}

func maskMobile(s string) string {
	if len(s) != 11 {
		return s
	}
	return s[:3] + "****" + s[7:]
}

// tr translates s for a partial that was given the page in its dict ("T" $); without a page
// (nil) s stays Chinese.
func tr(page any, s string) string {
	if p, ok := page.(*Page); ok && p != nil {
		return p.T(s)
	}
	return s
}

// pagerPage is what partials/pager receives: the pager, and T in the page's language.
type pagerPage struct {
	Pager
	lang string
}

// T translates a string of the pager.
func (p pagerPage) T(s string) string { return i18n.T(p.lang, s) }

// TN translates a count of the pager (plural-aware in English).
func (p pagerPage) TN(format string, n int, args ...any) string {
	return i18n.Nf(p.lang, format, n, args...)
}

func langPager(p *Page, pg Pager) pagerPage {
	var lang string
	if p != nil {
		lang = p.Lang
	}
	return pagerPage{Pager: pg, lang: lang}
}

// dict builds a map for passing several values to a partial template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

func duesBadge(status string) string {
	switch status {
	case dues.Confirmed, dues.Waived:
		return "ok"
	case dues.Pending:
		return "warn"
	case dues.Rejected:
		return "bad"
	}
	return ""
}

// certStatus labels a certificate; an issued one of a past year is shown as expired.
func certStatus(status string, year, thisYear int) string {
	switch status {
	case "revoked":
		return "已撤销"
	case "superseded":
		return "已被新证书取代"
	case "pending":
		return "生成中"
	}
	if thisYear != 0 && year < thisYear {
		return "已过期"
	}
	return "有效"
}

// actor is the logged-in user of c as the audit log names them, for an internal action.
func actor(c *fiber.Ctx) audit.Actor {
	pr := principal(c)
	return audit.Actor{ID: pr.UserID, Name: pr.Username, IP: c.IP()}
}

// regBadge is the badge colour of a registration state.
func regBadge(s string) string {
	switch s {
	case events.Confirmed:
		return "ok"
	case events.Pending, events.Offered:
		return "warn"
	case events.Waitlisted:
		return "info"
	case events.Rejected, events.Expired:
		return "bad"
	}
	return ""
}
