// Package authz answers "may this role call this route" from the casbin model and policy in
// policies/. Roles are derived from the database per request (see account.Principal), so the
// policy holds only role rules, never users.
package authz

import (
	"encoding/csv"
	"fmt"
	"strings"

	"cpca/policies"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
)

// Enforcer decides access.
type Enforcer struct{ e *casbin.SyncedEnforcer }

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
	ok, err := a.e.Enforce(role, pattern, method)
	return err == nil && ok
}
