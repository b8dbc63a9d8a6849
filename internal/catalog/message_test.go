package catalog

import (
	"reflect"
	"testing"
)

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		in   string
		want []Part
	}{
		{"plain", []Part{{"plain", false}}},
		{"or {count} records: {record_id}", []Part{{"or ", false}, {"count", true}, {" records: ", false}, {"record_id", true}}},
		{`{"errorCode":"X"} {field}`, []Part{{`{"errorCode":"X"} `, false}, {"field", true}}},
		{"{Upper} {a1} {1a} {}", []Part{{"{Upper} ", false}, {"a1", true}, {" {1a} {}", false}}},
		{"unclosed {brace", []Part{{"unclosed {brace", false}}},
		{"{{x}}", []Part{{"{", false}, {"x", true}, {"}", false}}},
	}
	for _, tt := range tests {
		if got := SplitMessage(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitMessage(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if got := MessageLiteral("a {count} b"); got != "a   b" {
		t.Errorf("MessageLiteral = %q", got)
	}
}
