package store

import "testing"

func TestSortsPickRefusesUnknown(t *testing.T) {
	s := Sorts{Default: "a_desc", Exprs: map[string]string{"a_desc": "a DESC", "a_asc": "a ASC"}}
	for _, tc := range []struct{ in, key, expr string }{
		{"a_asc", "a_asc", "a ASC"},
		{"", "a_desc", "a DESC"},
		{"a; DROP TABLE users", "a_desc", "a DESC"},
		{"b_asc", "a_desc", "a DESC"},
	} {
		k, e := s.Pick(tc.in)
		if k != tc.key || e != tc.expr {
			t.Errorf("Pick(%q) = %q, %q; want %q, %q", tc.in, k, e, tc.key, tc.expr)
		}
	}
}
