package bench

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"cpca/tests/testenv"
)

var eventsOnce sync.Once

// busiestEvent is the event with the most registrations (the staff list's worst case).
var busiestEvent int64

// seededEvents loads seed.sql and then seed_events.sql (3,000 events, 200,000 registrations,
// their attendees and event fee charges) once per run.
func seededEvents(b *testing.B) (staff, member *testenv.Client) {
	staff, member = seeded(b)
	eventsOnce.Do(func() {
		out, err := exec.Command("psql", "-q", "-v", "ON_ERROR_STOP=1", os.Getenv("CPCA_DATABASE_URL"), "-f", "seed_events.sql").CombinedOutput()
		if err != nil {
			b.Fatalf("seed events: %v\n%s", err, out)
		}
		if err := env.DB.NewRaw(`SELECT event_id FROM event_registrations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(context.Background(), &busiestEvent); err != nil {
			b.Fatal(err)
		}
	})
	return staff, member
}

func BenchmarkEventList(b *testing.B) {
	_, m := seededEvents(b)
	page(b, m, "/events")
}

func BenchmarkEventListOpen(b *testing.B) {
	_, m := seededEvents(b)
	page(b, m, "/events?phase=open")
}

func BenchmarkEventSearch2Chars(b *testing.B) {
	_, m := seededEvents(b)
	page(b, m, "/events?q=%E8%A6%86%E9%93%9C") // 覆铜
}

func BenchmarkMemberHomeWithEvents(b *testing.B) {
	_, m := seededEvents(b)
	page(b, m, "/home")
}

func BenchmarkStaffEventList(b *testing.B) {
	s, _ := seededEvents(b)
	page(b, s, "/admin/events")
}

func BenchmarkStaffEventRegistrations(b *testing.B) {
	s, _ := seededEvents(b)
	page(b, s, "/admin/events/"+strconv.FormatInt(busiestEvent, 10))
}

func BenchmarkFinanceEventFees(b *testing.B) {
	s, _ := seededEvents(b)
	page(b, s, "/admin/dues?kind=event&status=pending")
}
