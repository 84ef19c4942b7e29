package membership

import (
	"sort"
	"testing"
)

func TestTransitions(t *testing.T) {
	all := []string{StatusSubmitted, StatusResubmitted, StatusApproved, StatusRejected}
	allowed := map[[2]string]bool{
		{StatusSubmitted, StatusApproved}:   true,
		{StatusSubmitted, StatusRejected}:   true,
		{StatusResubmitted, StatusApproved}: true,
		{StatusResubmitted, StatusRejected}: true,
		{StatusRejected, StatusResubmitted}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := CanTransition(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("%s -> %s: got %v", from, to, got)
			}
		}
	}
	s := sources(StatusApproved)
	sort.Strings(s)
	if len(s) != 2 || s[0] != StatusResubmitted || s[1] != StatusSubmitted {
		t.Errorf("sources(approved) = %v", s)
	}
	if !Pending(StatusResubmitted) || Pending(StatusApproved) {
		t.Error("Pending wrong")
	}
}
