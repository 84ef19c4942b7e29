package app

// The handler kit: what every list and action handler needs, once (as listmonk's hasID and
// pagoda's loaders), so a handler reads bind → validate → call one internal function →
// render.

import (
	"errors"
	"io"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"cpca/internal/calendar"
	"cpca/internal/errs"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
)

// errBadID is what a malformed :id is: not found, like an id that exists for nobody.
var errBadID = errs.New(errs.NotFound, "页面不存在。")

// idParam reads a positive integer route parameter (":id" by default).
func idParam(c *fiber.Ctx, name ...string) (int64, error) {
	key := "id"
	if len(name) > 0 {
		key = name[0]
	}
	id, err := strconv.ParseInt(c.Params(key), 10, 64)
	if err != nil || id <= 0 {
		return 0, errBadID
	}
	return id, nil
}

// cleaner is a list filter that drops what it does not accept (a year out of range, an
// unknown status) after it was read from the query string.
type cleaner interface{ Clean() }

// bindFilter reads the query string into f (fields tagged `query:"name"`), lets f clean
// itself, and returns what survived as a query string, for the pager, export links and
// hx-push-url: a bookmarked filtered view reloads the same list.
func bindFilter(c *fiber.Ctx, f cleaner) url.Values {
	_ = c.QueryParser(f) // a malformed value stays zero, as if it was not given
	f.Clean()
	return queryOf(f)
}

// queryOf writes the non-zero `query`-tagged fields of a filter struct (page excluded: the
// pager adds it).
func queryOf(f any) url.Values {
	q := url.Values{}
	v := reflect.Indirect(reflect.ValueOf(f))
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Tag.Get("query")
		if name == "" || name == "page" || v.Field(i).IsZero() {
			continue
		}
		switch x := v.Field(i).Interface().(type) {
		case string:
			q.Set(name, x)
		case int:
			q.Set(name, strconv.Itoa(x))
		}
	}
	return q
}

// pageNumber is the page of a list, 1 when missing or bad.
func pageNumber(c *fiber.Ctx) int { return max(atoiDefault(c.Query("page"), 1), 1) }

// upload is a file read from a multipart form, at most files.MaxUpload bytes.
type upload struct {
	Name string
	Data []byte
}

// errNoUpload is a missing file field.
var errNoUpload = errors.New("no file")

// readUpload reads the form file field, refusing what is larger than files.MaxUpload before
// reading it whole. The error is errNoUpload, files.ErrTooLarge or a read failure.
func readUpload(c *fiber.Ctx, field string) (upload, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return upload{}, errNoUpload
	}
	if fh.Size > files.MaxUpload {
		return upload{}, files.ErrTooLarge
	}
	fd, err := fh.Open()
	if err != nil {
		return upload{}, err
	}
	defer fd.Close()
	data, err := io.ReadAll(io.LimitReader(fd, files.MaxUpload+1))
	if err != nil {
		return upload{}, err
	}
	if len(data) > files.MaxUpload {
		return upload{}, files.ErrTooLarge
	}
	return upload{Name: fh.Filename, Data: data}, nil
}

// renderForm renders a form page (or its fragment) and answers 422 when it carries errors,
// so htmx swaps it in and a plain form post shows it with what was typed.
func renderForm(c *fiber.Ctx, full, fragment string, p *Page, fieldErrs map[string]string) error {
	p.Errors = fieldErrs
	if len(fieldErrs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return render(c, full, fragment, p)
}

// done ends an action handler: on success the outbox is kicked (the action may have queued
// mail), ok is flashed and the browser goes to `to`; a conflict (the state changed under the
// user: another staff member acted first) is flashed and goes to `to` too, or to the page
// given as back; any other error goes to the error handler.
func (s *Server) done(c *fiber.Ctx, err error, ok errs.Message, to string, backTo ...string) error {
	if err == nil {
		s.kickOutbox()
		flashMsg(c, "flash", ok)
		return redirect(c, to)
	}
	if errors.Is(err, errs.Conflict) {
		if m, has := errs.MessageOf(err); has {
			flashMsg(c, "flash_err", m)
			if len(backTo) > 0 {
				to = backTo[0]
			}
			return redirect(c, to)
		}
	}
	return err
}

// msg is a message for the user: a key (Chinese source string) and its arguments,
// translated when shown.
func msg(key string, args ...any) errs.Message { return errs.M(key, args...) }

// yearOrEmpty keeps a year filter between 2001 and 2099, else nothing.
func yearOrEmpty(v string) string {
	if y, err := strconv.Atoi(v); err == nil && y > 2000 && y < 2100 {
		return strconv.Itoa(y)
	}
	return ""
}

// oneOrEmpty keeps v when it is one of list, else nothing.
func oneOrEmpty(v string, list []string) string {
	for _, x := range list {
		if x == v {
			return v
		}
	}
	return ""
}

// dateOrEmpty keeps a 年-月-日 date, else nothing.
func dateOrEmpty(v string) string {
	if _, err := calendar.ParseDate(v); err == nil {
		return v
	}
	return ""
}

// errText is the text of an error for a field of the form: a message the error carries, in
// the user's language (a field error with arguments cannot wait for the template's T), else
// the error's own words (a fixed key the template translates).
func errText(c *fiber.Ctx, err error) string {
	if m, ok := errs.MessageOf(err); ok && len(m.Args) > 0 {
		return m.In(principal(c).Lang)
	}
	return err.Error()
}

// cut trims a typed filter value and keeps at most n characters of it.
func cut(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
