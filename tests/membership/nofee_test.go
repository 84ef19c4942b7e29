package membership

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/calendar"
	"cpca/tests/testenv"
)

// Approving a member before the year's fee schedule has its level creates no dues row; staff
// are told which year and level are missing instead of silence.
func TestApproveWithoutScheduleWarns(t *testing.T) {
	s := staff(t)
	id := env.Register(t, env.NewClient(t), testenv.NewCompany())
	r := env.Approve(t, s, id)
	page := s.Get(r.Location())
	warn := page.Text(".flash.err")
	year := strconv.Itoa(calendar.Year(time.Now()))
	if !strings.Contains(warn, year+" 年度尚未设置“会员单位”级别的会费标准") || !strings.Contains(warn, "未生成该会员的会费账单") {
		t.Errorf("no warning naming the year and level: %q (flash %q)", warn, page.Text(".flash"))
	}
	if !strings.Contains(page.Text(".flash"), "已审核通过") {
		t.Errorf("the approval itself is not confirmed: %q", page.Text(".flash"))
	}
}
