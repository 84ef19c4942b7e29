package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
)

// A JSON line logged with a request's context carries its id; one without carries none.
func TestJSONWithRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := New("json", &buf, slog.LevelInfo).With("component", "x")
	log.InfoContext(WithRequestID(context.Background(), "abc123"), "hello", "n", 1)
	log.Info("no request")
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d lines: %s", len(lines), buf.String())
	}
	var first, second map[string]any
	if err := json.Unmarshal(lines[0], &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(lines[1], &second); err != nil {
		t.Fatal(err)
	}
	if first["rid"] != "abc123" || first["msg"] != "hello" || first["component"] != "x" {
		t.Errorf("first line: %v", first)
	}
	if _, ok := second["rid"]; ok {
		t.Errorf("a line outside a request has a rid: %v", second)
	}
}
