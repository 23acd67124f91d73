package har

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// bufSizes are the buffer sizes the tokenizer tests run with: the smallest
// allowed, odd sizes that put refills at every position of an escape, and the
// default.
var bufSizes = []int{minBufSize, 17, 19, 23, 64, defaultBufSize}

// Kinds of reader the tokenizer tests read through.
const (
	fullReads = iota // a strings.Reader: reads fill the buffer
	oneByte          // one byte per Read
	halfReads        // half of what is asked per Read: refills at odd places
)

// scanner returns a decoder positioned at the first non-space byte of in.
func scanner(in string, size, reads int) *Decoder {
	var r io.Reader = strings.NewReader(in)
	switch reads {
	case oneByte:
		r = iotest.OneByteReader(r)
	case halfReads:
		r = iotest.HalfReader(r)
	}
	d := newDecoder(r, "t", Options{}, size)
	d.ws()
	return d
}

// forEachReader runs f for every buffer size and kind of reader.
func forEachReader(t *testing.T, f func(t *testing.T, size, reads int)) {
	for _, size := range bufSizes {
		for reads, name := range []string{"full", "onebyte", "half"} {
			t.Run(fmt.Sprintf("buf%d/%s", size, name), func(t *testing.T) {
				f(t, size, reads)
			})
		}
	}
}

func TestStr(t *testing.T) {
	long := strings.Repeat("abcdefghij", 100)
	tests := []struct {
		name, in string
		want     string // decoded; ignored when err is set
		err      string // substring of the error
		rest     string // what follows the string
	}{
		{name: "empty", in: `""`, want: ""},
		{name: "plain", in: `"abc" ,`, want: "abc", rest: " ,"},
		{name: "long", in: `"` + long + `"`, want: long},
		{name: "quote", in: `"a\"b"`, want: `a"b`},
		{name: "backslash before quote", in: `"a\\"x`, want: `a\`, rest: "x"},
		{name: "many backslashes", in: `"\\\\\\\"\\"`, want: `\\\"\`},
		{name: "solidus", in: `"a\/b\/c"`, want: "a/b/c"},
		{name: "controls", in: `"\b\f\n\r\t"`, want: "\b\f\n\r\t"},
		{name: "u escape", in: `"caf\u00e9 \u00E9"`, want: "café é"},
		{name: "u nul", in: `"a\u0000b"`, want: "a\x00b"},
		{name: "surrogate pair", in: `"\ud83d\ude00!"`, want: "😀!"},
		{name: "lone high surrogate", in: `"\ud83d!"`, want: "\ufffd!"},
		{name: "lone high surrogate at end", in: `"\ud83d"`, want: "\ufffd"},
		{name: "high then non-low", in: `"\ud83d\u0041"`, want: "\ufffdA"},
		{name: "high then high", in: `"\ud83d\ud83d\ude00"`, want: "\ufffd😀"},
		{name: "lone low surrogate", in: `"\ude00x"`, want: "\ufffdx"},
		{name: "escapes across a long string", in: `"` + long + `\"` + long + `\u00e9` + long + `"`, want: long + `"` + long + "é" + long},
		{name: "utf8 kept", in: "\"h\u00e9llo \xff\"", want: "h\u00e9llo \xff"},
		{name: "bad escape", in: `"a\qb"`, err: `invalid escape '\' followed by 'q' in string`},
		{name: "short u escape", in: `"\u12"`, err: `'\u' must be followed by 4 hex digits, found '"'`},
		{name: "bad hex", in: `"\u12g4"`, err: `found 'g'`},
		{name: "newline", in: "\"a\nb\"", err: "invalid character byte 0x0a in string"},
		{name: "tab", in: "\"a\tb\"", err: "invalid character byte 0x09 in string"},
		{name: "unterminated", in: `"abc`, err: "unexpected end of input in a string"},
		{name: "unterminated escape", in: `"abc\`, err: "unexpected end of input in a string"},
		{name: "unterminated u escape", in: `"abc\u00`, err: "unexpected end of input in a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == "" && !strings.Contains(tt.in, "\xff") {
				var ref string
				if err := json.Unmarshal([]byte(strings.TrimSuffix(tt.in, tt.rest)), &ref); err != nil || ref != tt.want {
					t.Fatalf("bad test: encoding/json gives %q, %v", ref, err)
				}
			}
			forEachReader(t, func(t *testing.T, size, reads int) {
				d := scanner(tt.in, size, reads)
				got, n, err := d.str(nil, -1)
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("error %v, want %q", err, tt.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.want || n != int64(len(tt.want)) {
					t.Errorf("got %q (length %d), want %q (%d)", got, n, tt.want, len(tt.want))
				}
				rest, _ := io.ReadAll(io.MultiReader(strings.NewReader(string(d.buf[d.r:d.w])), d.src))
				if string(rest) != tt.rest {
					t.Errorf("rest %q, want %q", rest, tt.rest)
				}
			})
		})
	}
}

// TestStrMax checks that str keeps max bytes and measures the whole string,
// wherever the cut falls relative to escapes.
func TestStrMax(t *testing.T) {
	in := `"ab\u00e9c\\d\ud83d\ude00e` + strings.Repeat("x", 100) + `"`
	var full string
	if err := json.Unmarshal([]byte(in), &full); err != nil {
		t.Fatal(err)
	}
	forEachReader(t, func(t *testing.T, size, reads int) {
		for max := 0; max <= len(full)+1; max++ {
			d := scanner(in, size, reads)
			got, n, err := d.str(nil, max)
			if err != nil {
				t.Fatal(err)
			}
			if want := full[:min(max, len(full))]; string(got) != want || n != int64(len(full)) {
				t.Fatalf("max %d: got %q (%d), want %q (%d)", max, got, n, want, len(full))
			}
		}
	})
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "0", want: "0"},
		{in: "-0", want: "-0"},
		{in: "12345,", want: "12345"},
		{in: "1.5}", want: "1.5"},
		{in: "-12.25e-3]", want: "-12.25e-3"},
		{in: "1E+20 ", want: "1E+20"},
		{in: "01", want: "0"}, // the caller rejects the '1'
		{in: "1.2.3", want: "1.2"},
		{in: "-", err: "unexpected end of input in a number"},
		{in: "-x", err: "invalid number: expected a digit after '-', found 'x'"},
		{in: "1.", err: "unexpected end of input in a number"},
		{in: "1.e5", err: "invalid number: expected a digit after '.', found 'e'"},
		{in: "1e", err: "unexpected end of input in a number"},
		{in: "1e+,", err: "invalid number: expected a digit in the exponent, found ','"},
		{in: "1ex", err: "invalid number: expected a digit in the exponent, found 'x'"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			forEachReader(t, func(t *testing.T, size, reads int) {
				d := scanner(tt.in, size, reads)
				got, err := d.number()
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("error %v, want %q", err, tt.err)
					}
					return
				}
				if err != nil || string(got) != tt.want {
					t.Fatalf("got %q, %v, want %q", got, err, tt.want)
				}
			})
		})
	}
	t.Run("long", func(t *testing.T) {
		d := scanner(strings.Repeat("9", maxNumLen+1)+",", minBufSize, fullReads)
		got, err := d.number()
		if err != nil || got != nil {
			t.Fatalf("got %q, %v; want nil, nil", got, err)
		}
		if c, _ := d.ws(); c != ',' {
			t.Fatalf("stopped before %q, want ','", c)
		}
	})
}

