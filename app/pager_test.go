package app

import (
	"testing"

	"cpca/internal/store"
)

func TestPageRows(t *testing.T) {
	// An uncounted search fetched size+1 rows: one more page follows, the extra row is dropped.
	rows, p := pageRows([]int{1, 2, 3}, "/x", nil, 2, 2, store.Unknown)
	if len(rows) != 2 || !p.Open || p.Next() != 3 || p.Prev() != 1 {
		t.Fatalf("open, more: rows %v, pager %+v next %d", rows, p, p.Next())
	}
	// The last page of a search: no next.
	rows, p = pageRows([]int{1}, "/x", nil, 3, 2, store.Unknown)
	if len(rows) != 1 || p.Next() != 0 {
		t.Fatalf("open, last: %+v", p)
	}
	// Counted lists: exact pages; capped ones keep going.
	_, p = pageRows([]int{1, 2}, "/x", nil, 1, 2, 3)
	if p.Open || p.Pages != 2 || p.Next() != 2 {
		t.Fatalf("counted: %+v", p)
	}
	_, p = pageRows([]int{1, 2}, "/x", nil, 501, 2, store.CountCap+1)
	if !p.Capped || p.Next() != 502 {
		t.Fatalf("capped: %+v", p)
	}
}
