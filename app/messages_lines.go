package app

import (
	"cpca/internal/i18n"
	"cpca/internal/notice"
)

// messageLine is one row of 站内信息 (partials/message_row) as the list shows it, built like
// 入会审核's (reviewLine): labels translated and the time written here, so a row renders with
// field reads only, instead of a dict and three translation calls per row (issue 10).
type messageLine struct {
	ID                                  int64
	Title, At                           string
	Read, Important                     bool
	ReadLabel, ImportantLabel, MarkRead string // ReadLabel: 已读 or 未读
	CSRF                                string // for the 标记已读 form
}

// messageLineOf is n's row in lang.
func messageLineOf(n *notice.Notice, lang, csrf string) messageLine {
	l := messageLine{ID: n.ID, Title: n.Title, At: localTime(n.CreatedAt), Read: n.Read, Important: n.Important,
		ReadLabel: i18n.T(lang, "未读"), CSRF: csrf}
	if n.Read {
		l.ReadLabel = i18n.T(lang, "已读")
	} else {
		l.MarkRead = i18n.T(lang, "标记已读")
	}
	if n.Important {
		l.ImportantLabel = i18n.T(lang, "重要")
	}
	return l
}

// Lines is the page's rows in lang, their forms carrying csrf.
func (v messagesPage) Lines(lang, csrf string) []messageLine {
	out := make([]messageLine, len(v.Notices))
	for i := range v.Notices {
		out[i] = messageLineOf(&v.Notices[i], lang, csrf)
	}
	return out
}
