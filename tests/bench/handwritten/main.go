// Command handwritten is the speed benchmark's yardstick (issue "every page within 80% of a
// hand-written pgx handler"): the least a server can do per request for four of our pages —
// the session looked up by the cookie's SHA-256, a role check, the page's statements through
// a pgx pool with prepared statements, a page of the same size through html/template. It is
// run beside `cpca serve` by tests/bench/compare.sh, never shipped.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"cpca/internal/notice"
	"cpca/internal/store"

	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	addr  = flag.String("addr", "127.0.0.1:8091", "listen address")
	sizes = flag.String("sizes", "", "target page sizes in bytes: /dues=N,/home=N,… (padding makes the page as large as ours)")
)

type server struct {
	db   *pgxpool.Pool
	tmpl *template.Template
	pad  map[string]int
}

func main() {
	flag.Parse()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(os.Getenv("CPCA_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	cfg.MaxConns = 20
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	s := &server{db: db, tmpl: template.Must(template.New("page").Parse(pageHTML)), pad: map[string]int{}}
	for _, kv := range strings.Split(*sizes, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			var n int
			for _, ch := range v {
				n = n*10 + int(ch-'0')
			}
			s.pad[k] = n
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dues", s.member(s.dues))
	mux.HandleFunc("GET /home", s.member(s.home))
	mux.HandleFunc("GET /admin/applications", s.staff(s.applications))
	mux.HandleFunc("GET /admin/dues", s.staff(s.finance))
	log.Fatal((&http.Server{Addr: *addr, Handler: mux, ReadTimeout: 30 * time.Second}).ListenAndServe())
}

// who is the logged-in user of a request.
type who struct {
	UserID, CompanyID int64
	Role              string
}

const sessionSQL = `SELECT u.id, coalesce(u.company_id, 0), u.role FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.id_hash = $1 AND s.last_seen_at > now() - interval '12 hours' AND NOT u.disabled`

func (s *server) who(r *http.Request) (who, bool) {
	ck, err := r.Cookie("cpca_sid")
	if err != nil {
		return who{}, false
	}
	h := sha256.Sum256([]byte(ck.Value))
	var w who
	err = s.db.QueryRow(r.Context(), sessionSQL, h[:]).Scan(&w.UserID, &w.CompanyID, &w.Role)
	return w, err == nil
}

func (s *server) member(h func(http.ResponseWriter, *http.Request, who) error) http.HandlerFunc {
	return s.guard(h, func(w who) bool { return w.Role == "member" })
}

func (s *server) staff(h func(http.ResponseWriter, *http.Request, who) error) http.HandlerFunc {
	return s.guard(h, func(w who) bool { return w.Role == "admin" })
}

func (s *server) guard(h func(http.ResponseWriter, *http.Request, who) error, ok func(who) bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		w, in := s.who(r)
		if !in || !ok(w) {
			http.Error(rw, "forbidden", http.StatusForbidden)
			return
		}
		if err := h(rw, r, w); err != nil {
			log.Print(err)
			http.Error(rw, "error", http.StatusInternalServerError)
		}
	}
}

// page is what the template shows: a title, the menu badge and rows of cells.
type page struct {
	Title  string
	Unread int
	Rows   [][]string
}

func (s *server) render(rw http.ResponseWriter, path string, p page) error {
	var b strings.Builder
	if err := s.tmpl.Execute(&b, p); err != nil {
		return err
	}
	// The padding stands for our pages' static text (menu, filters, forms), which a template
	// copies as it is: appended as bytes in a comment, not rendered again. (html/template drops
	// a comment inside the template, so padding the template itself sent a page of a tenth of
	// ours: the first rounds of REPORT.md compared against that.)
	if n := s.pad[path] - b.Len() - 7; n > 0 {
		b.WriteString("<!--")
		b.WriteString(strings.Repeat("x", n))
		b.WriteString("-->")
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := rw.Write([]byte(b.String()))
	return err
}

// rows runs a statement and keeps its columns as text, as a page shows them.
func (s *server) rows(ctx context.Context, q string, args ...any) ([][]string, error) {
	rs, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out [][]string
	for rs.Next() {
		vals, err := rs.Values()
		if err != nil {
			return nil, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = text(v)
		}
		out = append(out, row)
	}
	return out, rs.Err()
}

func (s *server) unread(ctx context.Context, w who) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, store.Dollar(notice.UnreadSQL), w.UserID, w.CompanyID).Scan(&n)
	return n, err
}

// dues is 会员缴费: the company's rows with their count, their vouchers, the years, the badge.
func (s *server) dues(rw http.ResponseWriter, r *http.Request, w who) error {
	ctx := r.Context()
	rows, err := s.rows(ctx, `SELECT d.id, d.year, d.amount_fen, d.status, d.invoice_status, c.name, count(*) OVER ()
		FROM dues AS d JOIN companies AS c ON c.id = d.company_id
		WHERE d.company_id = $1 AND ($2::int = 0 OR d.year = $2) AND ($3::text = '' OR d.invoice_status = $3)
		ORDER BY d.year DESC, d.id DESC LIMIT $4 OFFSET $5`, w.CompanyID, 0, "", 20, 0)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(rows))
	for _, row := range rows {
		var id int64
		for _, ch := range row[0] {
			id = id*10 + int64(ch-'0')
		}
		ids = append(ids, id)
	}
	if _, err := s.rows(ctx, `SELECT v.id, v.dues_id, f.name FROM vouchers AS v JOIN files AS f ON f.id = v.file_id
		WHERE v.dues_id = ANY($1::bigint[]) ORDER BY v.id`, ids); err != nil {
		return err
	}
	if _, err := s.rows(ctx, `SELECT DISTINCT year FROM dues WHERE company_id = $1 ORDER BY year DESC LIMIT 30`, w.CompanyID); err != nil {
		return err
	}
	n, err := s.unread(ctx, w)
	if err != nil {
		return err
	}
	return s.render(rw, "/dues", page{Title: "会员缴费", Unread: n, Rows: rows})
}

