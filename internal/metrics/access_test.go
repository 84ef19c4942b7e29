package metrics

import "testing"

func TestAllowed(t *testing.T) {
	const tok = "0123456789abcdef-token"
	for _, c := range []struct {
		ip, auth, token string
		want            bool
	}{
		{"127.0.0.1", "", "", true},
		{"::1", "", "", true},
		{"127.8.0.1", "", tok, true},
		{"10.0.0.5", "", "", false},
		{"10.0.0.5", "Bearer " + tok, "", false}, // no token configured: remote never
		{"10.0.0.5", "Bearer " + tok, tok, true},
		{"10.0.0.5", "Bearer wrong", tok, false},
		{"10.0.0.5", tok, tok, false}, // not a bearer header
		{"", "", tok, false},
	} {
		if got := Allowed(c.ip, c.auth, c.token); got != c.want {
			t.Errorf("Allowed(%q, %q, %q) = %v, want %v", c.ip, c.auth, c.token, got, c.want)
		}
	}
}
