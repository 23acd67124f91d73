package httpcache

import (
	"reflect"
	"testing"
	"time"
)

func dir(name string) Directive { return Directive{Name: name} }

func dirv(name, value string) Directive { return Directive{Name: name, Value: value, HasValue: true} }

func TestParseCacheControl(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []Directive
	}{
		{"empty", []string{""}, nil},
		{"no lines", nil, nil},
		{"only commas and spaces", []string{" , ,, \t"}, nil},
		{"no-store alone", []string{"no-store"}, []Directive{dir("no-store")}},
		{"typical", []string{"public, max-age=300"}, []Directive{dir("public"), dirv("max-age", "300")}},
		{"uppercase names", []string{"Public, MAX-AGE=60, No-Store"}, []Directive{dir("public"), dirv("max-age", "60"), dir("no-store")}},
		{"value case kept", []string{`private="Set-Cookie"`}, []Directive{dirv("private", "Set-Cookie")}},
		{"quoted comma", []string{`private="set-cookie, x-foo", max-age=5`}, []Directive{dirv("private", "set-cookie, x-foo"), dirv("max-age", "5")}},
		{"quoted escapes", []string{`ext="a\"b\\c", x`}, []Directive{dirv("ext", `a"b\c`), dir("x")}},
		{"quoted delta", []string{`max-age="60"`}, []Directive{dirv("max-age", "60")}},
		{"repeated lines", []string{"public", "max-age=60", "no-store"}, []Directive{dir("public"), dirv("max-age", "60"), dir("no-store")}},
		{"no-store in later line", []string{"max-age=60, public", "no-store"}, []Directive{dirv("max-age", "60"), dir("public"), dir("no-store")}},
		{"duplicates kept", []string{"max-age=60, max-age=120"}, []Directive{dirv("max-age", "60"), dirv("max-age", "120")}},
		{"empty elements", []string{",,public,, ,max-age=1,"}, []Directive{dir("public"), dirv("max-age", "1")}},
		{"spaces around equals", []string{"max-age = 60"}, []Directive{dirv("max-age", "60")}},
		{"negative kept raw", []string{"max-age=-1"}, []Directive{dirv("max-age", "-1")}},
		{"junk after unquoted value", []string{"max-age=60 junk, public"}, []Directive{dirv("max-age", "60 junk"), dir("public")}},
		{"junk after quoted value", []string{`no-cache="a"junk, public`}, []Directive{dirv("no-cache", "a"), dir("public")}},
		{"name followed by junk", []string{"no-store junk, public"}, []Directive{dir("no-store"), dir("public")}},
		{"element without name", []string{`="x", @foo, public`}, []Directive{dir("public")}},
		{"empty argument", []string{"max-age="}, []Directive{dirv("max-age", "")}},
		{"unterminated quote stays in its line", []string{`private="set-cookie`, "no-store"}, []Directive{dirv("private", "set-cookie"), dir("no-store")}},
		{"obs-fold whitespace", []string{"public,\r\n max-age=10"}, []Directive{dir("public"), dirv("max-age", "10")}},
		{"extension with token value", []string{"stale-while-revalidate=30, community=UCI"}, []Directive{dirv("stale-while-revalidate", "30"), dirv("community", "UCI")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCacheControl(tt.in...).List()
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCacheControl(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDirectivesSeconds(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   time.Duration
		wantOK bool
		has    bool
	}{
		{"plain", "max-age=300", 300 * time.Second, true, true},
		{"zero", "max-age=0", 0, true, true},
		{"quoted", `max-age="45"`, 45 * time.Second, true, true},
		{"leading zeros", "max-age=007", 7 * time.Second, true, true},
		{"absent", "public", 0, false, false},
		{"no argument", "max-age", 0, false, true},
		{"negative is invalid", "max-age=-1", 0, false, true},
		{"decimal is invalid", "max-age=1.5", 0, false, true},
		{"junk is invalid", "max-age=60s", 0, false, true},
		{"plus sign is invalid", "max-age=+5", 0, false, true},
		{"empty is invalid", "max-age=", 0, false, true},
		{"saturates at 2^31", "max-age=99999999999999999999999", (1 << 31) * time.Second, true, true},
		{"2^31 exactly", "max-age=2147483648", (1 << 31) * time.Second, true, true},
		{"below 2^31 kept", "max-age=2147483647", 2147483647 * time.Second, true, true},
		{"first occurrence wins", "max-age=60, max-age=120", 60 * time.Second, true, true},
		{"invalid first occurrence wins", "max-age=x, max-age=120", 0, false, true},
		{"case-insensitive lookup", "MAX-AGE=5", 5 * time.Second, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseCacheControl(tt.in)
			got, ok := d.Seconds("Max-Age")
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Seconds(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
			if h := d.Has("max-age"); h != tt.has {
				t.Errorf("Has(%q) = %v, want %v", tt.in, h, tt.has)
			}
		})
	}
}

func TestDirectivesValueFieldsQualifiers(t *testing.T) {
	d := ParseCacheControl(`private="Set-Cookie, X-Foo", no-cache="set-cookie", private="x-bar,", s-maxage=10`)
	if v, ok := d.Value("private"); !ok || v != "Set-Cookie, X-Foo" {
		t.Errorf("Value(private) = %q, %v", v, ok)
	}
	if got, want := d.Fields("private"), []string{"set-cookie", "x-foo", "x-bar"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields(private) = %q, want %q", got, want)
	}
	if got, want := d.Fields("no-cache"), []string{"set-cookie"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields(no-cache) = %q, want %q", got, want)
	}
	if got := d.Fields("s-maxage"); !reflect.DeepEqual(got, []string{"10"}) {
		t.Errorf("Fields(s-maxage) = %q", got)
	}
	if d.Fields("public") != nil {
		t.Errorf("Fields(public) should be nil")
	}
	if d.Unqualified("private") || d.Unqualified("no-cache") {
		t.Errorf("qualified directives reported as unqualified")
	}
	if _, ok := d.Value("public"); ok {
		t.Errorf("Value of an absent directive should not be ok")
	}

	tests := []struct {
		in   string
		want bool
	}{
		{"private", true},
		{`private=""`, true},
		{`private=" , "`, true},
		{`private="set-cookie"`, false},
		{`private="set-cookie", private`, true},
		{"public", false},
	}
	for _, tt := range tests {
		if got := ParseCacheControl(tt.in).Unqualified("private"); got != tt.want {
			t.Errorf("Unqualified(private) for %q = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDirectivesConflicting(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"max-age=60", false},
		{"max-age=60, max-age=60", false},
		{"max-age=60, max-age=120", true},
		{`max-age=60, max-age="60"`, false},
		{"max-age=60, max-age", true},
		{"public", false},
	}
	for _, tt := range tests {
		if got := ParseCacheControl(tt.in).Conflicting("max-age"); got != tt.want {
			t.Errorf("Conflicting(max-age) for %q = %v, want %v", tt.in, got, tt.want)
		}
	}
	if ParseCacheControl("public, public").Conflicting("public") {
		t.Errorf("identical bare duplicates are not conflicting")
	}
}

func TestDirectivesString(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"Public, MAX-AGE=\"60\""}, "public, max-age=60"},
		{[]string{`private="set-cookie, x-foo"`}, `private="set-cookie, x-foo"`},
		{[]string{`x="a\"b\\c"`}, `x="a\"b\\c"`},
		{[]string{"max-age="}, `max-age=""`},
		{[]string{"max-age=60 junk"}, `max-age="60 junk"`},
		{[]string{"no-store", "max-age=0"}, "no-store, max-age=0"},
	}
	for _, tt := range tests {
		d := ParseCacheControl(tt.in...)
		if got := d.String(); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := ParseCacheControl(d.String()); !reflect.DeepEqual(again.List(), d.List()) {
			t.Errorf("re-parse of %q = %#v, want %#v", d.String(), again.List(), d.List())
		}
	}
}

func TestParseSurrogateControl(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []Directive
	}{
		{"max-age", []string{"max-age=3600"}, []Directive{dirv("max-age", "3600")}},
		{"max-age with stale extension", []string{"max-age=60+30"}, []Directive{dirv("max-age", "60")}},
		{"device targeting dropped", []string{"no-store;edge1, max-age=30;edge2"}, []Directive{dir("no-store"), dirv("max-age", "30")}},
		{"content", []string{`content="ESI/1.0", max-age=10`}, []Directive{dirv("content", "ESI/1.0"), dirv("max-age", "10")}},
		{"repeated lines", []string{"max-age=5", "no-store-remote"}, []Directive{dirv("max-age", "5"), dir("no-store-remote")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseSurrogateControl(tt.in...).List(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSurrogateControl(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTargeted(t *testing.T) {
	tests := []struct {
		name   string
		in     []string
		want   []Directive
		wantOK bool
	}{
		{"max-age", []string{"max-age=60"}, []Directive{dirv("max-age", "60")}, true},
		{"booleans and numbers", []string{"public, s-maxage=600, must-revalidate"}, []Directive{dir("public"), dirv("s-maxage", "600"), dir("must-revalidate")}, true},
		{"string value", []string{`private="set-cookie"`}, []Directive{dirv("private", "set-cookie")}, true},
		{"token value", []string{"ext=abc"}, []Directive{dirv("ext", "abc")}, true},
		{"decimal kept as text", []string{"max-age=1.5"}, []Directive{dirv("max-age", "1.5")}, true},
		{"false boolean dropped", []string{"no-store=?0, max-age=5"}, []Directive{dirv("max-age", "5")}, true},
		{"true boolean", []string{"no-store=?1"}, []Directive{dir("no-store")}, true},
		{"parameters ignored", []string{"max-age=60;foo=bar"}, []Directive{dirv("max-age", "60")}, true},
		{"inner list is bare", []string{"no-cache=(a b)"}, []Directive{dir("no-cache")}, true},
		{"duplicate key keeps last value", []string{"max-age=60, public, max-age=5"}, []Directive{dirv("max-age", "5"), dir("public")}, true},
		{"lines combined", []string{"max-age=60", "public"}, []Directive{dirv("max-age", "60"), dir("public")}, true},
		{"none is valid", []string{"none"}, []Directive{dir("none")}, true},
		{"empty is ignored", []string{""}, nil, false},
		{"blank is ignored", []string{"  "}, nil, false},
		{"absent is ignored", nil, nil, false},
		{"uppercase key is invalid", []string{"Max-Age=60"}, nil, false},
		{"trailing comma is invalid", []string{"max-age=60,"}, nil, false},
		{"bad value is invalid", []string{"max-age=@"}, nil, false},
		{"unterminated string is invalid", []string{`private="x`}, nil, false},
		{"negative integer", []string{"max-age=-5"}, []Directive{dirv("max-age", "-5")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := ParseTargeted(tt.in...)
			if ok != tt.wantOK {
				t.Fatalf("ParseTargeted(%q) ok = %v, want %v", tt.in, ok, tt.wantOK)
			}
			if got := d.List(); !(len(got) == 0 && len(tt.want) == 0) && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseTargeted(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
	if d, _ := ParseTargeted("max-age=1.5"); func() bool { _, ok := d.Seconds("max-age"); return ok }() {
		t.Errorf("a decimal max-age must not be consumed as seconds")
	}
}
