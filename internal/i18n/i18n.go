// Package i18n translates the UI. Chinese is the source language: a string is its own key,
// and en maps it to English. A string without an English entry stays Chinese.
//
// The English strings are kept in groups, one file each: en_nav.go (brand, menu, page titles,
// common words), en_pages.go (text of the pages), en_forms.go (form labels, hints and
// validation messages), en_data.go (status labels, levels and choice lists) and
// en_messages.go (flashes and error pages), en_errors.go (messages carried by errors),
// en_staff.go (staff departments, file access). A key belongs to one group only.
package i18n

import "fmt"

// T returns s in lang ("zh" or "en").
func T(lang, s string) string {
	if lang == "en" {
		if e, ok := en[s]; ok {
			return e
		}
	}
	return s
}

// TC is T for a word that needs another English word in another place: the English is
// looked up under ctx+"\x04"+s first (as in gettext), then under s. The Chinese is s.
func TC(lang, ctx, s string) string {
	if lang == "en" {
		if e, ok := en[ctx+"\x04"+s]; ok {
			return e
		}
	}
	return T(lang, s)
}

// Tf formats a translated format: the English format has the same verbs as the Chinese.
func Tf(lang, format string, args ...any) string { return fmt.Sprintf(T(lang, format), args...) }

// Langs are the choices of 个人设置.
var Langs = []struct{ Code, Label string }{{"zh", "简体中文"}, {"en", "English"}}

var en = merge(enNav, enPages, enForms, enData, enMessages, enErrors, enStaff, enFeedback, enBroadcast, enCompany, enPromotion, enEvents, enMembers, enProjects, enDirectory, enSMS, enDashboard, enAudit, enCampaign, enPapers, enEventFees, enImports, enUI, enA11y, enLists, enFees)

// merge joins the groups; a key in two groups is a mistake.
func merge(groups ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, g := range groups {
		for k, v := range g {
			if _, dup := out[k]; dup {
				panic("i18n: " + k + " is in two groups")
			}
			out[k] = v
		}
	}
	return out
}

// Has reports whether s has an English translation (for tests).
func Has(s string) bool {
	_, ok := en[s]
	return ok
}

// Nf is Tf for a message that counts something: in English, n == 1 takes the singular form
// kept under "one\x04"+format when there is one ("1 result", not "1 results"). Chinese has
// no plural. n is not passed on: give it again among args where the format shows it.
func Nf(lang, format string, n int, args ...any) string {
	if lang == "en" && n == 1 {
		if e, ok := en["one\x04"+format]; ok {
			return fmt.Sprintf(e, args...)
		}
	}
	return Tf(lang, format, args...)
}