func TestSkipValue(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name, in, err string
	}{
		{name: "string", in: `"a\"b"`},
		{name: "literals", in: `[true,false,null]`},
		{name: "numbers", in: `[0,-1.5e3,12]`},
		{name: "empty containers", in: `[{},[],{"a":[]}]`},
		{name: "nested", in: `{"a":{"b":[1,{"c":"d"}],"e":null},"f":"g"}`},
		{name: "whitespace", in: " {\n \"a\" :\t[ 1 ,\r\n 2 ] } "},
		{name: "max depth", in: deep(maxDepth - 1)}, // the decoder's stack is empty here
		{name: "too deep", in: deep(maxDepth + 1), err: "exceeded maximum nesting depth of 10000"},
		{name: "trailing comma in array", in: `[1,]`, err: "expected a value, found ']'"},
		{name: "trailing comma in object", in: `{"a":1,}`, err: `expected '"' to begin an object key, found '}'`},
		{name: "missing colon", in: `{"a" 1}`, err: "expected ':' after object key, found '1'"},
		{name: "missing comma", in: `[1 2]`, err: "expected ',' or ']' after array element, found '2'"},
		{name: "unquoted key", in: `{a:1}`, err: `expected '"' to begin an object key, or '}', found 'a'`},
		{name: "bad literal", in: `[tru]`, err: `invalid literal: expected "true", found ']'`},
		{name: "single quotes", in: `['a']`, err: `expected a value, found '\''`},
		{name: "cut", in: `{"a":[1,2`, err: "unexpected end of input in an array"},
		{name: "cut after key", in: `{"a":`, err: "unexpected end of input in an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if valid := json.Valid([]byte(tt.in)); valid != (tt.err == "") && tt.name != "max depth" {
				t.Fatalf("bad test: json.Valid = %v", valid)
			}
			forEachReader(t, func(t *testing.T, size, reads int) {
				if reads == oneByte && len(tt.in) > 1000 {
					t.Skip("slow")
				}
				d := scanner(tt.in, size, reads)
				err := d.skipValue()
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("error %v, want %q", err, tt.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if c, ok := d.ws(); ok {
					t.Fatalf("stopped before %q", c)
				}
				if len(d.stack) != 0 {
					t.Fatalf("stack %q left", d.stack)
				}
			})
		})
	}
}

