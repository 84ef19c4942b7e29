package store

import (
	"slices"
	"testing"
)

func TestTransitions(t *testing.T) {
	tr := Transitions{"a": {"b", "c"}, "b": {"c"}, "c": {}}
	if !tr.Can("a", "b") || tr.Can("c", "a") || tr.Can("x", "a") {
		t.Fatal("Can")
	}
	if got := tr.Sources("c"); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("sorted sources %v", got)
	}
	if got := tr.Sources("c", "b", "a"); !slices.Equal(got, []string{"b", "a"}) {
		t.Fatalf("ordered sources %v", got)
	}
	if got := tr.Sources("a"); len(got) != 0 {
		t.Fatalf("unreachable %v", got)
	}
}
