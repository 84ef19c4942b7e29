package events

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/events"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

// companyOf is the company id of a member client's user.
func companyOf(t *testing.T, co testenv.Company) int64 {
	t.Helper()
	var id int64
	if err := env.DB.NewRaw(`SELECT company_id FROM users WHERE username = ?`, co.Username()).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

var codeRe = regexp.MustCompile(`E\d+-A\d+-[A-Z2-7]{16}`)

// A member finds an event by two characters, registers two attendees through the form,
// sees the e-tickets (the QR PNG decodes as an image), and the codes check in once at the
// staff check-in page; another company's attendee id and a council-only event are not found.
func TestMemberRegistersAndChecksIn(t *testing.T) {
	name := testenv.Name("华南电路峰会")
	ev := env.NewEvent(t, testenv.EventOpts{Name: name, Capacity: 10})
	hidden := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("理事会议"), Capacity: 10, CouncilOnly: true})
	m, co := env.Member(t)

	r := m.Get("/events?q=" + url.QueryEscape("南电"))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, name) || strings.Contains(r.Body, hidden.Name) {
		t.Fatalf("search by 南电: %d, found=%v, council-only shown=%v", r.Status, strings.Contains(r.Body, name), strings.Contains(r.Body, hidden.Name))
	}
	if r := m.GetHTMX("/events?q=" + url.QueryEscape("南电")); !strings.HasPrefix(strings.TrimSpace(r.Body), `<div id="events">`) {
		t.Errorf("the htmx list is not the fragment: %.80s", r.Body)
	}
	if r := m.Get("/events/" + itoa(hidden.ID)); r.Status != http.StatusNotFound {
		t.Errorf("council-only event for a plain member: %d, want 404", r.Status)
	}
	path := "/events/" + itoa(ev.ID)
	m.Get(path + "/register")
	// Too many attendees: refused next to the form, what was typed kept.
	form := url.Values{}
	for i, n := range []string{"王芳", "李强", "赵敏", "钱进"} {
		k := strconv.Itoa(i)
		form.Set("name_"+k, n)
		form.Set("mobile_"+k, "13700137000")
	}
	r = m.Post(path+"/register", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "每家单位最多报名 3 人") || !strings.Contains(r.Body, "钱进") {
		t.Fatalf("four attendees: %d, want 422 with the limit and the names kept", r.Status)
	}
	form = url.Values{"name_0": {"王芳"}, "title_0": {"总经理"}, "mobile_0": {"13700137000"}, "name_1": {"李强"}, "email_1": {"lq@example.cn"}, "name_2": {""}}
	if r := m.Post(path+"/register", form); r.Status != http.StatusSeeOther {
		t.Fatalf("register: %d %s", r.Status, r.Text(".flash.err"))
	}
	r = m.Get(path)
	codes := codeRe.FindAllString(r.Body, -1)
	if !strings.Contains(r.Body, "已确认") || len(uniq(codes)) != 2 {
		t.Fatalf("the event page shows %d codes (%v), want 2 and 已确认", len(uniq(codes)), uniq(codes))
	}
	imgs := r.Doc.Find("img.qr")
	src, _ := imgs.First().Attr("src")
	png := m.Get(src)
	img, format, err := image.Decode(bytes.NewReader([]byte(png.Body)))
	if err != nil || format != "png" {
		t.Fatalf("the ticket image %s: %v %s", src, err, format)
	}
	// Scanned back, the QR code is the check-in code shown beside it.
	scanned, err := scanQR(img)
	if err != nil || scanned != strings.TrimSpace(imgs.First().Parent().Find("code").Text()) {
		t.Fatalf("the QR scans as %v (%v), want the code shown beside it", scanned, err)
	}
	// 重要活动提醒 shows the registration with its codes.
	if r := m.Get("/home"); !strings.Contains(r.Body, name) || !strings.Contains(r.Body, codes[0]) {
		t.Error("待办事项 does not show the registered event with its check-in code")
	}
	// Another company cannot fetch this company's ticket.
	other, _ := env.Member(t)
	if r := other.Get(src); r.Status != http.StatusNotFound {
		t.Errorf("another company's ticket: %d, want 404", r.Status)
	}
	// Check-in: once, then warned; a forged code is refused.
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	ci := "/admin/events/" + itoa(ev.ID) + "/checkin"
	staff.Get(ci)
	if r := staff.Post(ci, url.Values{"code": {codes[0]}}); r.Status != http.StatusOK || !strings.Contains(r.Body, "签到成功") {
		t.Fatalf("first scan: %d", r.Status)
	}
	if r := staff.PostHTMX(ci, url.Values{"code": {strings.ToLower(codes[0])}}); !strings.Contains(r.Body, "重复签到") {
		t.Errorf("second scan is not warned about: %.200s", r.Body)
	}
	forged := codes[1][:len(codes[1])-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(codes[1], "A")]
	for _, bad := range []string{forged, "E" + itoa(ev.ID) + "-A1-AAAAAAAAAAAAAAAA", "hello"} {
		if r := staff.Post(ci, url.Values{"code": {bad}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "签到码无效") {
			t.Errorf("code %q: %d, want 422 签到码无效", bad, r.Status)
		}
	}
	other2 := env.NewEvent(t, testenv.EventOpts{Capacity: 5})
	if r := staff.Post("/admin/events/"+itoa(other2.ID)+"/checkin", url.Values{"code": {codes[1]}}); !strings.Contains(r.Body, "不属于本活动") {
		t.Errorf("a code of another event is not refused as such")
	}
	// Changing the attendees voids the old tickets.
	m.Get(path + "/attendees")
	if r := m.Post(path+"/attendees", url.Values{"name_0": {"王芳"}, "name_1": {"孙丽"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("change attendees: %d %s", r.Status, r.Text(".flash.err"))
	}
	if r := staff.Post(ci, url.Values{"code": {codes[1]}}); !strings.Contains(r.Body, "签到码无效") {
		t.Error("an old ticket still checks in after the attendees changed")
	}
	// The export lists the attendees with the check-in.
	x := staff.Get("/admin/events/" + itoa(ev.ID) + "/export")
	f, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatalf("export: %d %v", x.Status, err)
	}
	rows, _ := f.GetRows("报名名单")
	if len(rows) != 3 || rows[1][1] == "" || !strings.Contains(strings.Join(rows[1], "|")+strings.Join(rows[2], "|"), "孙丽") {
		t.Errorf("export rows: %v", rows)
	}
	_ = companyOf(t, co)
	// Cancel: the registration ends, the page offers registering again.
	m.Get(path)
	if r := m.Post(path+"/cancel", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.Status)
	}
	if r := m.Get(path); !strings.Contains(r.Body, "已取消") || !strings.Contains(r.Body, "/register") {
		t.Error("after cancelling the page does not show 已取消 and 报名参会")
	}
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Staff create, publish, copy and unpublish an event through the pages; bad dates are
// refused next to the field; an event with registrations cannot be unpublished.
func TestStaffEventPages(t *testing.T) {
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	staff.Get("/admin/events/new")
	form := url.Values{"name": {"2027 年会员大会"}, "kind": {"conference"}, "venue": {"上海"}, "starts_on": {"2027-05-10"}, "ends_on": {"2027-05-09"},
		"reg_opens_on": {"2026-01-01"}, "reg_closes_on": {"2027-05-01"}, "cancel_until_on": {"2027-05-01"}, "capacity": {"2"},
		"max_per_company": {"2"}, "offer_hours": {"24"}}
	r := staff.Post("/admin/events/new", form)
	if r.Status != http.StatusUnprocessableEntity || r.FieldError("ends_on") == "" || !strings.Contains(r.Body, "2027 年会员大会") {
		t.Fatalf("end before start: %d, field error %q", r.Status, r.FieldError("ends_on"))
	}
	form.Set("ends_on", "2027-05-11")
	r = staff.Post("/admin/events/new", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Text(".error"))
	}
	loc := r.Location()
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/admin/events/"), 10, 64)
	m, co := env.Member(t)
	if r := m.Get("/events/" + itoa(id)); r.Status != http.StatusNotFound {
		t.Errorf("a draft is visible to members: %d", r.Status)
	}
	staff.Get(loc)
	if r := staff.Post(loc+"/publish", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	if _, err := events.Register(context.Background(), env.DB, id, events.Member{CompanyID: companyOf(t, co)}, testenv.People(1), "", by, time.Now()); err != nil {
		t.Fatal(err)
	}
	staff.Get(loc)
	staff.Post(loc+"/unpublish", nil)
	if r := staff.Get(loc); !strings.Contains(r.Body, "已有单位报名，不能撤回发布") || !strings.Contains(r.Body, "已发布") {
		t.Error("unpublishing an event with registrations was not refused")
	}
	r = staff.Post(loc+"/copy", nil)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location(), "/edit") {
		t.Fatalf("copy: %d %s", r.Status, r.Location())
	}
	if r := staff.Get(r.Location()); !strings.Contains(r.Body, "2027 年会员大会（副本）") {
		t.Error("the copy's form does not carry the name")
	}
	if r := m.Get("/events?q=" + url.QueryEscape("大会")); strings.Count(r.Body, "2027 年会员大会") != 1 {
		t.Error("members see the unpublished copy, or not the original")
	}
}
