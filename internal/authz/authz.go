// Package authz answers "may this role call this route" from the casbin model and policy in
// policies/. Roles are derived from the database per request (see account.Principal), so the
// policy holds only role rules, never users.
package authz

import (
	"encoding/csv"
	"fmt"
	"strings"
	"sync"

	"cpca/policies"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
)

// Enforcer decides access. The policy is embedded and never changes while the process runs,
// so answers are remembered: the guard and every menu ask the same few questions per page.
type Enforcer struct {
	e    *casbin.SyncedEnforcer
	memo sync.Map // sub + "\x00" + obj + "\x00" + act → bool
}

// New loads the embedded model and policy.
func New() (*Enforcer, error) {
	m, err := model.NewModelFromString(policies.Model)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(policies.Policy))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("policy.csv: %w", err)
	}
	for _, rec := range recs {
		switch rec[0] {
		case "p":
			if _, err := e.AddPolicy(rec[1], rec[2], rec[3]); err != nil {
				return nil, err
			}
		case "g":
			if _, err := e.AddGroupingPolicy(rec[1], rec[2]); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("policy.csv: unknown rule %q", rec[0])
		}
	}
	return &Enforcer{e: e}, nil
}

// Allowed reports whether role may call method on the route pattern.
func (a *Enforcer) Allowed(role, pattern, method string) bool {
	key := role + "\x00" + pattern + "\x00" + method
	if v, ok := a.memo.Load(key); ok {
		return v.(bool)
	}
	ok, err := a.e.Enforce(role, pattern, method)
	ok = err == nil && ok
	if err == nil {
		a.memo.Store(key, ok)
	}
	return ok
}

// Has reports whether subject holds role, itself or through the policy's inheritance
// (g rows): staff_sysadmin has staff_finance. Rules that are not about a route, such as who
// may read a voucher, ask this instead of comparing role names.
func (a *Enforcer) Has(subject, role string) bool {
	ok, err := a.e.GetRoleManager().HasLink(subject, role)
	return err == nil && ok
}
