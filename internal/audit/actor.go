package audit

import (
	"context"

	"github.com/uptrace/bun"
)

// Actor is who does an action, as the audit log names them: a logged-in user with the
// address the request came from, or a tool ("cli", "demo", "scheduler") with no user id.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

// System is an actor that is not a person: the command line, the scheduler, the demo seed.
func System(name string) Actor { return Actor{Name: name} }

// Record writes e as done by a, with db (usually the transaction of the change).
func (a Actor) Record(ctx context.Context, db bun.IDB, e Entry) error {
	e.ActorID, e.ActorName, e.IP = a.ID, a.Name, a.IP
	return Record(ctx, db, e)
}
