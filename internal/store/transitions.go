package store

import (
	"slices"
	"sort"
)

// Transitions are a state machine's allowed moves, written once per feature (from → the
// states it may go to) and asked by the feature's CanMove and by Move's source list.
type Transitions map[string][]string

// Can reports whether from may move to to.
func (t Transitions) Can(from, to string) bool { return slices.Contains(t[from], to) }

// Sources lists the states from which to is reachable, in the given display order of the
// states (or sorted when none is given), for a conditional update's IN list.
func (t Transitions) Sources(to string, order ...string) []string {
	if len(order) == 0 {
		for from := range t {
			order = append(order, from)
		}
		sort.Strings(order)
	}
	var out []string
	for _, from := range order {
		if t.Can(from, to) {
			out = append(out, from)
		}
	}
	return out
}
