package events

import (
	"testing"
	"time"
)

// Every pair of states: the allowed moves are exactly these.
func TestTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{Pending, Confirmed}: true, {Pending, Rejected}: true, {Pending, Cancelled}: true,
		{Confirmed, Cancelled}: true,
		{Waitlisted, Offered}:  true, {Waitlisted, Cancelled}: true,
		{Offered, Confirmed}: true, {Offered, Pending}: true, {Offered, Expired}: true, {Offered, Cancelled}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanMove(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("%s → %s: allowed=%v, want %v", from, to, got, !got)
			}
		}
	}
	for _, s := range []string{Cancelled, Rejected, Expired} {
		if IsLive(s) || Holds(s) {
			t.Errorf("%s counts as live or holding places", s)
		}
	}
	if Holds(Waitlisted) || !IsLive(Waitlisted) {
		t.Error("a waitlisted registration holds places or is not live")
	}
	for _, s := range Statuses {
		if StatusLabel(s) == "" {
			t.Errorf("%s has no label", s)
		}
	}
}

// The phase of an event by the clock, and the registration window.
func TestPhase(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	h := time.Hour
	ev := func(opens, closes, starts, ends time.Duration) *Event {
		return &Event{Published: true, RegOpensAt: now.Add(opens), RegClosesAt: now.Add(closes), StartsAt: now.Add(starts), EndsAt: now.Add(ends)}
	}
	for _, c := range []struct {
		e    *Event
		want string
		open bool
	}{
		{ev(-h, h, 2*h, 3*h), PhaseOpen, true},
		{ev(h, 2*h, 3*h, 4*h), PhaseUpcoming, false},   // not open yet
		{ev(-2*h, -h, 3*h, 4*h), PhaseUpcoming, false}, // closed, not begun
		{ev(-3*h, 0, -h, h), PhaseRunning, false},      // the deadline is exclusive
		{ev(-4*h, -3*h, -2*h, -h), PhaseEnded, false},
		{ev(-h, 5*h, -h, h), PhaseRunning, false}, // registration window past the start: closed once it starts
	} {
		if got := c.e.Phase(now); got != c.want {
			t.Errorf("%+v: phase %s, want %s", c.e, got, c.want)
		}
		if got := c.e.RegistrationOpen(now); got != c.open {
			t.Errorf("%+v: open %v, want %v", c.e, got, c.open)
		}
	}
	draft := ev(-h, h, 2*h, 3*h)
	draft.Published = false
	if draft.RegistrationOpen(now) {
		t.Error("a draft is open for registration")
	}
}

// A code is bound to the event, the registration and the attendee.
func TestCodeSignature(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	c := code(key, 1, 2, 3)
	e, a, sig, ok := parseCode(" " + c + " ")
	if !ok || e != 1 || a != 3 || sig != sign(key, 1, 2, 3) {
		t.Fatalf("parse %q: %d %d %q %v", c, e, a, sig, ok)
	}
	if sign(key, 1, 9, 3) == sig || sign(key, 2, 2, 3) == sig || sign([]byte("another key of thirty-two bytes!"), 1, 2, 3) == sig {
		t.Error("the signature does not depend on registration, event or key")
	}
	for _, bad := range []string{"", "E1-A3", "X1-A3-ABC", "E0-A3-ABC", "E1-Ax-ABC", "E1-A3-ABC-D"} {
		if _, _, _, ok := parseCode(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}
