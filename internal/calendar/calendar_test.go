package calendar

import (
	"testing"
	"time"
)

func TestTodayIsShanghaiDay(t *testing.T) {
	// 2026-12-31 17:30 UTC is already 2027-01-01 in Shanghai.
	now := time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC)
	if got := Today(now); !got.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Today = %v", got)
	}
	if Year(now) != 2027 {
		t.Fatalf("Year = %d", Year(now))
	}
	if Format(now) != "2027-01-01" {
		t.Fatalf("Format = %s", Format(now))
	}
}
