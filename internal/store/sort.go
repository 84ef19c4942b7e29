package store

// Sorts is a list's whitelist of orders: the key travels in the query string (`sort`), the
// SQL expression never does. Default is the key used when the one asked for is unknown.
type Sorts struct {
	Default string
	Exprs   map[string]string
}

// Pick returns the accepted sort key and its ORDER BY expression; an unknown or empty key
// falls back to the default, so user text never reaches the SQL.
func (s Sorts) Pick(key string) (string, string) {
	if e, ok := s.Exprs[key]; ok {
		return key, e
	}
	return s.Default, s.Exprs[s.Default]
}

// Has says key is in the whitelist.
func (s Sorts) Has(key string) bool { _, ok := s.Exprs[key]; return ok }
