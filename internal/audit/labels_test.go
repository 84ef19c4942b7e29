package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// notActions are strings of an action's shape in the code that are something else.
var notActions = map[string]bool{
	"company.name": true, "company.name_bigrams": true, // SQL columns
	"directory.search": true, // a rate limit bucket
}

// sourceActions reads every non-test Go file of internal/ and app/ and returns the action
// strings written there: the Action of every audit.Entry literal (a string, a variable
// assigned strings in the function, or "prefix." + f() with f's returned strings), and every
// string of an action's shape (area.verb) with a known area prefix, passed along to a helper
// that records it.
func sourceActions(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	prefixes := map[string]bool{}
	for _, a := range areas {
		prefixes[a.prefix] = true
	}
	shape := regexp.MustCompile(`^([a-z]+)\.[a-z_]+(\.[a-z_]+)*$`)
	found := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{"internal", "app"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			returns := returnedStrings(f)
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.BasicLit:
					if s, ok := str(x); ok {
						if m := shape.FindStringSubmatch(s); m != nil && prefixes[m[1]] && !notActions[s] {
							found[s] = fset.Position(x.Pos()).String()
						}
					}
				case *ast.FuncDecl:
					for _, a := range entryActions(x, returns) {
						found[a] = fset.Position(x.Pos()).String()
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

// entryActions are the Action values of the audit.Entry literals in fn.
func entryActions(fn *ast.FuncDecl, returns map[string][]string) []string {
	assigned := map[string][]string{} // variable → the strings assigned to it in fn
	ast.Inspect(fn, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if s, ok := str(as.Rhs[i]); ok {
						assigned[id.Name] = append(assigned[id.Name], s)
					}
				}
			}
		}
		return true
	})
	var out []string
	ast.Inspect(fn, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok || !isEntry(cl.Type) {
			return true
		}
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok || ident(kv.Key) != "Action" {
				continue
			}
			switch v := kv.Value.(type) {
			case *ast.BasicLit:
				if s, ok := str(v); ok {
					out = append(out, s)
				}
			case *ast.Ident:
				out = append(out, assigned[v.Name]...)
			case *ast.BinaryExpr:
				if p, ok := str(v.X); ok {
					if call, ok := v.Y.(*ast.CallExpr); ok {
						for _, r := range returns[ident(call.Fun)] {
							out = append(out, p+r)
						}
					}
				}
			}
		}
		return true
	})
	return out
}

func isEntry(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return ident(x.X) == "audit" && x.Sel.Name == "Entry"
	case *ast.Ident:
		return x.Name == "Entry"
	}
	return false
}

// returnedStrings maps each function of f to the string literals it returns.
func returnedStrings(f *ast.File) map[string][]string {
	out := map[string][]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
				if s, ok := str(r.Results[0]); ok {
					out[fn.Name.Name] = append(out[fn.Name.Name], s)
				}
			}
			return true
		})
	}
	return out
}

func ident(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func str(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// Every action string the code records has a label in words (审计日志 never shows a bare
// code), and every labelled action is one the code records (no label for a removed action).
func TestEveryActionLabelled(t *testing.T) {
	found := sourceActions(t)
	if len(found) < 80 {
		t.Fatalf("the scan found only %d actions: it no longer reads the code", len(found))
	}
	for a, where := range found {
		if _, ok := Labels[a]; !ok {
			t.Errorf("action %q (%s) has no label in internal/audit/labels.go", a, where)
		}
	}
	for a := range Labels {
		if _, ok := found[a]; !ok {
			t.Errorf("label for %q, an action the code never records", a)
		}
	}
	results := sourceResults(t)
	if len(results) < 3 {
		t.Fatalf("the scan found only %d results", len(results))
	}
	for _, r := range results {
		if _, ok := Results[r]; !ok {
			t.Errorf("result %q has no label", r)
		}
	}
}

// sourceResults are the Result strings written in internal/ and app/ (Result: "..."), and ok.
func sourceResults(t *testing.T) []string {
	t.Helper()
	re := regexp.MustCompile(`Result:\s*"([^"]+)"`)
	out := []string{"ok"}
	for _, dir := range []string{"internal", "app"} {
		err := filepath.WalkDir(filepath.Join("..", "..", dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			for _, m := range re.FindAllSubmatch(b, -1) {
				out = append(out, string(m[1]))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}
