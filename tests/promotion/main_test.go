// Package promotion tests 会员晋升 and 晋升审核 through the real router and database: the
// application with its materials, eligibility, 初审 (pass, return with reasons, resubmit,
// reject), the ratification with quorum, majority and seat quotas (two for the last seat at
// once), the level and role change, the certificate re-issued with the new level, and
// object-level access between companies.
package promotion

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/promotion"
	"cpca/tests/testenv"
)

var env *testenv.Env

// TestMain lets every member company hold a 理事单位 seat (CPCA_PROMOTION_COUNCIL_SHARE=1/1),
// so the tests' ratifications never run out of seats; the quota itself is tested with its own
// rules (TestLastSeatOnce) and in internal/promotion.
func TestMain(m *testing.M) {
	os.Setenv("CPCA_PROMOTION_COUNCIL_SHARE", "1/1")
	testenv.Run(m, "promotion", &env)
}

var ipSeq atomic.Int64

func nextIP() string {
	n := ipSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", 140+time.Now().Unix()%100, n/250, n%250+1)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Sample files, recognised by content.
var (
	pdfFile  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngFile  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	docxFile = func() []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
			f, _ := w.Create(n)
			_, _ = f.Write([]byte("<w:document/>"))
		}
		_ = w.Close()
		return b.Bytes()
	}()
)

// member is a logged-in member company, eligible for promotion.
type member struct {
	*testenv.Client
	CompanyID, UserID, DuesID int64
	PersonID                  int64 // its primary contact, the representative
}

func newMember(t *testing.T) *member {
	t.Helper()
	c, co := env.Member(t)
	c.IP = nextIP()
	u, err := account.ByUsername(context.Background(), env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	m := &member{Client: c, CompanyID: u.CompanyID, UserID: u.ID}
	m.DuesID = env.PromotionReady(t, m.CompanyID)
	if err := env.DB.NewRaw(`SELECT id FROM company_people WHERE company_id = ? ORDER BY is_primary DESC, id LIMIT 1`, m.CompanyID).
		Scan(context.Background(), &m.PersonID); err != nil {
		t.Fatal(err)
	}
	return m
}

// staff logs in a 会员部 user.
func newStaff(t *testing.T) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.IP = nextIP()
	s.Login(env.CreateStaff(t, account.StaffMembership), testenv.Password)
	return s
}

// councilFiles are the three materials of 理事单位, one of each accepted type.
func councilFiles() (map[string][]byte, map[string]string) {
	return map[string][]byte{"file_form": docxFile, "file_recommend": pdfFile, "file_license": pngFile},
		map[string]string{"file_form": "申请表.docx", "file_recommend": "推荐表.pdf", "file_license": "营业执照.png"}
}

// apply posts 申请晋升 for 理事单位 and returns the response.
func (m *member) apply(t *testing.T, level string, files map[string][]byte, names map[string]string) *testenv.Resp {
	t.Helper()
	m.Get("/promotion/apply?level=" + level)
	return m.PostMultipart("/promotion/apply", map[string]string{"level": level, "representative": id(m.PersonID)}, files, names)
}

// mustApply applies for 理事单位 and returns the application.
func (m *member) mustApply(t *testing.T) *promotion.Application {
	t.Helper()
	fs, ns := councilFiles()
	r := m.apply(t, "council", fs, ns)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("apply: status %d: %s %s", r.Status, r.Text(".flash.err"), r.Doc.Find(".error").Text())
	}
	open, err := promotion.OpenFor(context.Background(), env.DB, m.CompanyID)
	if err != nil || open == nil {
		t.Fatalf("no open application after applying: %v", err)
	}
	a, err := promotion.Get(context.Background(), env.DB, open.ID, m.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// staffPost opens the application's staff page (CSRF token) and posts a form to action.
func staffPost(s *testenv.Client, appID int64, action string, fields map[string]string) *testenv.Resp {
	s.Get("/admin/promotions/" + id(appID))
	return s.PostMultipart("/admin/promotions/"+id(appID)+"/"+action, fields, nil, nil)
}

// ratifyFields is a ratification that meets the default quorum and majority.
func ratifyFields(termID int64) map[string]string {
	return map[string]string{"term": id(termID), "meeting": "council", "session": "第五届理事会第三次会议",
		"held_on": time.Now().Format("2006-01-02"), "expected": "30", "present": "25", "yes": "20", "no": "3", "abstain": "2"}
}

func ratify(s *testenv.Client, appID int64, fields map[string]string) *testenv.Resp {
	s.Get("/admin/promotions/" + id(appID))
	return s.PostMultipart("/admin/promotions/"+id(appID)+"/ratify", fields,
		map[string][]byte{"resolution": pdfFile}, map[string]string{"resolution": "决议.pdf"})
}

func level(t *testing.T, companyID int64) string {
	t.Helper()
	var l string
	if err := env.DB.NewRaw(`SELECT level FROM companies WHERE id = ?`, companyID).Scan(context.Background(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.NewRaw(q, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
