package probe

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

func TestParseCookies(t *testing.T) {
	future := now.Add(time.Hour).Unix()
	past := now.Add(-time.Hour).Unix()
	tests := []struct {
		name        string
		in          string
		want        []Cookie
		wantExpired []string
		wantErr     string
	}{
		{
			name: "curl cookie jar",
			in: "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n\n" +
				"#HttpOnly_app.example.com\tFALSE\t/\tTRUE\t0\t__Secure-next-auth.session-token\teyJhbGciOiJkaXIifQ..abc\n" +
				".example.com\tTRUE\t/api\tFALSE\t" + itoa64(future) + "\tappSession\tv1\n",
			want: []Cookie{
				{Name: "__Secure-next-auth.session-token", Value: "eyJhbGciOiJkaXIifQ..abc", Domain: "app.example.com", HostOnly: true, Path: "/", Secure: true, HTTPOnly: true},
				{Name: "appSession", Value: "v1", Domain: "example.com", Path: "/api", Expires: time.Unix(future, 0).UTC()},
			},
		},
		{
			name:        "expired cookie dropped",
			in:          "app.example\tFALSE\t/\tTRUE\t" + itoa64(past) + "\told\tx\napp.example\tFALSE\t/\tTRUE\t0\tnew\ty\n",
			want:        []Cookie{{Name: "new", Value: "y", Domain: "app.example", HostOnly: true, Path: "/", Secure: true}},
			wantExpired: []string{"old"},
		},
		{
			name: "name=value lines and a Cookie header",
			in:   "\ufeffnext-auth.session-token=abc.def\r\nCookie: a=1; b=2\n  c = 3 ;\n",
			want: []Cookie{{Name: "next-auth.session-token", Value: "abc.def"}, {Name: "a", Value: "1"}, {Name: "b", Value: "2"}, {Name: "c", Value: "3"}},
		},
		{
			name: "value with '='",
			in:   "x.example\tFALSE\t/\tFALSE\t0\tjwt\ta=b=c\n",
			want: []Cookie{{Name: "jwt", Value: "a=b=c", Domain: "x.example", HostOnly: true, Path: "/"}},
		},
		{name: "tab in a value", in: "x.example\tFALSE\t/\tFALSE\t0\tjwt\ta\tb\n", wantErr: "control character"},
		{name: "empty value is allowed", in: "flag=\n", want: []Cookie{{Name: "flag"}}},
		{name: "only comments", in: "# nothing\n\n", want: nil},
		{name: "bare token", in: "eyJhbGciOi\n", wantErr: "line 1: expected name=value"},
		{name: "bad boolean", in: "x.example\tMAYBE\t/\tFALSE\t0\ta\tb\n", wantErr: "includeSubdomains"},
		{name: "bad expiry", in: "x.example\tFALSE\t/\tFALSE\tsoon\ta\tb\n", wantErr: "expiry"},
		{name: "bad path", in: "x.example\tFALSE\tapi\tFALSE\t0\ta\tb\n", wantErr: "path"},
		{name: "no domain", in: "\tFALSE\t/\tFALSE\t0\ta\tb\n", wantErr: "domain"},
		{name: "httponly marker without fields", in: "#HttpOnly_x.example a=b\n", wantErr: "7 tab-separated"},
		{name: "separator in name", in: "a b=c\n", wantErr: "cookie name"},
		{name: "control character in value", in: "a=b\x01c\n", wantErr: "control character"},
		{name: "second line reported", in: "a=b\n=c\n", wantErr: "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, expired, err := ParseCookies(strings.NewReader(tt.in), now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "eyJ") {
					t.Errorf("error %q shows a value", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cookies =\n%+v\nwant\n%+v", got, tt.want)
			}
			if !reflect.DeepEqual(expired, tt.wantExpired) {
				t.Errorf("expired = %q, want %q", expired, tt.wantExpired)
			}
		})
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestCookieHeader(t *testing.T) {
	jar := []Cookie{
		{Name: "host", Value: "1", Domain: "app.example", HostOnly: true},
		{Name: "wide", Value: "2", Domain: "example", Path: "/"},
		{Name: "api", Value: "3", Domain: "app.example", Path: "/api"},
		{Name: "secure", Value: "4", Domain: "app.example", Secure: true},
		{Name: "any", Value: "5"},
	}
	tests := []struct {
		url, want string
	}{
		{"https://app.example/api/auth/session", "api=3; host=1; wide=2; secure=4; any=5"},
		{"http://app.example/", "host=1; wide=2; any=5"},
		{"http://127.0.0.1:3000/api", "any=5"},
		// Not host-only: sent to subdomains; "host" is host-only.
		{"https://sub.app.example/api", "api=3; wide=2; secure=4; any=5"},
		{"https://app.example/apix", "host=1; wide=2; secure=4; any=5"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := CookieHeader(jar, u); got != tt.want {
			t.Errorf("CookieHeader(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
	secureLocal := []Cookie{{Name: "s", Value: "1", Secure: true}}
	u, _ := url.Parse("http://localhost:3000/")
	if got := CookieHeader(secureLocal, u); got != "s=1" {
		t.Errorf("a Secure cookie goes to http://localhost as in browsers; got %q", got)
	}
}
