package browserenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-rod/rod/lib/proto"
)

// AxeScript is axe-core from npm (package.json devDependencies, pinned), seen from a test
// package in tests/<name>/.
var AxeScript = filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js")

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// CheckAxe runs axe-core on the page as it is now and fails the test (not the journey: the
// other pages are still checked) on every serious or critical violation, naming the rule
// and the elements. The script goes in through CDP's Runtime.evaluate, which the page's
// strict CSP does not govern, so no CSP exception is needed for the test.
func (tb *Tab) CheckAxe() {
	tb.t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(AxeScript)
		axeSrc, axeErr = string(b), err
	})
	if axeErr != nil {
		tb.t.Fatalf("axe-core is missing (npm install in the repository root): %v", axeErr)
	}
	p := tb.p.Timeout(StepTimeout)
	if !tb.EvalBool(`() => typeof window.axe !== 'undefined'`) {
		res, err := proto.RuntimeEvaluate{Expression: axeSrc}.Call(p)
		if err == nil && res.ExceptionDetails != nil {
			err = fmt.Errorf("%s", res.ExceptionDetails.Text)
		}
		if err != nil {
			tb.Fail("inject axe-core: %v", err)
		}
	}
	r, err := p.Eval(`async () => {
		const res = await axe.run(document, {resultTypes: ['violations']});
		return res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\n').slice(1, 2).join(''))}));
	}`)
	if err != nil {
		tb.Fail("axe.run: %v", err)
	}
	var vs []struct {
		ID      string   `json:"id"`
		Impact  string   `json:"impact"`
		Help    string   `json:"help"`
		Targets []string `json:"targets"`
	}
	if err := r.Value.Unmarshal(&vs); err != nil {
		tb.Fail("axe results: %v", err)
	}
	if len(vs) == 0 {
		return
	}
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    "))
	}
	tb.t.Errorf("%s at %s: axe-core found serious or critical violations:%s", tb.who, tb.URL(), b.String())
}
