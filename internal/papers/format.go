package papers

import (
	"time"

	"cpca/internal/calendar"
)

func local(t time.Time) string { return t.In(calendar.Zone).Format("2006-01-02 15:04") }
