package testenv

import (
	"context"
	"testing"

	"cpca/internal/account"
)

// CreateStaff inserts a staff account of one department (account.StaffFinance, ...) and
// returns its username; CreateAdmin is the 系统管理员.
func (e *Env) CreateStaff(t testing.TB, staffRole string) string {
	t.Helper()
	u := &account.User{Username: Name("staff"), Email: Name("staff") + "@cpca.test", Name: "工作人员",
		Role: account.RoleAdmin, StaffRole: staffRole}
	if err := account.Create(context.Background(), e.DB, u, Password); err != nil {
		t.Fatal(err)
	}
	return u.Username
}
