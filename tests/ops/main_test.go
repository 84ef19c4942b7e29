// Package ops checks what operators rely on: /metrics, the JSON request logs, and
// cpca backup / restore into a new database that then serves a login and a certificate.
package ops

import (
	"testing"

	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "ops", &env) }
