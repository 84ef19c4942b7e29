package sms

// The template registry staff manage in 短信管理 (table sms_templates). A key without a row
// falls back to the built-in Templates, so a fresh installation sends what the code knows and
// staff only fill in the provider's codes once the gateway has approved the texts.

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Param is one parameter of a stored template: its name and longest value.
type Param struct {
	Name string `json:"name"`
	Max  int    `json:"max"`
}

// Row is one sms_templates row.
type Row struct {
	bun.BaseModel `bun:"table:sms_templates"`
	Key           string    `bun:"key,pk"`
	Code          string    `bun:"code"`
	Kind          string    `bun:"kind"`
	SignName      string    `bun:"sign_name"`
	Params        []Param   `bun:"params,type:jsonb"`
	Body          string    `bun:"body"`
	Enabled       bool      `bun:"enabled"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
	UpdatedBy     int64     `bun:"updated_by,nullzero"`
}

// template turns a row into the Template the senders use.
func (r Row) template() Template {
	t := Template{Key: r.Key, Code: r.Code, Kind: r.Kind, Text: r.Body, Sign: r.SignName, Enabled: r.Enabled,
		Stored: true, Max: map[string]int{}}
	for _, p := range r.Params {
		t.Params = append(t.Params, p.Name)
		t.Max[p.Name] = p.Max
	}
	return t
}

// Resolve returns the template of key: its row, or the built-in entry. A disabled template
// or an unknown key is ErrUnknownTemplate.
func Resolve(ctx context.Context, db bun.IDB, key string) (Template, error) {
	t, err := find(ctx, db, key)
	if err != nil {
		return t, err
	}
	if !t.Enabled {
		return t, ErrUnknownTemplate(key)
	}
	return t, nil
}

// find is Resolve without the enabled check (短信管理 shows disabled ones).
func find(ctx context.Context, db bun.IDB, key string) (Template, error) {
	r := new(Row)
	err := db.NewSelect().Model(r).Where("key = ?", key).Scan(ctx)
	if err == nil {
		return r.template(), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Template{}, err
	}
	if t, ok := Templates[key]; ok {
		return t, nil
	}
	return Template{}, ErrUnknownTemplate(key)
}

// Find returns the template of key whether enabled or not, for the edit form.
func Find(ctx context.Context, db bun.IDB, key string) (Template, error) { return find(ctx, db, key) }

// Registry returns every template, stored ones over built-in ones, ordered by key.
func Registry(ctx context.Context, db bun.IDB) ([]Template, error) {
	var rows []Row
	if err := db.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, err
	}
	byKey := map[string]Template{}
	for k, t := range Templates {
		if k != LegacyText {
			byKey[k] = t
		}
	}
	for _, r := range rows {
		byKey[r.Key] = r.template()
	}
	out := make([]Template, 0, len(byKey))
	for _, t := range byKey {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// RegistryMap is Registry by key, plus the legacy template (to render old rows).
func RegistryMap(ctx context.Context, db bun.IDB) (map[string]Template, error) {
	ts, err := Registry(ctx, db)
	if err != nil {
		return nil, err
	}
	m := map[string]Template{LegacyText: Templates[LegacyText]}
	for _, t := range ts {
		m[t.Key] = t
	}
	return m, nil
}

// Form is a template as staff type it in 短信管理. Params is one parameter per line or comma,
// "name:max" (max optional).
type Form struct {
	Key, Code, Kind, SignName, Params, Body string
	Enabled                                 bool
}

var (
	keyRe   = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
	paramRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,19}$`)
	placeRe = regexp.MustCompile(`\$\{([^}]*)\}`)
)

// FormOf is the form of template t.
func FormOf(t Template) Form {
	ps := make([]string, len(t.Params))
	for i, p := range t.Params {
		ps[i] = p + ":" + strconv.Itoa(t.MaxOf(p))
	}
	return Form{Key: t.Key, Code: t.Code, Kind: t.Kind, SignName: t.Sign, Params: strings.Join(ps, ", "), Body: t.Text, Enabled: t.Enabled}
}

