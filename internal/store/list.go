package store

import "github.com/uptrace/bun"

// Page clamps a list's page (from 1) and size (1..100, def when unset or out of range).
func Page(page, size, def int) (int, int) {
	if size <= 0 || size > 100 {
		size = def
	}
	return max(page, 1), size
}

// Published narrows a list of association-published items (events, projects: columns
// published and council_only on alias) to what the viewer may see: a member sees published
// ones, council-only ones only when council; staff filter by published "yes" / "no" / "".
func Published(q *bun.SelectQuery, alias string, member, council bool, published string) *bun.SelectQuery {
	if member {
		q = q.Where(alias + ".published")
		if !council {
			q = q.Where("NOT " + alias + ".council_only")
		}
	}
	switch published {
	case "yes":
		q = q.Where(alias + ".published")
	case "no":
		q = q.Where("NOT " + alias + ".published")
	}
	return q
}
