package store

import "testing"

func TestPage(t *testing.T) {
	for _, c := range []struct{ page, size, wantPage, wantSize int }{{0, 0, 1, 20}, {-3, 500, 1, 20}, {4, 30, 4, 30}} {
		if p, s := Page(c.page, c.size, 20); p != c.wantPage || s != c.wantSize {
			t.Errorf("Page(%d, %d) = %d, %d", c.page, c.size, p, s)
		}
	}
}
