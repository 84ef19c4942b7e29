package dashboard

import (
	"net/url"
	"strconv"
)

// The lists a number leads to. Each link carries the filter that lists exactly the rows the
// number counts (tests/dashboard checks every cell against the list's total).
const (
	membersList      = "/admin/members"
	applicationsList = "/admin/applications"
	promotionsList   = "/admin/promotions"
	duesList         = "/admin/dues"
	eventsList       = "/admin/events"
	messagesList     = "/admin/messages"
)

// RecentDays is the window of the 近30天新入会 column; the member list's recent=30 filter
// counts the same days.
const RecentDays = 30

// link is path with the non-empty pairs of kv as its query (keys sorted, as url.Values
// encodes them).
func link(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func itoa(n int) string { return strconv.Itoa(n) }

func id(n int64) string { return strconv.FormatInt(n, 10) }
