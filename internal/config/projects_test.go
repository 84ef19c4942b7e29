package config

import (
	"strings"
	"testing"
)

// CPCA_PROJECT_REMIND_DAYS: 3 by default, a whole number of days from 1 to 60.
func TestProjectRemindDays(t *testing.T) {
	for _, k := range []string{"CPCA_PROXY_HEADER", "CPCA_TRUSTED_PROXIES", "CPCA_PROJECT_REMIND_DAYS"} {
		t.Setenv(k, "")
	}
	c, err := Load()
	if err != nil || c.ProjectRemindDays != 3 {
		t.Fatalf("default: %d %v", c.ProjectRemindDays, err)
	}
	t.Setenv("CPCA_PROJECT_REMIND_DAYS", "7")
	if c, err = Load(); err != nil || c.ProjectRemindDays != 7 {
		t.Fatalf("7: %d %v", c.ProjectRemindDays, err)
	}
	for _, bad := range []string{"0", "61", "x"} {
		t.Setenv("CPCA_PROJECT_REMIND_DAYS", bad)
		if _, err := Load(); err == nil || !strings.Contains(err.Error(), "CPCA_PROJECT_REMIND_DAYS") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
