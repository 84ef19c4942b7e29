package audit

import (
	"context"

	"github.com/uptrace/bun"
)

// Actor is who does an action and from where, as internal actions receive it from a handler,
// the command line or a job: the user (ID 0 for the command line and jobs) and the address.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

// CLI is the actor of a command of the cpca binary, run by someone with the server's
// credentials.
var CLI = Actor{Name: "cli"}

// Record writes e as done by a, with db (usually the transaction of the change).
func (a Actor) Record(ctx context.Context, db bun.IDB, e Entry) error {
	e.ActorID, e.ActorName, e.IP = a.ID, a.Name, a.IP
	return Record(ctx, db, e)
}
