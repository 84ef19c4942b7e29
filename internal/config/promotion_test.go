package config

import (
	"strings"
	"testing"
)

// The 会员晋升 thresholds: defaults of a usual charter, fractions read as n/d, bad values named.
func TestPromotionSettings(t *testing.T) {
	for _, k := range []string{"CPCA_PROXY_HEADER", "CPCA_TRUSTED_PROXIES", "CPCA_PROMOTION_MIN_YEARS", "CPCA_PROMOTION_QUORUM",
		"CPCA_PROMOTION_MAJORITY", "CPCA_PROMOTION_COUNCIL_SHARE", "CPCA_PROMOTION_STANDING_SHARE", "CPCA_PROMOTION_VICE_PRESIDENTS", "CPCA_PROMOTION_PRESIDENTS"} {
		t.Setenv(k, "")
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	p := c.Promotion
	if p.MinYears != 1 || p.QuorumNum != 2 || p.QuorumDen != 3 || p.MajorityNum != 2 || p.CouncilDen != 3 || p.VicePresidents != 6 || p.Presidents != 1 {
		t.Fatalf("defaults %+v", p)
	}
	t.Setenv("CPCA_PROMOTION_QUORUM", " 3 / 4 ")
	t.Setenv("CPCA_PROMOTION_MIN_YEARS", "3")
	if c, err = Load(); err != nil || c.Promotion.QuorumNum != 3 || c.Promotion.QuorumDen != 4 || c.Promotion.MinYears != 3 {
		t.Fatalf("3/4 and 3 years: %+v %v", c.Promotion, err)
	}
	for name, bad := range map[string]string{"CPCA_PROMOTION_QUORUM": "0.66", "CPCA_PROMOTION_MAJORITY": "3/2",
		"CPCA_PROMOTION_COUNCIL_SHARE": "0/3", "CPCA_PROMOTION_MIN_YEARS": "-1", "CPCA_PROMOTION_PRESIDENTS": "x"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, bad)
			if _, err := Load(); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: %v", name, bad, err)
			}
		})
	}
}
