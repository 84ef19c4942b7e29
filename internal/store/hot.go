package store

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Read runs a read that pages run on every request (the unread badge, 会员缴费, 待办事项) as
// a parameterised statement: the text with $1, $2 … and the values beside it, through the
// pgx pool bun sits on, so the statement is the same whatever the values: prepared once per
// connection, kept in the driver's statement cache and planned once by PostgreSQL. bun's
// builder writes the values into the text instead, which makes every member's statement new
// to PostgreSQL. The rows are scanned by bun into dest (a model, a slice of them, scalars).
//
// query uses bun's positional placeholders (?0, ?1 …, or bare ? in order), so the same
// constant also runs through bun: in a transaction, where Read hands it to bun.
//
// As with bun, a slice gets every row (none is no error) and anything else the first row or
// sql.ErrNoRows. Not for queries that use the jsonb ? operator.
func Read(ctx context.Context, db bun.IDB, dest any, query string, args ...any) error {
	d, ok := db.(*bun.DB)
	if !ok {
		return db.NewRaw(query, bunArgs(args)...).Scan(ctx, dest)
	}
	rows, err := d.DB.QueryContext(ctx, Dollar(query), append([]any{Prepared}, args...)...)
	if err != nil {
		return err
	}
	return scan(ctx, d, rows, dest)
}

// bunArgs passes slices (other than []byte) as PostgreSQL arrays, as pgx does: bun writes a
// bare slice as a JSON-like list.
func bunArgs(args []any) []any {
	out := args
	for i, a := range args {
		if v := reflect.ValueOf(a); v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
			if &out[0] == &args[0] {
				out = append([]any(nil), args...)
			}
			out[i] = pgdialect.Array(a)
		}
	}
	return out
}

// Prepared, as the first argument of a statement sent through the pool (database/sql passes
// it on to pgx), makes pgx prepare the statement once per connection and keep it in its
// cache. The pool's default is one round trip without preparing (internal/db), which suits
// bun's statements: their values are in the text, so preparing them would only fill the cache
// with statements never run again.
const Prepared = pgx.QueryExecModeCacheStatement

var dollars sync.Map // query → its $n form

// Dollar rewrites bun's placeholders (?0 … or bare ? in order) into PostgreSQL's $1 …,
// remembering each query's rewrite.
func Dollar(q string) string {
	if v, ok := dollars.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		n := next
		if j > i+1 {
			n, _ = strconv.Atoi(q[i+1 : j])
		} else {
			next++
		}
		b.WriteString("$" + strconv.Itoa(n+1))
		i = j - 1
	}
	out := b.String()
	dollars.Store(q, out)
	return out
}

var columnLists sync.Map // reflect.Type → "t.a, t.b …"

// Columns is the select list of model's table columns (not its scan-only fields or
// relations), each prefixed with alias: what a hand-written statement for store.Read selects
// instead of *, which would bring columns the model does not know.
func Columns(db bun.IDB, model any, alias string) string {
	t := reflect.TypeOf(model)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	key := t.String() + "\x00" + alias
	if v, ok := columnLists.Load(key); ok {
		return v.(string)
	}
	var cols []string
	for _, f := range db.Dialect().Tables().Get(t).Fields {
		cols = append(cols, alias+"."+string(f.SQLName))
	}
	s := strings.Join(cols, ", ")
	columnLists.Store(key, s)
	return s
}
