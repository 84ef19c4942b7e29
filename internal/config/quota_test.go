package config

import (
	"strings"
	"testing"
)

// CPCA_UPLOAD_QUOTA takes a size with a unit; the default is 200 MB; a bad value stops
// start-up naming the variable.
func TestUploadQuota(t *testing.T) {
	t.Setenv("CPCA_PROXY_HEADER", "")
	good := map[string]int64{"": 200 << 20, "200MB": 200 << 20, "1 GB": 1 << 30, "512m": 512 << 20, "2048KB": 2 << 20, "1048576": 1 << 20}
	for v, want := range good {
		t.Setenv("CPCA_UPLOAD_QUOTA", v)
		c, err := Load()
		if err != nil || c.UploadQuota != want {
			t.Errorf("CPCA_UPLOAD_QUOTA=%q: %d, %v; want %d", v, c.UploadQuota, err, want)
		}
	}
	for _, v := range []string{"lots", "200 MiB", "-5MB", "0", "100KB", "1.5GB", "99999999999GB"} {
		t.Setenv("CPCA_UPLOAD_QUOTA", v)
		if _, err := Load(); err == nil || !strings.Contains(err.Error(), "CPCA_UPLOAD_QUOTA") {
			t.Errorf("CPCA_UPLOAD_QUOTA=%q: err = %v, want one naming the variable", v, err)
		}
	}
}
