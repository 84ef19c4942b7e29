package app

import (
	"cpca/internal/company"
	"cpca/internal/directory"
	"cpca/internal/membership"
)

// directoryEntries are 通讯录 entries in Latin letters: one with everything, one withheld.
func directoryEntries() []directory.Entry {
	full := directory.Entry{ID: 1, Name: "Acme PCB", Province: membership.Provinces[0], City: "Shenzhen", Category: membership.Categories[0],
		Level: company.LevelCouncil, BrochureID: "f1", Address: "1 Road", Website: "acme.example", Products: "HDI", Intro: "Boards",
		Contacts: []directory.Contact{{Name: "Li", Title: "CEO", Department: "Sales", ID: 3, Mobile: "138****5678", Masked: true, Revealable: true, Email: "li@acme.example"}},
		Withheld: []string{directory.FieldMobile}}
	bare := directory.Entry{ID: 2, Name: "Beta", Province: membership.Provinces[1], Category: membership.Categories[1], Level: company.LevelMember,
		Withheld: directory.Fields}
	return []directory.Entry{full, bare}
}

// directorySamples are the 通讯录 pages.
func directorySamples() map[string][]any {
	pager := newPager("/x", nil, 1, 20, 2)
	defs := map[string]directory.Default{}
	for _, f := range directory.Fields {
		defs[f] = directory.Default{Field: f, Audience: directory.Members, Locked: f == directory.FieldEmail}
	}
	es := directoryEntries()
	settings := directorySettingsPage{Own: &directory.Settings{Hidden: true, BrochureID: "f1", Fields: map[string]string{directory.FieldAddress: directory.Council}},
		Defaults: defs, Preview: []previewEntry{{Audience: directory.Members, Entry: es[1]}, {Audience: directory.Staff, Entry: es[0]}}}
	return map[string][]any{
		"pages/directory":          {directoryPage{Rows: es, Pager: pager}, directoryPage{Pager: pager, Query: "q=x"}},
		"partials/directory_table": {directoryPage{Rows: es, Pager: pager}},
		"pages/directory_settings": {settings},
		"pages/admin_directory":    {adminDirectoryPage{Defaults: defs}},
	}
}

// directoryDirect is the entry partial, for page p.
func directoryDirect(p *Page) map[string][]any {
	es := directoryEntries()
	return map[string][]any{"partials/directory_entry": {dict("T", p, "E", es[0]), dict("T", p, "E", es[1])}}
}