// home is 待办事项: the company header, unread messages, this year's dues, an open promotion,
// 重要活动提醒 (registrations, open events, watched projects), the badge.
func (s *server) home(rw http.ResponseWriter, r *http.Request, w who) error {
	ctx := r.Context()
	now := time.Now()
	var all [][]string
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT id, name, uscc, level, member_no, joined_on, status FROM companies WHERE id = $1`, []any{w.CompanyID}},
		{store.Dollar(notice.InboxSQL + ` AND NOT i.is_read ORDER BY i.important DESC, i.created_at DESC, i.id DESC LIMIT ?2`), []any{w.UserID, w.CompanyID, 15}},
		{`SELECT id, year, status, invoice_status, amount_fen FROM dues WHERE company_id = $1 AND year = $2`, []any{w.CompanyID, now.Year()}},
		{`SELECT id, status FROM promotion_applications WHERE company_id = $1 AND status = ANY($2::text[]) LIMIT 1`, []any{w.CompanyID, []string{"submitted", "returned", "passed"}}},
		{`SELECT r.id, r.status FROM event_registrations AS r JOIN events e ON e.id = r.event_id
			WHERE r.company_id = $1 AND r.status = ANY($2::text[]) AND e.ends_at > $3 ORDER BY r.status = 'offered' DESC, e.starts_at LIMIT 10`,
			[]any{w.CompanyID, []string{"pending", "confirmed", "waitlisted", "offered"}, now}},
		{`SELECT e.id, e.name FROM events AS e WHERE e.published AND e.reg_opens_at <= $1 AND e.reg_closes_at > $1 AND e.reg_closes_at <= $2 AND e.starts_at > $1
			AND NOT EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = e.id AND r.company_id = $3 AND r.status = ANY($4::text[]))
			AND NOT e.council_only ORDER BY e.reg_closes_at LIMIT 5`,
			[]any{now, now.AddDate(0, 0, 30), w.CompanyID, []string{"pending", "confirmed", "waitlisted", "offered"}}},
		{`SELECT p.id, p.name FROM projects AS p JOIN project_watches w ON w.project_id = p.id AND w.company_id = $1
			WHERE p.published AND p.deadline > $2 AND NOT p.council_only ORDER BY p.deadline LIMIT 10`, []any{w.CompanyID, now}},
	} {
		rows, err := s.rows(ctx, q.sql, q.args...)
		if err != nil {
			return err
		}
		all = append(all, rows...)
	}
	n, err := s.unread(ctx, w)
	if err != nil {
		return err
	}
	return s.render(rw, "/home", page{Title: "待办事项", Unread: n, Rows: all})
}

// applications is 入会审核 with status=pending: the capped count and the joined page.
func (s *server) applications(rw http.ResponseWriter, r *http.Request, _ who) error {
	ctx := r.Context()
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM applications AS a WHERE a.status = ANY($1::text[]) LIMIT 1001) AS capped`,
		[]string{"submitted", "resubmitted"}).Scan(&n); err != nil {
		return err
	}
	rows, err := s.rows(ctx, `SELECT a.id, a.status, a.submitted_at, a.uscc, c.name, u.username
		FROM (SELECT a.* FROM applications AS a WHERE a.status = ANY($1::text[]) ORDER BY a.submitted_at DESC, a.id DESC LIMIT 20) AS a
		JOIN companies AS c ON c.id = a.company_id JOIN users AS u ON u.id = a.user_id ORDER BY a.submitted_at DESC, a.id DESC`,
		[]string{"submitted", "resubmitted"})
	if err != nil {
		return err
	}
	return s.render(rw, "/admin/applications", page{Title: "入会审核", Rows: rows})
}

// finance is 会员缴费管理 with year and status: the capped count, the page, the years.
func (s *server) finance(rw http.ResponseWriter, r *http.Request, _ who) error {
	ctx := r.Context()
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM dues AS d WHERE d.year = $1 AND d.status = $2 LIMIT 1001) AS capped`,
		2026, "pending").Scan(&n); err != nil {
		return err
	}
	rows, err := s.rows(ctx, `SELECT d.id, d.year, d.amount_fen, d.status, d.invoice_status, c.name
		FROM (SELECT d.* FROM dues AS d WHERE d.year = $1 AND d.status = $2 ORDER BY d.year DESC, d.id DESC LIMIT 30) AS d
		JOIN companies AS c ON c.id = d.company_id ORDER BY d.year DESC, d.id DESC`, 2026, "pending")
	if err != nil {
		return err
	}
	if _, err := s.rows(ctx, `SELECT DISTINCT year FROM fee_schedules ORDER BY year DESC LIMIT 30`); err != nil {
		return err
	}
	return s.render(rw, "/admin/dues", page{Title: "会员缴费管理", Rows: rows})
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format("2006-01-02 15:04")
	default:
		return fmt.Sprint(x)
	}
}

// pageHTML is a page like ours: a layout with a menu, a badge, a table of the rows.
const pageHTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}} - CPCA</title>
<link rel="stylesheet" href="/public/css/app.css"></head><body><header><a href="/">中国电子电路协会</a></header>
<nav class="menu"><a href="/home">待办事项</a> <a href="/dues">会员缴费</a> <a href="/messages">站内信息 <span class="badge">{{.Unread}}</span></a></nav>
<main><h1>{{.Title}}</h1><table><tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody></table>
</main></body></html>`
