package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/i18n"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// auditQuery is the filter of 审计日志: an action chosen by name, a login name, a date range.
type auditQuery struct {
	Action string `query:"action"`
	User   string `query:"user"`
	From   string `query:"from"`
	To     string `query:"to"`
}

// Clean keeps a labelled action, a trimmed login name and valid 年-月-日 dates.
func (f *auditQuery) Clean() {
	if _, ok := audit.Labels[f.Action]; !ok {
		f.Action = ""
	}
	f.User = strings.TrimSpace(f.User)
	for _, d := range []*string{&f.From, &f.To} {
		if _, err := calendar.ParseDate(*d); err != nil {
			*d = ""
		}
	}
}

func (f auditQuery) filter() audit.Filter {
	out := audit.Filter{Action: f.Action, Actor: f.User}
	out.From, _ = calendar.ParseDate(f.From)
	out.To, _ = calendar.ParseDate(f.To)
	return out
}

// auditRow is an entry as the table shows it: flat, its time written and its action and
// result in words, so a row renders with field reads only (an embedded audit.Entry cost
// html/template a field search with allocations on every read; issue 10).
type auditRow struct {
	At, ActorName, IP, Action, Label string
	ObjectType, ObjectID             string
	ResultLabel, Detail              string
	OK                               bool
}

// auditOption is one action of the filter's list.
type auditOption struct{ Code, Label string }

// auditGroup is one area of the filter's list (an optgroup).
type auditGroup struct {
	Name    string
	Options []auditOption
}

// auditPage is the audit log, newest first, paged by id (keyset).
type auditPage struct {
	auditQuery
	Rows   []auditRow
	Groups []auditGroup
	Query  string // the filter as a query string, for the pager and the export link
	Next   int64
}

// NextURL is the link to the older entries of the same filter.
func (v auditPage) NextURL() string {
	q, _ := url.ParseQuery(v.Query)
	q.Set("before", strconv.FormatInt(v.Next, 10))
	return "/admin/audit?" + q.Encode()
}

// ExportURL downloads the filtered list as Excel.
func (v auditPage) ExportURL() string { return "/admin/audit/export?" + v.Query }

const auditPerPage = 50

func (s *Server) auditList(c *fiber.Ctx) error {
	var v auditPage
	v.Query = bindFilter(c, &v.auditQuery).Encode()
	f := v.filter()
	f.Before, f.Limit = int64(atoiDefault(c.Query("before"), 0)), auditPerPage
	es, err := audit.List(c.UserContext(), s.DB, f)
	if err != nil {
		return err
	}
	p := s.page(c, "审计日志", "audit")
	v.Rows = auditRows(es, p.Lang)
	if len(es) == auditPerPage {
		v.Next = es[len(es)-1].ID
	}
	for _, a := range audit.Areas() {
		g := auditGroup{Name: auditT(p.Lang, a.Name)}
		for _, code := range a.Actions {
			g.Options = append(g.Options, auditOption{Code: code, Label: auditT(p.Lang, audit.Label(code))})
		}
		v.Groups = append(v.Groups, g)
	}
	p.Data = v
	return render(c, "pages/admin_audit", "partials/admin_audit_table", p)
}

// auditRows are the entries with their action and result in the viewer's language.
func auditRows(es []audit.Entry, lang string) []auditRow {
	out := make([]auditRow, len(es))
	for i := range es {
		e := &es[i]
		out[i] = auditRow{At: localTime(e.At), ActorName: e.ActorName, IP: e.IP, Action: e.Action, Label: auditT(lang, audit.Label(e.Action)),
			ObjectType: e.ObjectType, ObjectID: e.ObjectID, ResultLabel: auditT(lang, audit.ResultLabel(e.Result)), Detail: e.Detail, OK: e.Result == "ok"}
	}
	return out
}

// auditT translates an audit label: its English is kept under the context "audit"
// (internal/i18n/en_audit.go), so short words such as 成功 never clash with another page's.
func auditT(lang, s string) string { return i18n.TC(lang, "audit", s) }

// auditExportMax bounds one export; a larger range is narrowed by date.
const auditExportMax = 100000

var auditExportHead = []string{"时间", "操作人", "IP", "操作", "操作代码", "对象", "结果", "说明"}

// auditExport writes the filtered audit log to an .xlsx, in the viewer's language, every
// text cell through sheet.Text (a value starting with = + - @ is not run as a formula); the
// export itself is audited.
func (s *Server) auditExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	var q auditQuery
	query := bindFilter(c, &q).Encode()
	es, err := audit.Export(ctx, s.DB, q.filter(), auditExportMax)
	if err != nil {
		return err
	}
	lang := principal(c).Lang
	head := make([]string, len(auditExportHead))
	for i, h := range auditExportHead {
		head[i] = auditT(lang, h)
	}
	sh, err := sheet.New("审计日志", head)
	if err != nil {
		return err
	}
	defer sh.Close()
	for i := range es {
		r := &es[i]
		if err := sh.Add(r.At.In(calendar.Zone).Format("2006-01-02 15:04:05"), r.ActorName, r.IP, auditT(lang, audit.Label(r.Action)),
			r.Action, strings.TrimSpace(r.ObjectType+" "+r.ObjectID), auditT(lang, audit.ResultLabel(r.Result)), r.Detail); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "audit.export", ObjectType: "audit_log", Detail: fmt.Sprintf("%s (%d rows)", query, len(es))})
	return sendSheet(c, sh, "审计日志", s.Now().In(calendar.Zone).Format("20060102"))
}
