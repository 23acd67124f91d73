package cookie

import (
	"reflect"
	"testing"
)

func TestParseCookieHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Pair
	}{
		{"empty", "", nil},
		{"one", "sid=abc", []Pair{{"sid", "abc"}}},
		{"browser form", "a=1; b=2; c=3", []Pair{{"a", "1"}, {"b", "2"}, {"c", "3"}}},
		{"missing spaces", "a=1;b=2", []Pair{{"a", "1"}, {"b", "2"}}},
		{"empty parts", ";; a=1 ;; ; b=2;", []Pair{{"a", "1"}, {"b", "2"}}},
		{"tabs and spaces", "\ta = 1 ;\tb=2\t", []Pair{{"a", "1"}, {"b", "2"}}},
		{"duplicates kept in order", "sid=new; sid=old", []Pair{{"sid", "new"}, {"sid", "old"}}},
		{"empty value", "a=; b=2", []Pair{{"a", ""}, {"b", "2"}}},
		{"nameless cookie", "token; a=1", []Pair{{"", "token"}, {"a", "1"}}},
		{"leading equals", "=token", []Pair{{"", "token"}}},
		{"equals only is dropped", "=; a=1", []Pair{{"a", "1"}}},
		{"value with equals", "NID=511=Guc", []Pair{{"NID", "511=Guc"}}},
		{"quoted value kept", `q="a b"; r=""`, []Pair{{"q", `"a b"`}, {"r", `""`}}},
		{"quote does not protect semicolon", `q="a;b"`, []Pair{{"q", `"a`}, {"", `b"`}}},
		{
			"chunked next-auth session",
			"__Secure-next-auth.session-token.0=eyJhbGci; __Secure-next-auth.session-token.1=ZGlyIn0",
			[]Pair{{"__Secure-next-auth.session-token.0", "eyJhbGci"}, {"__Secure-next-auth.session-token.1", "ZGlyIn0"}},
		},
		{
			// chrome-devtools-bbc-cookies.har style request header
			"analytics cookies",
			"s_cc=true; s_sq=%5B%5BB%5D%5D; s_vi=[CS]v1|2B3B[CE]",
			[]Pair{{"s_cc", "true"}, {"s_sq", "%5B%5BB%5D%5D"}, {"s_vi", "[CS]v1|2B3B[CE]"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCookieHeader(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCookieHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCookieHeaders(t *testing.T) {
	got := ParseCookieHeaders([]string{"a=1", "b=2; c=3", ""})
	want := []Pair{{"a", "1"}, {"b", "2"}, {"c", "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseCookieHeaders = %q, want %q", got, want)
	}
}

func TestSplitSetCookie(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"nil", nil, nil},
		{"one", []string{"a=1; Path=/"}, []string{"a=1; Path=/"}},
		{
			// firebug-1.6.2-zap-cookies-lf.har
			"lf joined",
			[]string{"visitorId=-19; Domain=.nextag.com; Expires=Thu, 16-Mar-2079 02:51:03 GMT; Path=/\nntad=@4|eNpj; Domain=.nextag.com; Path=/"},
			[]string{"visitorId=-19; Domain=.nextag.com; Expires=Thu, 16-Mar-2079 02:51:03 GMT; Path=/", "ntad=@4|eNpj; Domain=.nextag.com; Path=/"},
		},
		{
			"crlf joined, blank lines, several values",
			[]string{"a=1\r\n\r\nb=2\r\n", "c=3"},
			[]string{"a=1", "b=2", "c=3"},
		},
		{
			"commas are not separators",
			[]string{"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2"},
			[]string{"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2"},
		},
		{"empty value", []string{"", "  "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitSetCookie(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitSetCookie(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
