// Package vnu runs the Nu Html Checker (vnu-jar from npm, pinned in package.json
// devDependencies) over HTML documents in a test: the browser walk checks the pages the
// server sent, app/render_test.go every page template rendered with sample data.
package vnu

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// jarPath is where npm puts the checker, below the repository root. It needs Java
// (default-jre-headless in .ci/deps).
var jarPath = filepath.Join("node_modules", "vnu-jar", "build", "dist", "vnu.jar")

// findJar looks for jarPath in the working directory and its parents (a test runs in its
// package's directory, one or two levels below the root).
func findJar() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for i := 0; i < 4; i++ {
		if _, err := os.Stat(filepath.Join(dir, jarPath)); err == nil {
			return filepath.Join(dir, jarPath), true
		}
		dir = filepath.Dir(dir)
	}
	return "", false
}

// Check runs the Nu Html Checker once over pages (a name such as "/admin/audit" → the
// HTML the server sent) and fails the test on every error, naming the page, line and message.
// Without Java or the jar it skips, saying which is missing.
func Check(t *testing.T, pages map[string]string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("HTML validation skipped: no java on PATH (apt-get install -y default-jre-headless, or .ci/deps)")
	}
	jar, ok := findJar()
	if !ok {
		t.Skipf("HTML validation skipped: no %s (npm install in the repository root)", jarPath)
	}
	dir := t.TempDir()
	names := map[string]string{}
	var files []string
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		f := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		if err := os.WriteFile(f, []byte(pages[k]), 0o644); err != nil {
			t.Fatal(err)
		}
		names["file:"+f] = k
		files = append(files, f)
	}
	// htmx's hx-* attributes are its documented markup; the checker knows only data-*. They
	// are the one error filtered out.
	args := append([]string{"-Xss8m", "-jar", jar, "--errors-only", "--format", "json",
		"--filterpattern", `Attribute “hx-[a-z-]+” not allowed on element .*`}, files...)
	out, _ := exec.Command(java, args...).CombinedOutput() // exit status 1 when it found errors
	i := strings.Index(string(out), "{")
	if i < 0 {
		t.Fatalf("vnu said no JSON: %s", out)
	}
	var rep struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int `json:"lastLine"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out[i:], &rep); err != nil {
		t.Fatalf("vnu output: %v\n%s", err, out)
	}
	var errs []string
	for _, m := range rep.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		page := names[m.URL]
		if page == "" {
			page = m.URL
		}
		errs = append(errs, fmt.Sprintf("%s line %d: %s\n      %s", page, m.LastLine, m.Message, strings.TrimSpace(m.Extract)))
	}
	if len(errs) > 0 {
		t.Errorf("the Nu Html Checker found %d errors in %d pages:\n  %s", len(errs), len(pages), strings.Join(errs, "\n  "))
	}
}