// Check validates the form and returns the row and the errors by field (key, code, kind,
// sign_name, params, body): placeholders and parameters must match one to one, a 推广 text
// must end with 拒收请回复R.
func (f *Form) Check() (Row, map[string]error) {
	out := map[string]error{}
	f.Key, f.Code, f.SignName, f.Body = strings.TrimSpace(f.Key), strings.TrimSpace(f.Code), strings.TrimSpace(f.SignName), strings.TrimSpace(f.Body)
	r := Row{Key: f.Key, Code: f.Code, Kind: f.Kind, SignName: f.SignName, Body: f.Body, Enabled: f.Enabled, Params: []Param{}}
	if !keyRe.MatchString(f.Key) || f.Key == LegacyText {
		out["key"] = errs.New(errs.Invalid, "模板键只能用小写字母、数字和下划线（2–40个字符，字母开头）")
	}
	if utf8.RuneCountInString(f.Code) > 40 {
		out["code"] = errs.New(errs.Invalid, "模板编号最多40个字符")
	}
	if f.Kind != KindCode && f.Kind != KindNotice && f.Kind != KindMarketing {
		out["kind"] = errs.New(errs.Invalid, "请选择模板类型")
	}
	if utf8.RuneCountInString(f.SignName) > 12 {
		out["sign_name"] = errs.New(errs.Invalid, "签名最多12个字")
	}
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(f.Params, func(r rune) bool { return r == ',' || r == '\n' || r == '，' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, max, _ := strings.Cut(part, ":")
		p := Param{Name: strings.TrimSpace(name), Max: DefaultMax}
		if max != "" {
			n, err := strconv.Atoi(strings.TrimSpace(max))
			if err != nil || n < 1 || n > 500 {
				out["params"] = errs.New(errs.Invalid, "参数“%s”的长度上限应为1–500", p.Name)
				continue
			}
			p.Max = n
		}
		if !paramRe.MatchString(p.Name) || seen[p.Name] {
			out["params"] = errs.New(errs.Invalid, "参数名“%s”无效或重复", p.Name)
			continue
		}
		seen[p.Name] = true
		r.Params = append(r.Params, p)
	}
	switch {
	case f.Body == "" || utf8.RuneCountInString(f.Body) > 500:
		out["body"] = errs.New(errs.Invalid, "请填写模板内容（最多500字）")
	case f.Kind == KindMarketing && !strings.HasSuffix(f.Body, OptOut):
		out["body"] = ErrNoOptOut
	}
	if out["body"] == nil && out["params"] == nil {
		used := map[string]bool{}
		for _, m := range placeRe.FindAllStringSubmatch(f.Body, -1) {
			used[m[1]] = true
			if !seen[m[1]] {
				out["params"] = errs.New(errs.Invalid, "模板内容中的${%s}不在参数列表中", m[1])
			}
		}
		for _, p := range r.Params {
			if !used[p.Name] {
				out["params"] = errs.New(errs.Invalid, "参数“%s”没有出现在模板内容中", p.Name)
			}
		}
	}
	return r, out
}

// Save writes a template row (new or edited, the built-in entry of the key then no longer
// applies) and the audit entry.
func Save(ctx context.Context, db bun.IDB, f Form, by audit.Actor) error {
	r, bad := f.Check()
	for _, k := range []string{"key", "code", "kind", "sign_name", "params", "body"} {
		if bad[k] != nil {
			return bad[k]
		}
	}
	r.UpdatedBy, r.UpdatedAt = by.ID, time.Now()
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&r).On("CONFLICT (key) DO UPDATE").
			Set("code = EXCLUDED.code, kind = EXCLUDED.kind, sign_name = EXCLUDED.sign_name, params = EXCLUDED.params").
			Set("body = EXCLUDED.body, enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by").
			Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "sms.template.save", ObjectType: "sms_template", ObjectID: r.Key,
			Detail: audit.Cut(r.Kind+" "+r.Code+" "+r.Body, 200)})
	})
}

// Seed writes the built-in templates as rows where none exist yet (demo data, or a deployment
// that wants every template editable), with codes from codes by key.
func Seed(ctx context.Context, db bun.IDB, codes map[string]string) error {
	for k, t := range Templates {
		if k == LegacyText {
			continue
		}
		r := Row{Key: k, Code: t.Code, Kind: t.Kind, SignName: t.Sign, Body: t.Text, Enabled: t.Enabled, Params: []Param{}}
		if c, ok := codes[k]; ok {
			r.Code, r.Enabled = c, true
		}
		for _, p := range t.Params {
			r.Params = append(r.Params, Param{Name: p, Max: t.MaxOf(p)})
		}
		if _, err := db.NewInsert().Model(&r).On("CONFLICT (key) DO NOTHING").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
