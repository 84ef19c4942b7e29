package files

import "testing"

// Who may read each kind of file, viewer by viewer: the whole rule as a table.
func TestMayRead(t *testing.T) {
	const own, other = 7, 8
	viewers := map[string]Viewer{
		"anonymous":     {},
		"applicant":     {CompanyID: own},
		"owner member":  {CompanyID: own, Member: true},
		"other member":  {CompanyID: other, Member: true},
		"council":       {CompanyID: 9, Member: true, Council: true},
		"finance staff": {Staff: true, Finance: true},
		"other staff":   {Staff: true},
		"info staff":    {Staff: true, Info: true},
	}
	type row struct {
		kind, visibility string
		readers          []string
	}
	ownerAndFinance := []string{"applicant", "owner member", "finance staff"}
	rows := []row{
		{KindVoucher, "", ownerAndFinance},
		{KindInvoice, "", ownerAndFinance},
		{KindCertificate, "", ownerAndFinance},
		{KindPromotionTemplate, Public, []string{"anonymous", "applicant", "owner member", "other member", "council", "finance staff", "other staff", "info staff"}},
		{KindEventAttachment, Public, []string{"anonymous", "applicant", "owner member", "other member", "council", "finance staff", "other staff", "info staff"}},
		{KindProjectAttachment, Members, []string{"owner member", "other member", "council", "finance staff", "other staff", "info staff"}},
		{KindEventAttachment, "", []string{"finance staff", "other staff", "info staff"}}, // not published yet
		// A brochure follows its own 通讯录 audience; the owner and staff always read it.
		{KindBrochure, "", []string{"applicant", "owner member", "finance staff", "other staff", "info staff"}},
		{KindBrochure, Public, []string{"anonymous", "applicant", "owner member", "other member", "council", "finance staff", "other staff", "info staff"}},
		{KindBrochure, Members, []string{"applicant", "owner member", "other member", "council", "finance staff", "other staff", "info staff"}},
		{KindBrochure, Council, []string{"applicant", "owner member", "council", "finance staff", "other staff", "info staff"}},
		{KindBrochure, StaffOnly, []string{"applicant", "owner member", "finance staff", "other staff", "info staff"}},
		{KindFeedback, "", []string{"applicant", "owner member", "info staff"}}, // the company's thread and who answers it
		// A 站内信 attachment: without the recipient lists (files.Allowed) only staff.
		{KindBroadcastAttachment, "", []string{"finance staff", "other staff", "info staff"}},
		{"unknown", Public, nil}, // a kind without a rule: nobody
	}
	for _, r := range rows {
		f := &File{Kind: r.kind, Visibility: r.visibility}
		if r.kind != KindPromotionTemplate && r.kind != KindEventAttachment && r.kind != KindProjectAttachment {
			f.CompanyID = own
		}
		may := map[string]bool{}
		for _, v := range r.readers {
			may[v] = true
		}
		for name, v := range viewers {
			if got := MayRead(f, v); got != may[name] {
				t.Errorf("%s (%q) read by %s: %v, want %v", r.kind, r.visibility, name, got, may[name])
			}
		}
	}
	// A company-less voucher (a broken row) is nobody's but finance's: company 0 never matches.
	if MayRead(&File{Kind: KindVoucher}, Viewer{Member: true}) {
		t.Error("a voucher without a company is readable by a viewer without a company")
	}
}

func TestSizeLabel(t *testing.T) {
	for n, want := range map[int64]string{200 << 20: "200 MB", 1 << 30: "1 GB", 1536 << 10: "1536 KB", 1000: "1000 B"} {
		if got := SizeLabel(n); got != want {
			t.Errorf("SizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
}
