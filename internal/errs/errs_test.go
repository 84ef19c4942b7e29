package errs

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestKindsSurviveWrapping(t *testing.T) {
	base := New(NotFound, "申请不存在")
	wrapped := fmt.Errorf("load: %w", base)
	if !errors.Is(wrapped, NotFound) || errors.Is(wrapped, Conflict) {
		t.Fatal("kind lost in wrapping")
	}
	if KindOf(wrapped) != NotFound || KindOf(errors.New("x")) != nil {
		t.Fatal("KindOf")
	}
	m, ok := MessageOf(wrapped)
	if !ok || m.Key != "申请不存在" {
		t.Fatalf("message %v %v", m, ok)
	}
}

func TestMessageTranslatesArguments(t *testing.T) {
	m := M("当前缴费状态为「%s」，不能%s。", "待确认", "上传缴费凭证")
	if got := m.In("zh"); got != "当前缴费状态为「待确认」，不能上传缴费凭证。" {
		t.Fatal(got)
	}
}

func TestMessageSurvivesJSON(t *testing.T) {
	b, _ := json.Marshal(M("已生成 %d 年度会费账单 %d 条（已有的不会重复生成）。", 2039, 0))
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if got := m.In("zh"); got != "已生成 2039 年度会费账单 0 条（已有的不会重复生成）。" {
		t.Fatal(got)
	}
}
