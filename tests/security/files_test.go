package security

import (
	"net/http"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/files"
	"cpca/tests/testenv"
)

// staffClient logs in a new staff user of department sub from ip.
func staffClient(t *testing.T, sub, ip string) (*testenv.Client, int64) {
	t.Helper()
	c := env.NewClient(t)
	c.IP = ip
	name := env.CreateStaff(t, sub)
	c.Login(name, testenv.Password)
	return c, user(t, name).ID
}

// gotPDF tells whether r is the downloaded stored PDF, as an attachment.
func gotPDF(r *testenv.Resp) bool {
	return r.Status == http.StatusOK && strings.HasPrefix(r.Body, "%PDF-") &&
		strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;")
}

// Vouchers, invoices and certificates: the owner company and 财务 (系统管理员 included) read
// them; 会员部, 会展 and 信息 staff get the same 404 as for a missing file, and so does
// another member company. Finance's download is audited.
func TestFileKindsByViewer(t *testing.T) {
	fin, finID := staffClient(t, account.StaffFinance, "10.2.3.1")
	sys, _ := staffClient(t, account.StaffSysadmin, "10.2.3.2")
	memStaff, _ := staffClient(t, account.StaffMembership, "10.2.3.3")
	infoStaff, _ := staffClient(t, account.StaffInfo, "10.2.3.4")
	evtStaff, _ := staffClient(t, account.StaffEvents, "10.2.3.5")
	a, aco := env.Member(t)
	a.IP = "10.2.3.6"
	b, _ := env.Member(t)
	b.IP = "10.2.3.7"
	ua := user(t, aco.Username())
	o := newCompanyObjects(t, ua.CompanyID, ua.ID, finID)

	for _, file := range []struct{ name, id string }{{"voucher", o.VoucherFile}, {"certificate", o.CertFile}} {
		for who, c := range map[string]*testenv.Client{"owner": a, "财务": fin, "系统管理员": sys} {
			if r := c.Get("/files/" + file.id); !gotPDF(r) {
				t.Errorf("%s downloads company A's %s: %d %s", who, file.name, r.Status, r.Location())
			}
		}
		for who, c := range map[string]*testenv.Client{"会员部": memStaff, "信息": infoStaff, "会展": evtStaff, "company B": b} {
			r := c.Get("/files/" + file.id)
			if r.Status != http.StatusNotFound || strings.HasPrefix(r.Body, "%PDF-") {
				t.Errorf("%s downloads company A's %s: %d, want 404 and no file", who, file.name, r.Status)
			}
		}
	}
	if n := countRows(t, `SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = 'file.download' AND object_id = ?`, finID, o.VoucherFile); n != 1 {
		t.Errorf("finance's voucher download: %d audit entries, want 1", n)
	}
}

// What the association publishes is read per file: a public one by anyone without logging
// in, a members one by member companies and staff; a visitor is asked to log in for the
// latter (as for any file), an applicant is refused.
func TestPublishedFiles(t *testing.T) {
	_, staffID := staffClient(t, account.StaffInfo, "10.2.4.1")
	pub, forMembers := publish(t, files.Public, staffID), publish(t, files.Members, staffID)

	anon := env.NewClient(t)
	anon.IP = "10.2.4.2"
	if r := anon.Get("/files/" + pub); !gotPDF(r) {
		t.Errorf("anonymous download of a public file: %d %s", r.Status, r.Location())
	}
	for _, id := range []string{forMembers, "no-such-file"} {
		if r := anon.Get("/files/" + id); !loggedOut(r) {
			t.Errorf("anonymous download of %s: %d %s, want the login page", id, r.Status, r.Location())
		}
	}
	ap := env.NewClient(t)
	ap.IP = "10.2.4.3"
	co := testenv.NewCompany()
	env.Register(t, ap, co)
	ap.Login(co.Username(), testenv.Password)
	if r := ap.Get("/files/" + forMembers); r.Status != http.StatusNotFound {
		t.Errorf("applicant download of a members file: %d, want 404", r.Status)
	}
	if r := ap.Get("/files/" + pub); !gotPDF(r) {
		t.Errorf("applicant download of a public file: %d", r.Status)
	}
	m, _ := env.Member(t)
	m.IP = "10.2.4.4"
	evt, _ := staffClient(t, account.StaffEvents, "10.2.4.5")
	for who, c := range map[string]*testenv.Client{"member": m, "会展 staff": evt} {
		if r := c.Get("/files/" + forMembers); !gotPDF(r) {
			t.Errorf("%s download of a members file: %d %s", who, r.Status, r.Location())
		}
	}
}
