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

// enFees is the English of the 会费标准 changes (a level saved alone, a free level) and the
// approval warning when the year has no fee for the member's level.
var enFees = map[string]string{
	"可以只填写部分级别；留空的级别保持不变。免费级别填 0，其会费账单直接记为免缴。":                     "You may fill in some levels only; a blank level stays as it was. Enter 0 for a free level: its dues are recorded as waived at once.",
	"请至少填写一个级别的会费（免费级别填 0）。":                                       "Enter the fee of at least one level (0 for a free level).",
	"%d 年度尚未设置“%s”级别的会费标准，未生成该会员的会费账单：请先在会费标准中设置，再在会员缴费管理中生成年度会费。": "The %d fee schedule has no fee for the level “%s”, so no dues were created for this member: set it in Fee schedule, then generate the year's dues in Dues management.",
	"免费级别": "Free level",
}
