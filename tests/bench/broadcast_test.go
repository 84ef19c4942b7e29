package bench

import (
	"context"
	"sync"
	"testing"

	"cpca/internal/notice"
	"cpca/tests/testenv"
)

var (
	inboxOnce sync.Once
	inbox     testenv.Inbox
)

// seededInbox loads 1,000,000 broadcast recipient rows once (50,000 companies × 20 broadcasts).
func seededInbox(b *testing.B) testenv.Inbox {
	inboxOnce.Do(func() { inbox = testenv.SeedBroadcasts(b, env.DB, 50000, 20) })
	return inbox
}

// BenchmarkUnreadCount is the query behind the menu badge of every member page.
func BenchmarkUnreadCount(b *testing.B) {
	in := seededInbox(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := notice.Unread(ctx, env.DB, in.UserID, in.CompanyID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInboxPage is one page of 站内信息 (notices and broadcasts, newest first) for the same
// member.
func BenchmarkInboxPage(b *testing.B) {
	in := seededInbox(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := notice.List(ctx, env.DB, in.UserID, in.CompanyID, notice.Filter{}, 1, 20); err != nil {
			b.Fatal(err)
		}
	}
}
