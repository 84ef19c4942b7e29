// Package policies holds the casbin model and policy, embedded in the binary.
package policies

import _ "embed"

// Model is the casbin model.
//
//go:embed model.conf
var Model string

// Policy is the casbin policy (CSV).
//
//go:embed policy.csv
var Policy string
