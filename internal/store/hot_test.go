package store

import "testing"

func TestDollar(t *testing.T) {
	for q, want := range map[string]string{
		"SELECT 1":                          "SELECT 1",
		"WHERE a = ?0 AND b = ?1 OR a = ?0": "WHERE a = $1 AND b = $2 OR a = $1",
		"WHERE a = ? AND b = ?":             "WHERE a = $1 AND b = $2",
		"LIMIT ?2 OFFSET ?10":               "LIMIT $3 OFFSET $11",
	} {
		if got := Dollar(q); got != want {
			t.Errorf("Dollar(%q) = %q, want %q", q, got, want)
		}
	}
}
