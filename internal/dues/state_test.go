package dues

import "testing"

func TestTransitions(t *testing.T) {
	yes := map[[2]string]bool{
		{Unpaid, Pending}: true, {Unpaid, Waived}: true,
		{Pending, Pending}: true, {Pending, Confirmed}: true, {Pending, Rejected}: true, {Pending, Waived}: true, {Pending, Unpaid}: true,
		{Rejected, Pending}: true, {Rejected, Waived}: true,
	}
	for _, a := range Statuses {
		for _, b := range Statuses {
			if CanMove(a, b) != yes[[2]string{a, b}] {
				t.Errorf("%s -> %s: %v", a, b, CanMove(a, b))
			}
		}
	}
	iyes := map[[2]string]bool{{InvoiceNone, InvoiceRequested}: true, {InvoiceRequested, InvoiceRequested}: true, {InvoiceRequested, InvoiceIssued}: true}
	for _, a := range InvoiceStatuses {
		for _, b := range InvoiceStatuses {
			if CanMoveInvoice(a, b) != iyes[[2]string{a, b}] {
				t.Errorf("invoice %s -> %s", a, b)
			}
		}
	}
	if Paid(Pending) || Paid(Unpaid) || !Paid(Confirmed) || !Paid(Waived) {
		t.Error("Paid wrong")
	}
}

func TestParseYuan(t *testing.T) {
	cases := map[string]int64{"1": 100, "1.5": 150, "1,234.56": 123456, "￥20000": 2000000, "0.01": 1}
	for in, want := range cases {
		if got, err := ParseYuan(in); err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "-5", "0", "0.00", "abc", "1.234", "1e5", "NaN"} {
		if _, err := ParseYuan(bad); err == nil {
			t.Errorf("ParseYuan(%q) accepted", bad)
		}
	}
	if Yuan(123456789) != "1,234,567.89" || Yuan(5) != "0.05" {
		t.Errorf("Yuan: %s %s", Yuan(123456789), Yuan(5))
	}
}
