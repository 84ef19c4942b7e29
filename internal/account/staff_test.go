package account

import "testing"

// A principal's casbin subject: the role, or for staff the department's role; a staff row
// without a known department gets the base staff role only, never a department's rights.
func TestSubject(t *testing.T) {
	cases := []struct {
		p    Principal
		want string
	}{
		{Anonymous, RoleAnonymous},
		{Principal{Role: RoleApplicant}, RoleApplicant},
		{Principal{Role: RoleMember}, RoleMember},
		{Principal{Role: RoleCouncil}, RoleCouncil},
		{Principal{Role: RoleAdmin, Staff: StaffFinance}, "staff_finance"},
		{Principal{Role: RoleAdmin, Staff: StaffSysadmin}, "staff_sysadmin"},
		{Principal{Role: RoleAdmin}, SubjectStaff},
		{Principal{Role: RoleAdmin, Staff: "root"}, SubjectStaff},
		{Principal{Role: RoleMember, Staff: StaffSysadmin}, RoleMember}, // a sub-role means nothing off staff
	}
	for _, c := range cases {
		if got := c.p.Subject(); got != c.want {
			t.Errorf("%+v: subject %q, want %q", c.p, got, c.want)
		}
	}
	if !(Principal{Role: RoleAdmin, Staff: StaffEvents}).IsStaff() || (Principal{Role: RoleCouncil}).IsStaff() {
		t.Error("IsStaff")
	}
}

func TestParseStaffRole(t *testing.T) {
	for in, want := range map[string]string{"finance": StaffFinance, "财务": StaffFinance, "系统管理员": StaffSysadmin, "membership": StaffMembership} {
		if got, err := ParseStaffRole(in); err != nil || got != want {
			t.Errorf("ParseStaffRole(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "admin", "staff_finance", "Finance"} {
		if _, err := ParseStaffRole(in); err == nil {
			t.Errorf("ParseStaffRole(%q) accepted", in)
		}
	}
}
