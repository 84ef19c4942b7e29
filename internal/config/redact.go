package config

import (
	"errors"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// userinfo finds the password of a URL that url.Parse may refuse (a typo elsewhere in it):
// scheme://user:PASSWORD@ — the password runs to the last @ before the host.
var userinfo = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://[^/?#:@]*:(.*)@[^@]*$`)

// passwordOf returns the userinfo password of raw, or "".
func passwordOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			return p
		}
	}
	if m := userinfo.FindStringSubmatch(raw); m != nil {
		return m[1]
	}
	return ""
}

// redactError replaces every CPCA_* variable's URL password in err's message by xxxxx, in
// the forms a message can carry it: as typed, quoted by %q, and URL-escaped.
func redactError(err error) error {
	msg := err.Error()
	for _, kv := range os.Environ() {
		name, v, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "CPCA_") {
			continue
		}
		p := passwordOf(strings.TrimSpace(v))
		if p == "" {
			continue
		}
		quoted := strconv.Quote(p)
		for _, form := range []string{p, quoted[1 : len(quoted)-1], url.QueryEscape(p), url.PathEscape(p)} {
			if form != "" {
				msg = strings.ReplaceAll(msg, form, "xxxxx")
			}
		}
	}
	return errors.New(msg)
}
