package app

import (
	"regexp"
	"testing"

	"cpca/internal/dues"
	"cpca/internal/errs"
	"cpca/internal/i18n"
	"cpca/internal/membership"
)

var han = regexp.MustCompile(`\p{Han}`)

// Runtime messages (state conflicts, the missing fee schedule) are keys translated when shown:
// in English they carry no Chinese, labels inside them included.
func TestRuntimeMessagesTranslate(t *testing.T) {
	for _, err := range []error{
		dues.ErrState{Status: dues.Confirmed, Action: "确认到账"},
		dues.ErrState{Status: dues.Pending, Action: "上传发票（请先确认到账）"},
		dues.ErrState{Status: dues.Confirmed, Action: "上传发票（会员尚未填写开票信息）"},
		dues.ErrNoSchedule{Year: 2031},
		membership.ErrTransition{From: membership.StatusApproved, To: membership.StatusRejected},
	} {
		m, ok := errs.MessageOf(err)
		if !ok {
			t.Fatalf("%v carries no message", err)
		}
		if en := m.In("en"); han.MatchString(en) {
			t.Errorf("English message has Chinese: %q", en)
		}
		if zh := m.In("zh"); !han.MatchString(zh) || zh != err.Error() {
			t.Errorf("Chinese message %q, Error() %q", zh, err.Error())
		}
	}
}

// A count of one reads "1 result" in English.
func TestPluralCounts(t *testing.T) {
	p := pagerPage{Pager: Pager{Total: 1, Page: 1, Pages: 1}, lang: "en"}
	if got := p.TN("共 %d 条 · 第 %d/%d 页", 1, 1, 1, 1); got != "1 result · page 1 of 1" {
		t.Errorf("one: %q", got)
	}
	if got := p.TN("共 %d 条 · 第 %d/%d 页", 2, 2, 1, 1); got != "2 results · page 1 of 1" {
		t.Errorf("two: %q", got)
	}
	if got := i18n.Nf("zh", "共 %d 条，", 1, 1); got != "共 1 条，" {
		t.Errorf("zh: %q", got)
	}
}
