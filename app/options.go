package app

import (
	"fmt"
	"sync"

	"cpca/internal/i18n"
)

// Option is one <option> of a filter's select, its label already in the page's language.
type Option struct {
	Value, Label string
	Selected     bool
}

var optionSets sync.Map // list + label + language → []Option

// options is the template function behind every select of fixed choices:
//
//	{{range options $ "duesStatuses" "duesStatus" $d.Status}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>{{end}}
//
// list and label name template functions (the choices, and the Chinese label of one); the
// options are translated once per language and only the selected one is marked per render,
// so an option costs two escapes instead of five reflective calls. binding is what the
// template renders ($), whose language the labels take.
func options(binding any, list, label string, selected any) ([]Option, error) {
	lang := langOf(binding)
	key := list + "\x00" + label + "\x00" + lang
	set, ok := optionSets.Load(key)
	if !ok {
		fm := funcs()
		values, ok1 := fm[list].(func() []string)
		name, ok2 := fm[label].(func(string) string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("options: %q is not a list of choices or %q not a label", list, label)
		}
		var out []Option
		for _, v := range values() {
			out = append(out, Option{Value: v, Label: i18n.T(lang, name(v))})
		}
		set, _ = optionSets.LoadOrStore(key, out)
	}
	src := set.([]Option)
	sel := fmt.Sprint(selected)
	out := make([]Option, len(src))
	for i, o := range src {
		o.Selected = o.Value == sel
		out[i] = o
	}
	return out, nil
}
