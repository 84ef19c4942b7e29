package app

import (
	"strings"
	"testing"

	"cpca/internal/audit"
	"cpca/internal/i18n"
)

// auditSample is the audit page as the handler builds it, for the render and i18n tests.
func auditSample(es []audit.Entry, lang string) auditPage {
	v := auditPage{Rows: auditRows(es, lang), Next: 1, Query: "action=login"}
	v.Action = "login"
	for _, a := range audit.Areas() {
		g := auditGroup{Name: auditT(lang, a.Name)}
		for _, code := range a.Actions {
			g.Options = append(g.Options, auditOption{Code: code, Label: auditT(lang, audit.Label(code))})
		}
		v.Groups = append(v.Groups, g)
	}
	return v
}

// Every action and result label and every area has an English name (through the "audit"
// context or a plain entry), and the filter lists every labelled action once.
func TestAuditLabelsInEnglish(t *testing.T) {
	names := map[string]bool{}
	for _, a := range audit.Areas() {
		names[a.Name] = true
		for _, code := range a.Actions {
			names[audit.Label(code)] = true
		}
	}
	for _, r := range audit.Results {
		names[r] = true
	}
	for n := range names {
		if en := auditT("en", n); en == n || !isASCIIish(en) {
			t.Errorf("%q has no English (%q)", n, en)
		}
	}
	listed := 0
	for _, a := range audit.Areas() {
		listed += len(a.Actions)
	}
	if listed != len(audit.Labels) {
		t.Errorf("the filter lists %d actions, there are %d labels: an action prefix without an area", listed, len(audit.Labels))
	}
	if i18n.T("en", "审计日志") == "审计日志" {
		t.Error("the page title is untranslated")
	}
}

func isASCIIish(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r > 0x2000 })
}

// The filter keeps only a labelled action, a trimmed user and valid dates.
func TestAuditQueryClean(t *testing.T) {
	q := auditQuery{Action: "drop table", User: "  admin ", From: "2026-02-30", To: "2026-03-01"}
	q.Clean()
	if q.Action != "" || q.User != "admin" || q.From != "" || q.To != "2026-03-01" {
		t.Errorf("%+v", q)
	}
	q = auditQuery{Action: "dues.confirm"}
	q.Clean()
	if q.Action != "dues.confirm" {
		t.Errorf("a labelled action dropped: %+v", q)
	}
}
