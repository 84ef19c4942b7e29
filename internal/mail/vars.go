package mail

import (
	"strings"

	"cpca/internal/errs"
)

// Expand replaces each {{名称}} in s with vars[名称]. It is plain substitution, not
// text/template: what staff type cannot call functions or reach data beyond the variables
// offered, and a value is inserted as it is (the mails are plain text). An unknown variable
// or an unclosed {{ is an error naming it, shown next to the field.
func Expand(s string, vars map[string]string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		rest := s[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 {
			return "", errs.New(errs.Invalid, "变量未闭合：%s", cutVar(s[i:]))
		}
		name := strings.TrimSpace(rest[:j])
		v, ok := vars[name]
		if !ok {
			return "", errs.New(errs.Invalid, "未知变量 {{%s}}", name)
		}
		b.WriteString(v)
		s = rest[j+2:]
	}
}

func cutVar(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}
