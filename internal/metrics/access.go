package metrics

import (
	"crypto/subtle"
	"net"
	"strings"
)

// Allowed decides who may read /metrics: a scraper on the same machine (loopback), or one
// that sends "Authorization: Bearer <CPCA_METRICS_TOKEN>" when a token is configured. The
// numbers name no person, but they show load and failures an outsider has no business with.
func Allowed(remoteIP, authorization, token string) bool {
	if ip := net.ParseIP(remoteIP); ip != nil && ip.IsLoopback() {
		return true
	}
	if token == "" {
		return false
	}
	got, ok := strings.CutPrefix(authorization, "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) == 1
}
