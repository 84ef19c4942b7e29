package security

import (
	"context"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/directory"
	"cpca/internal/people"
)

// directoryPerson adds a consenting person to the company for 通讯录 显示, and opens mobiles
// to all members in this test database, so members and council may reveal the number.
func directoryPerson(t *testing.T, companyID, userID int64) int64 {
	t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: userID, Name: "member"}
	p, fe, err := people.Add(ctx, env.DB, companyID, people.Form{Name: "通讯录联系人", Title: "经理", Mobile: "13612345678", Email: "d@example.cn"}, by)
	if err != nil || len(fe) > 0 {
		t.Fatal(err, fe)
	}
	if _, err := people.Consent(ctx, env.DB, companyID, p.ID, true, by, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := directory.SetDefaults(ctx, env.DB, []directory.Default{{Field: directory.FieldMobile, Audience: directory.Members}}, by); err != nil {
		t.Fatal(err)
	}
	return p.ID
}
