package i18n

// enA11y holds the words only screen readers hear: the names of the scrollable table regions
// (each table's wrapper is a focusable region so keyboard users can scroll it).
var enA11y = map[string]string{
	"表格，可左右滚动": "Table (scrolls sideways)",
}
