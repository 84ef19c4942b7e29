package dues

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// A state conflict is shown in the viewer's language: a staff member using the English UI
// who confirms a payment another staff member confirmed first reads the refusal in English,
// with the status label translated too (it was formatted in Chinese where it arose before).
func TestConflictMessageInEnglish(t *testing.T) {
	first, second := newStaff(t), newStaff(t)
	m := newMember(t)
	m.mustUpload(t, m.DuesID)
	second.Get("/admin/dues/" + id(m.DuesID))
	second.Post("/lang", url.Values{"lang": {"en"}, "back": {"/admin/dues/" + id(m.DuesID)}})
	mustConfirm(t, first, m.DuesID)

	r := second.Post("/admin/dues/"+id(m.DuesID)+"/confirm", confirmForm("2000.00", today()))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("second confirm: %d", r.Status)
	}
	msg := follow(t, second, r).Text(".flash.err")
	if msg == "" || regexp.MustCompile(`\p{Han}`).MatchString(msg) || !strings.Contains(msg, "Paid") {
		t.Fatalf("conflict flash in English UI: %q", msg)
	}
}
