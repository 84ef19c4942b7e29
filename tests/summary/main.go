// Command summary reads `go test -json` on stdin and prints what a person wants from a test
// run: one line per package, the output of every failed test, and a closing line
// "tests: N passed, N failed, N skipped". It exits 1 when anything failed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() {
	outputs := map[string][]string{} // package/test -> output lines, kept until the test ends
	var passed, failed, skipped int
	pkgFailed := false
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // build errors and the like come as plain text
			pkgFailed = true
			continue
		}
		key := e.Package + "/" + e.Test
		switch e.Action {
		case "build-output":
			fmt.Print(e.Output) // compiler errors
		case "output":
			if e.Test != "" || strings.HasPrefix(e.Output, "FAIL") || strings.Contains(e.Output, "panic") {
				outputs[key] = append(outputs[key], e.Output)
			}
		case "pass", "fail", "skip":
			if e.Test == "" {
				switch e.Action {
				case "fail":
					pkgFailed = true
					fmt.Printf("FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
					fmt.Print(strings.Join(outputs[key], ""))
				case "pass":
					fmt.Printf("ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
				}
				delete(outputs, key)
				continue
			}
			switch e.Action {
			case "pass":
				passed++
			case "skip":
				skipped++
			case "fail":
				failed++
				fmt.Print(strings.Join(outputs[key], ""))
			}
			delete(outputs, key)
		}
	}
	fmt.Printf("tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 || pkgFailed {
		os.Exit(1)
	}
}
