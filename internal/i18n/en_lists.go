package i18n

// enLists is the English of the list tools: the pager (page numbers, size, jump) and the
// sortable headers.
var enLists = map[string]string{
	"分页": "Pagination",
	"每页": "Per page",
	"到第": "Go to page",
	"页":  "",
	"跳转": "Go",
}
