package rules

import (
	"slices"
	"testing"
)

func TestSessionsASPNETCoreChunks(t *testing.T) {
	tests := []struct {
		name, cookie string
		value        string
		chunks       []int
		complete     bool
	}{
		{"count cookie and every chunk", ".AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC2=def; .AspNetCore.CookiesC1=abc",
			"abcdef", []int{1, 2}, true},
		{"a chunk missing", ".AspNetCore.Cookies=chunks-3; .AspNetCore.CookiesC1=abc; .AspNetCore.CookiesC3=ghi",
			"abcghi", []int{1, 3}, false},
		{"chunks without the count cookie", ".AspNetCore.CookiesC1=abc; .AspNetCore.CookiesC2=def",
			"abcdef", []int{1, 2}, false},
		{"unchunked ticket", ".AspNetCore.Cookies=CfDJ8Ab3ticket", "CfDJ8Ab3ticket", nil, true},
		{"count cookie alone", ".AspNetCore.Cookies=chunks-2", "chunks-2", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testExchange(t, testEntry{url: "https://app.example.com/", cookie: tt.cookie}).Sessions()
			if len(s) != 1 {
				t.Fatalf("Sessions() = %+v, want one", s)
			}
			if s[0].Name != ".AspNetCore.Cookies" || s[0].Value != tt.value || !slices.Equal(s[0].Chunks, tt.chunks) || s[0].Complete() != tt.complete {
				t.Errorf("got %q=%q chunks %v complete %v; want value %q chunks %v complete %v",
					s[0].Name, s[0].Value, s[0].Chunks, s[0].Complete(), tt.value, tt.chunks, tt.complete)
			}
		})
	}
}

func TestSessionCookieMissing(t *testing.T) {
	tests := []struct {
		s    SessionCookie
		want int
	}{
		{SessionCookie{Chunks: []int{0, 2}}, 1},
		{SessionCookie{Chunks: []int{1, 2}}, 0},
		{SessionCookie{Chunks: []int{0, 1}}, 2},
		{SessionCookie{Chunks: []int{1, 3}, Count: 3}, 2},
		{SessionCookie{Chunks: []int{2}, Count: 2}, 1},
		{SessionCookie{Chunks: []int{1, 2}, Count: 3}, 3},
	}
	for _, tt := range tests {
		if got := tt.s.Missing(); got != tt.want {
			t.Errorf("%+v.Missing() = %d, want %d", tt.s, got, tt.want)
		}
	}
}
