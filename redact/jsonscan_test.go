package redact

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// jsonPairRE is the expression jsonPairs stands for: the oracle of these
// tests.
var jsonPairRE = regexp.MustCompile(`"([A-Za-z0-9_.$-]{1,64})"\s*:\s*"([^"\\]{8,})"`)

// jsonScanCases are bodies on the edges of both expressions.
var jsonScanCases = []string{
	"",
	`{"access_token":"abcdefgh12345678","token_type":"Bearer"}`,
	`{"a" : "12345678"}`,
	`{"a"	:
"12345678"}`,
	`{"a"` + "\f:\r" + `"12345678"}`,
	`{"a":"1234567"}`,
	`{"a":"1234567\"x"}`,
	`{"a":"12345678\u00e9"}`,
	`{"a":"ééééééé"}`,
	`{"a":"éééééééé"}`,
	"{\"a\":\"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\"}",
	"{\"a\":\"\xff\xfe\xfd\xfc\xfb\xfa\xf9\"}",
	`{"":"12345678"}`,
	`{"` + strings.Repeat("k", 64) + `":"12345678"}`,
	`{"` + strings.Repeat("k", 65) + `":"12345678"}`,
	`{"a b":"12345678"}`,
	`"x":"12345678":"abcdefghij"`,
	`"x""y":"12345678"`,
	`"a":"12345678""b":"abcdefgh"`,
	`"a":"12345678`,
	`"a":`,
	`"a"`,
	`"`,
	`""""""`,
	`{"pass.word$-_9":"hunter2hunter2"}`,
	`{"nested":{"code":"abcdefghijk"},"list":["sid","12345678"]}`,
	"TOKEN", "Secret", "PASSW", "pwD", "SeSs", "sId", "CSRF", "xsrf", "KEY", "Code", "JWT", "AUTH", "siG", "TICKET", "asSertion", "BEARER",
	"toke", "secre", "pass", "pw", "ses", "si", "csr", "xsr", "ke", "cod", "jw", "aut", "ticke", "assertio", "beare",
	"\u212aey", "\u017fid", "to\u212aen", "ſess",
	"\xffkey", "k\xffey",
}

func TestHasJSONHint(t *testing.T) {
	for _, s := range jsonScanCases {
		if got, want := hasJSONHint(s), jsonHint.MatchString(s); got != want {
			t.Errorf("hasJSONHint(%q) = %v, the expression says %v", s, got, want)
		}
	}
}

func TestJSONPairs(t *testing.T) {
	for _, s := range jsonScanCases {
		for _, n := range []int{1, 2, 256} {
			checkJSONPairs(t, s, n)
		}
	}
}

// checkJSONPairs compares jsonPairs with the expression on s.
func checkJSONPairs(t *testing.T, s string, n int) {
	t.Helper()
	var got, want [][2]string
	jsonPairs(s, n, func(name, value string) { got = append(got, [2]string{name, value}) })
	for _, m := range jsonPairRE.FindAllStringSubmatch(s, n) {
		want = append(want, [2]string{m[1], m[2]})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jsonPairs(%q, %d) = %q, the expression finds %q", s, n, got, want)
	}
}

func FuzzJSONScan(f *testing.F) {
	for _, s := range jsonScanCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasJSONHint(s), jsonHint.MatchString(s); got != want {
			t.Errorf("hasJSONHint(%q) = %v, the expression says %v", s, got, want)
		}
		checkJSONPairs(t, s, 256)
		checkJSONPairs(t, s, 2)
	})
}