// TestLines checks line and column accounting across refills and strings.
func TestLines(t *testing.T) {
	x := strings.Repeat("x", 100)
	var padded []string // escapes at every offset from a refill, after a newline
	for pad := range 24 {
		padded = append(padded, "{\n\"a\":\n"+strings.Repeat(" ", pad)+"\n\"\\u00e9\\/"+x+"\",\"b\": [1,\n 2]\n}")
	}
	for _, in := range append(padded, []string{
		"{\n  \"a\": \"" + x + "\",\n\n    \"b\": [1,\n 2]\n}",
		"{\n  \"a\": \"\\n\\u00e9\\\"" + x + "\\n" + x + "\",\n\n    \"b\": [1,\n 2]\n}",
		"{\n  \"a\": \"\\ud83d\\ude00" + x + "\", \"c\": \"" + x + "\\t\",\n\n    \"b\": [1,\n 2]\n}",
		"{\n\"a\":\n\n\"\\u00e9" + x + "\",\"b\": [1,\n 2]\n}",
		"{\n\"a\":\n\n\"\\/\\u00e9\\ud83d\\ude00" + x + "\",\"b\": [1,\n 2]\n}",
	}...) {
		forEachReader(t, func(t *testing.T, size, reads int) {
			d := scanner(in, size, reads)
			if err := d.skipValue(); err != nil {
				t.Fatal(err)
			}
			line, col := d.position(d.r)
			if line != 6 || col != 2 {
				t.Errorf("%q: end at %d:%d, want 6:2", in, line, col)
			}
		})
	}
}

// chunkReader returns its chunks one per Read.
type chunkReader []string

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	if (*c)[0] = (*c)[0][n:]; (*c)[0] == "" {
		*c = (*c)[1:]
	}
	return n, nil
}

// TestLinesAfterEscapeRefill places an escape at the end of a full buffer,
// right after a newline, so that decoding it refills the buffer and the next
// reads are short: the newline must still be counted once.
func TestLinesAfterEscapeRefill(t *testing.T) {
	first := "{\"bb\":\n    \n \n\"\\" // 16 bytes: the quote at 14, the backslash at 15
	if len(first) != minBufSize || first[14:] != "\"\\" {
		t.Fatal("bad test")
	}
	r := chunkReader{first, "u0", "0e", "9x", "xx", "x\"", "\n}"}
	d := newDecoder(&r, "t", Options{}, minBufSize)
	d.ws()
	if err := d.skipValue(); err != nil {
		t.Fatal(err)
	}
	if line, col := d.position(d.r); line != 5 || col != 2 {
		t.Errorf("end at %d:%d, want 5:2", line, col)
	}
}

func TestCtrlIndex(t *testing.T) {
	for n := range 140 { // the 64- and 32-byte blocks, words and the tail
		b := []byte(strings.Repeat("a", n))
		if got := ctrlIndex(b); got != -1 {
			t.Fatalf("%d plain bytes: %d", n, got)
		}
		for i := range n {
			for _, c := range []byte{0, 0x1f, '\n'} {
				b[i] = c
				if got := ctrlIndex(b); got != i {
					t.Fatalf("byte %#x at %d of %d: got %d", c, i, n, got)
				}
				b[i] = 0x80 // high bytes are not controls
				if got := ctrlIndex(b); got != -1 {
					t.Fatalf("0x80 at %d of %d: got %d", i, n, got)
				}
				b[i] = 'a'
			}
		}
	}
}

func TestDescribe(t *testing.T) {
	for c, want := range map[byte]string{'x': "'x'", '\'': `'\''`, 0: "byte 0x00", 0xef: "byte 0xef", 0x7f: "byte 0x7f", ' ': "' '"} {
		if got := describe(c); got != want {
			t.Errorf("describe(%#x) = %s, want %s", c, got, want)
		}
	}
}

// TestReadError checks that an error from the reader is returned as is,
// wrapped with the file name, and not as a SyntaxError.
func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(`{"log":{"entries":[{}, {"time":1`), iotest.ErrReader(boom))
	d := NewDecoder(r, "x.har", Options{})
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	_, err := d.Next()
	var se *SyntaxError
	if !errors.Is(err, boom) || errors.As(err, &se) || err.Error() != "read x.har: boom" {
		t.Fatalf("got %v", err)
	}
	if _, err2 := d.Next(); err2 != err {
		t.Fatalf("second Next: %v", err2)
	}
}
