package dashboard

import (
	"time"

	"cpca/internal/calendar"
)

func testYear() int { return calendar.Year(time.Now()) }
