// Package scale runs the production shape on one machine: two `cpca serve --worker=false`
// web processes and two `cpca worker` processes of the built binary on one PostgreSQL
// database and one Redis queue, with an in-process SMTP sink counting what arrives.
package scale

import (
	"testing"

	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "scale", &env) }
