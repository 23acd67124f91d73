package cookie

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSetCookie(t *testing.T) {
	date := func(y int, m time.Month, d, hh, mm, ss int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	}
	tests := []struct {
		name string
		in   string
		want SetCookie // Raw and Attrs are not compared here
	}{
		{
			// alta-proxy-1.0-binary-json.har
			name: "google NID lower-case attributes",
			in:   "NID=511=Guc; expires=Sat, 10-Feb-2024 16:28:43 GMT; path=/; domain=.google.com; HttpOnly",
			want: SetCookie{Name: "NID", Value: "511=Guc", Domain: "google.com", Path: "/",
				Expires: date(2024, 2, 10, 16, 28, 43), HasExpires: true, ExpiresRaw: "Sat, 10-Feb-2024 16:28:43 GMT",
				HTTPOnly: true, hasPath: true},
		},
		{
			// chrome-har-1.3.0-chrome148.har (wikipedia), no spaces after ';'
			name: "no spaces and lower-case secure",
			in:   "WMF-Uniq=M2xA;Domain=.wikipedia.org;Path=/;HttpOnly;secure;SameSite=None;Expires=Wed, 12 May 2027 00:00:00 GMT",
			want: SetCookie{Name: "WMF-Uniq", Value: "M2xA", Domain: "wikipedia.org", Path: "/",
				HTTPOnly: true, Secure: true, SameSite: "None", SameSiteRaw: "None",
				Expires: date(2027, 5, 12, 0, 0, 0), HasExpires: true, ExpiresRaw: "Wed, 12 May 2027 00:00:00 GMT", hasPath: true},
		},
		{
			// chrome-devtools-bbc-cookies.har: Max-Age wins over Expires
			name: "max-age and expires",
			in:   "rdk=12198/52926; Domain=.rubiconproject.com; Path=/; Expires=Sun, 20-Dec-2015 13:44:39 GMT; Max-Age=60",
			want: SetCookie{Name: "rdk", Value: "12198/52926", Domain: "rubiconproject.com", Path: "/",
				Expires: date(2015, 12, 20, 13, 44, 39), HasExpires: true, ExpiresRaw: "Sun, 20-Dec-2015 13:44:39 GMT",
				MaxAge: 60, HasMaxAge: true, hasPath: true},
		},
		{
			// chrome-devtools-bbc-cookies.har: value with brackets and pipes
			name: "adobe s_vi value",
			in:   "s_vi=[CS]v1|2B3B5837850118EB-6000010EC0045DA9[CE]; Expires=Tue, 19 Dec 2017 13:43:38 GMT; Domain=bbc.com; Path=/",
			want: SetCookie{Name: "s_vi", Value: "[CS]v1|2B3B5837850118EB-6000010EC0045DA9[CE]", Domain: "bbc.com", Path: "/",
				Expires: date(2017, 12, 19, 13, 43, 38), HasExpires: true, ExpiresRaw: "Tue, 19 Dec 2017 13:43:38 GMT", hasPath: true},
		},
		{
			// chrome-devtools-all-status-methods.har: deletion by past date
			name: "empty value deletion",
			in:   "auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
			want: SetCookie{Name: "auth", Expires: date(1970, 1, 1, 0, 0, 0), HasExpires: true, ExpiresRaw: "Thu, 01 Jan 1970 00:00:00 GMT"},
		},
		{
			// playwright-1.23-redirect-cookies.har: trailing ';'
			name: "trailing semicolon",
			in:   "_chorus_geoip_continent=NA; expires=Fri, 17 Jun 2022 21:41:24 GMT; path=/;",
			want: SetCookie{Name: "_chorus_geoip_continent", Value: "NA", Path: "/",
				Expires: date(2022, 6, 17, 21, 41, 24), HasExpires: true, ExpiresRaw: "Fri, 17 Jun 2022 21:41:24 GMT", hasPath: true},
		},
		{
			// fiddler-2.3.3.5-no-pages.har
			name: "name with dot and underscore",
			in:   "ASP.NET_SessionId=ntk20l55nhr11v45vbrmqo45; path=/; HttpOnly",
			want: SetCookie{Name: "ASP.NET_SessionId", Value: "ntk20l55nhr11v45vbrmqo45", Path: "/", HTTPOnly: true, hasPath: true},
		},
		{
			name: "nameless without equals",
			in:   "token; Path=/",
			want: SetCookie{Value: "token", Path: "/", hasPath: true},
		},
		{
			name: "nameless with leading equals",
			in:   "=token=x",
			want: SetCookie{Value: "token=x"},
		},
		{
			name: "name without value",
			in:   "flag=",
			want: SetCookie{Name: "flag"},
		},
		{
			name: "quoted value kept",
			in:   `q="a b"; Secure`,
			want: SetCookie{Name: "q", Value: `"a b"`, Secure: true},
		},
		{
			name: "whitespace around name value and tabs",
			in:   " \t sid \t= abc \t; \tHttpOnly\t",
			want: SetCookie{Name: "sid", Value: "abc", HTTPOnly: true},
		},
		{
			name: "trailing crlf tolerated",
			in:   "sid=abc; Path=/\r\n",
			want: SetCookie{Name: "sid", Value: "abc", Path: "/", hasPath: true},
		},
		{
			name: "samesite canonical case",
			in:   "a=b; samesite=lax",
			want: SetCookie{Name: "a", Value: "b", SameSite: "Lax", SameSiteRaw: "lax"},
		},
		{
			name: "samesite strict",
			in:   "a=b; SameSite=STRICT",
			want: SetCookie{Name: "a", Value: "b", SameSite: "Strict", SameSiteRaw: "STRICT"},
		},
		{
			name: "samesite invalid",
			in:   "a=b; SameSite=Lax; SameSite=Bogus",
			want: SetCookie{Name: "a", Value: "b", SameSiteRaw: "Bogus"},
		},
		{
			name: "samesite empty",
			in:   "a=b; SameSite",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "partitioned",
			in:   "__Host-chips=1; Secure; Path=/; Partitioned; SameSite=None",
			want: SetCookie{Name: "__Host-chips", Value: "1", Secure: true, Path: "/", Partitioned: true,
				SameSite: "None", SameSiteRaw: "None", hasPath: true},
		},
		{
			name: "secure with a value is still secure",
			in:   "a=b; Secure=yes",
			want: SetCookie{Name: "a", Value: "b", Secure: true},
		},
		{
			name: "attribute names fold ASCII case only",
			in:   "a=b; \u017fecure; HTTPONLY",
			want: SetCookie{Name: "a", Value: "b", HTTPOnly: true},
		},
		{
			name: "max-age zero",
			in:   "display-aud=; Max-Age=0; Expires=Tue, 27 Mar 2018 20:53:29 GMT; Path=/",
			want: SetCookie{Name: "display-aud", MaxAge: 0, HasMaxAge: true, Path: "/", hasPath: true,
				Expires: date(2018, 3, 27, 20, 53, 29), HasExpires: true, ExpiresRaw: "Tue, 27 Mar 2018 20:53:29 GMT"},
		},
		{
			name: "max-age negative",
			in:   "a=; Max-Age=-1",
			want: SetCookie{Name: "a", MaxAge: -1, HasMaxAge: true},
		},
		{
			name: "max-age lone minus ignored",
			in:   "a=b; Max-Age=-",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "max-age plus sign ignored",
			in:   "a=b; Max-Age=+5",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "max-age with letters ignored",
			in:   "a=b; Max-Age=60s",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "max-age empty ignored",
			in:   "a=b; Max-Age=",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "max-age overflow saturates",
			in:   "a=b; Max-Age=99999999999999999999999999",
			want: SetCookie{Name: "a", Value: "b", MaxAge: math.MaxInt, HasMaxAge: true},
		},
		{
			name: "last valid max-age wins",
			in:   "a=b; Max-Age=10; Max-Age=x; Max-Age=20",
			want: SetCookie{Name: "a", Value: "b", MaxAge: 20, HasMaxAge: true},
		},
		{
			name: "invalid expires ignored but kept raw",
			in:   "a=b; Expires=Sun, 07-Aug-22 16:57:53 GMT; Expires=soon",
			want: SetCookie{Name: "a", Value: "b", Expires: date(2022, 8, 7, 16, 57, 53), HasExpires: true, ExpiresRaw: "soon"},
		},
		{
			name: "empty domain ignored",
			in:   "a=b; Domain=example.com; Domain=",
			want: SetCookie{Name: "a", Value: "b", Domain: "example.com"},
		},
		{
			name: "domain lower-cased, leading dot removed",
			in:   "a=b; Domain=.EXAMPLE.com",
			want: SetCookie{Name: "a", Value: "b", Domain: "example.com"},
		},
		{
			name: "domain dot only becomes host-only",
			in:   "a=b; Domain=example.com; Domain=.",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "relative path means default path",
			in:   "a=b; Path=/x; Path=docs",
			want: SetCookie{Name: "a", Value: "b", hasPath: true},
		},
		{
			name: "attribute value over 1024 bytes ignored",
			in:   "a=b; Domain=example.com; Domain=" + strings.Repeat("x", 1025) + ".com",
			want: SetCookie{Name: "a", Value: "b", Domain: "example.com"},
		},
		{
			name: "unknown attributes kept only in attrs",
			in:   "a=b; Priority=High; Comment=hi",
			want: SetCookie{Name: "a", Value: "b"},
		},
		{
			name: "empty attributes skipped",
			in:   "a=b;;; ;Secure",
			want: SetCookie{Name: "a", Value: "b", Secure: true},
		},
		{
			name: "utf-8 value accepted",
			in:   "greeting=héllo",
			want: SetCookie{Name: "greeting", Value: "héllo"},
		},
		{
			name: "oversize cookie still parsed",
			in:   "big=" + strings.Repeat("v", 5000),
			want: SetCookie{Name: "big", Value: strings.Repeat("v", 5000)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSetCookie(tt.in)
			if err != nil {
				t.Fatalf("ParseSetCookie(%q): %v", tt.in, err)
			}
			if got.Raw != tt.in {
				t.Errorf("Raw = %q, want the input", got.Raw)
			}
			got.Raw, got.Attrs = "", nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSetCookie(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSetCookieErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"spaces", "  \t ", ErrEmpty},
		{"equals only", "=", ErrEmpty},
		{"attributes only", "; Path=/; Secure", ErrEmpty},
		{"equals then attributes", " = ; HttpOnly", ErrEmpty},
		{"embedded newline", "a=b\nc=d", ErrControlChar},
		{"nul byte", "a=b\x00; Path=/", ErrControlChar},
		{"del byte", "a=\x7f", ErrControlChar},
		{"control char in attribute", "a=b; Path=/\x01", ErrControlChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSetCookie(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("ParseSetCookie(%q) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseSetCookieAttrs(t *testing.T) {
	in := "sid=1; path=/; Secure; SameSite=Bogus; Domain=; Max-Age=x; Expires=never"
	got, err := ParseSetCookie(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Attr{
		{"path", "/"}, {"Secure", ""}, {"SameSite", "Bogus"}, {"Domain", ""},
		{"Max-Age", "x"}, {"Expires", "never"},
	}
	if !reflect.DeepEqual(got.Attrs, want) {
		t.Errorf("Attrs = %q, want %q", got.Attrs, want)
	}
}

func TestSetCookieExpiry(t *testing.T) {
	received := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		in         string
		received   time.Time
		persistent bool
		expiry     time.Time
		hasExpiry  bool
		deletion   bool
	}{
		{"session cookie", "sid=abc; Path=/", received, false, time.Time{}, false, false},
		{"max-age", "sid=abc; Max-Age=3600", received, true, received.Add(time.Hour), true, false},
		{"max-age wins over past expires", "sid=abc; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", received, true, received.Add(time.Minute), true, false},
		{"max-age zero wins over future expires", "sid=; Expires=Wed, 12 May 2027 00:00:00 GMT; Max-Age=0", received, true, received, true, true},
		{"negative max-age", "sid=; Max-Age=-1", received, true, received.Add(-time.Second), true, true},
		{"future expires", "sid=abc; Expires=Wed, 12 May 2027 00:00:00 GMT", received, true, time.Date(2027, 5, 12, 0, 0, 0, 0, time.UTC), true, false},
		{"expires equal to received", "sid=abc; Expires=Wed, 01 May 2024 12:00:00 GMT", received, true, received, true, true},
		{"epoch expires", "auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", received, true, time.Unix(0, 0).UTC(), true, true},
		{"unparseable expires is a session cookie", "sid=abc; Expires=tomorrow", received, false, time.Time{}, false, false},
		{"huge max-age does not overflow", "sid=abc; Max-Age=99999999999999999999", received, true, received.Add(time.Duration(maxAgeSeconds) * time.Second), true, false},
		{"unknown receive time, epoch expires", "auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", time.Time{}, true, time.Unix(0, 0).UTC(), true, true},
		{"unknown receive time, 2015 expires", "sid=; Expires=Wed, 21 Oct 2015 07:28:00 GMT", time.Time{}, true, time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseSetCookie(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Persistent(); got != tt.persistent {
				t.Errorf("Persistent() = %v, want %v", got, tt.persistent)
			}
			exp, ok := c.ExpiryAt(tt.received)
			if ok != tt.hasExpiry || !exp.Equal(tt.expiry) {
				t.Errorf("ExpiryAt() = %v, %v; want %v, %v", exp, ok, tt.expiry, tt.hasExpiry)
			}
			if got := c.IsDeletion(tt.received); got != tt.deletion {
				t.Errorf("IsDeletion() = %v, want %v", got, tt.deletion)
			}
		})
	}
}

func TestSetCookieSizeAndHostOnly(t *testing.T) {
	tests := []struct {
		in       string
		size     int
		hostOnly bool
	}{
		{"a=b", 2, true},
		{"name=value; Domain=example.com", 9, false},
		{"token", 5, true},
		{"=token; Domain=.", 5, true},
		{"big=" + strings.Repeat("v", MaxNameValueSize-3), MaxNameValueSize + 0, true},
	}
	for _, tt := range tests {
		c, err := ParseSetCookie(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Size(); got != tt.size {
			t.Errorf("%.20q: Size() = %d, want %d", tt.in, got, tt.size)
		}
		if got := c.HostOnly(); got != tt.hostOnly {
			t.Errorf("%.20q: HostOnly() = %v, want %v", tt.in, got, tt.hostOnly)
		}
	}
}

func TestSetCookieString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sid=abc;path=/;HttpOnly", "sid=abc; path=/; HttpOnly"},
		{"token", "=token"},
		{"a=; Max-Age=0", "a=; Max-Age=0"},
		{"a=b; Secure=", "a=b; Secure"},
	}
	for _, tt := range tests {
		c, err := ParseSetCookie(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.String(); got != tt.want {
			t.Errorf("String() of %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}
