package security

import (
	"context"
	"testing"

	"cpca/internal/account"
)

// Staff rows: a staff user made without a department is 系统管理员 (as `cpca admin create`
// defaults), a department outside the list or a department on a member is refused by the
// database, and the digest of waiting applications goes to 会员部 and 系统管理员 only.
func TestStaffRows(t *testing.T) {
	ctx := context.Background()
	sys := user(t, env.CreateAdmin(t))
	if sys.StaffRole != account.StaffSysadmin {
		t.Errorf("staff created without a department: %q, want sysadmin", sys.StaffRole)
	}
	fin := user(t, env.CreateStaff(t, account.StaffFinance))
	mem := user(t, env.CreateStaff(t, account.StaffMembership))
	for _, q := range []string{
		`UPDATE users SET staff_role = 'root' WHERE id = ?`,
		`UPDATE users SET staff_role = '' WHERE id = ?`,
	} {
		if _, err := env.DB.NewRaw(q, fin.ID).Exec(ctx); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
	_, co := env.Member(t)
	if _, err := env.DB.NewRaw(`UPDATE users SET staff_role = 'finance' WHERE username = ?`, co.Username()).Exec(ctx); err == nil {
		t.Error("a member user took a staff department")
	}
	admins, err := account.Admins(ctx, env.DB)
	if err != nil {
		t.Fatal(err)
	}
	in := map[int64]bool{}
	for _, a := range admins {
		in[a.ID] = true
	}
	if !in[sys.ID] || !in[mem.ID] || in[fin.ID] {
		t.Errorf("digest recipients: sysadmin %v, 会员部 %v, 财务 %v; want true, true, false", in[sys.ID], in[mem.ID], in[fin.ID])
	}
	if err := account.SetStaffRole(ctx, env.DB, fin.ID, account.StaffInfo); err != nil {
		t.Fatal(err)
	}
	if pr, err := account.PrincipalOf(ctx, env.DB, fin.ID); err != nil || pr.Subject() != "staff_info" {
		t.Errorf("after moving to 信息: subject %q, %v", pr.Subject(), err)
	}
}
