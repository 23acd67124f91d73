package sanitize

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

func rewriter() *scrubber {
	return &scrubber{mode: modeRewrite, l: newLearned(), p: newPseudonymizer([]byte("k")), counts: Counts{}}
}

func TestText(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4"
	tests := []struct {
		name  string
		in    string
		o     textOpts
		gone  []string // must not be in the output
		kept  []string // must be in the output as they are
		equal bool     // the output is the input
	}{
		{"form password and otp", "username=alice&password=Hunter2%21x&otp=123456", textOpts{},
			[]string{"Hunter2", "123456"}, []string{"username=alice&password=", "&otp="}, false},
		{"json tokens", `{"access_token":"tok123abc","token_type":"Bearer","expires_in":3600}`, textOpts{},
			[]string{"tok123abc"}, []string{`"token_type":"Bearer"`, `"expires_in":3600`}, false},
		{"json password with spaces", `{"password": "correct horse battery"}`, textOpts{},
			[]string{"correct", "horse", "battery"}, []string{`{"password": "`}, false},
		{"json number otp becomes a string", `{"otp":482913,"n":1}`, textOpts{},
			[]string{"482913"}, []string{`{"otp":"zPs`, `,"n":1}`}, false},
		{"json null stays", `{"password":null}`, textOpts{}, nil, nil, true},
		{"html saml form", `<input type="hidden" name="SAMLResponse" value="PHNhbWw+abc/def=="><input name="q" value="x">`, textOpts{},
			[]string{"PHNhbWw", "abc", "def"}, []string{`name="SAMLResponse" value="`, `"><input name="q" value="x">`}, false},
		{"jwt anywhere", "token " + jwt + " end", textOpts{}, []string{"c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4"}, []string{"eyJhbGciOiJIUzI1NiJ9."}, false},
		{"txn cookie name", "__txn_St4te9xQmZ2=abc", textOpts{}, []string{"St4te9xQmZ2"}, []string{"__txn_"}, false},
		{"url fragment and path parameter", "https://app.example.com/cb;jsessionid=ABCDEF123456#access_token=xyz789&token_type=Bearer",
			textOpts{shapes: true, url: true}, []string{"ABCDEF123456", "xyz789"}, []string{"https://app.example.com/cb;jsessionid=", "&token_type=Bearer"}, false},
		{"userinfo password", "https://bob:s3cr3t@db.example.com/x", textOpts{url: true}, []string{"s3cr3t"}, []string{"https://bob:", "@db.example.com/x"}, false},
		{"nested encoded url", "https://a.example/?next=https%3A%2F%2Fb.example%2Fcb%3Fcode%3DC0de12345%26x%3D1", textOpts{shapes: true, url: true},
			[]string{"C0de12345"}, []string{"%26x%3D1"}, false},
		{"random path segment", "https://idp.example.com/u/aBc9XyZ7qWe4RtY2uIo8Lk/login", textOpts{shapes: true, url: true},
			[]string{"aBc9XyZ7qWe4RtY2uIo8Lk"}, []string{"/login"}, false},
		{"code is not data", "var s={state:function(){return code}}; x.token = y", textOpts{noNames: true}, nil, nil, true},
		{"object literal without quotes is code", "a={state:function(){}}", textOpts{}, nil, nil, true},
		{"plain words", "The code was sent to your phone.", textOpts{}, nil, nil, true},
		{"uuid in a url is no secret by shape", "https://app.example.com/orders/123e4567-e89b-12d3-a456-426614174000", textOpts{shapes: true, url: true}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := rewriter()
			out, changed := s.text([]byte(tt.in), tt.o)
			got := string(out)
			if tt.equal {
				if changed || got != tt.in {
					t.Fatalf("text(%q) = %q, want it unchanged", tt.in, got)
				}
				return
			}
			if !changed {
				t.Fatalf("text(%q) changed nothing", tt.in)
			}
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("text(%q) = %q still holds %q", tt.in, got, g)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(got, k) {
					t.Errorf("text(%q) = %q lost %q", tt.in, got, k)
				}
			}
			again, changed := s.text(out, tt.o)
			if changed || string(again) != got {
				t.Errorf("text is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, header, in, want string // want: "" means changed, with gone/kept checks
		gone, kept             []string
	}{
		{"cookie", "Cookie", "sid=abc123; theme=dark; flag=1", "", []string{"abc123", "dark"}, []string{"sid=", "; theme=", "; flag=1"}},
		{"set-cookie keeps attributes", "Set-Cookie", "sid=abc123; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax", "",
			[]string{"abc123"}, []string{"sid=", "; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax"}},
		{"set-cookie lines", "set-cookie", "a=v1v1v1v1; Path=/\nb=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "",
			[]string{"v1v1v1v1"}, []string{"; Path=/\nb=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}},
		{"bearer", "Authorization", "Bearer opaqueToken123", "", []string{"opaqueToken123"}, []string{"Bearer "}},
		{"basic", "Proxy-Authorization", "Basic dXNlcjpwYXNz", "", []string{"dXNlcjpwYXNz"}, []string{"Basic "}},
		{"api key header", "X-API-Key", "k_9f8e7d6c5b4a", "", []string{"9f8e7d6c5b4a"}, nil},
		{"location", "Location", "https://app.example.com/cb?code=abc&state=xyz", "", []string{"=abc", "=xyz"}, []string{"https://app.example.com/cb?code="}},
		{"plain header", "Cache-Control", "private, no-store, max-age=0", "private, no-store, max-age=0", nil, nil},
		{"empty cookie", "Cookie", "a=; b=deleted", "a=; b=deleted", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := rewriter()
			out, changed := s.header(tt.header, []byte(tt.in))
			got := string(out)
			if tt.want != "" {
				if changed || got != tt.want {
					t.Fatalf("header(%q, %q) = %q, want %q", tt.header, tt.in, got, tt.want)
				}
				return
			}
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("header(%q, %q) = %q still holds %q", tt.header, tt.in, got, g)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(got, k) {
					t.Errorf("header(%q, %q) = %q lost %q", tt.header, tt.in, got, k)
				}
			}
		})
	}
}

func TestReappearing(t *testing.T) {
	// A secret learned in one place is replaced wherever it reappears,
	// with the same pseudonym; a short one only where its name says so.
	in := []byte(`{"log":{"entries":[
{"request":{"headers":[{"name":"Cookie","value":"sid=Sess10nValue42; n=abc"}]},
 "response":{"content":{"mimeType":"text/plain","text":"your session Sess10nValue42 host x.Sess10nValue42.example abc"}}}]}}`)
	out := sanitizeT(t, in)
	if strings.Contains(string(out), "Sess10nValue42") {
		t.Fatalf("the learned value is still in %s", out)
	}
	p := newPseudonymizer(testKeyHash())
	if n := strings.Count(string(out), p.value("Sess10nValue42")); n != 3 {
		t.Errorf("the pseudonym appears %d times, want 3: %s", n, out)
	}
	if !strings.Contains(string(out), " abc\"") {
		t.Errorf("a short value was replaced outside its place: %s", out)
	}
}

func testKeyHash() []byte {
	sum := sha256.Sum256(testKey)
	return sum[:]
}

func TestIronSeal(t *testing.T) {
	s := rewriter()
	in := "Fe26.2*1*c2FsdDEyMzQ1Njc4*aXYxMjM0NTY3ODkw*Y2lwaGVydGV4dDEyMzQ1*1764835200000*c2FsdDI*aG1hYzEyMzQ1Njc4~2"
	out, changed := s.cookieValue([]byte(in))
	parts := strings.Split(string(out), "*")
	if !changed || len(parts) != 8 || parts[0] != "Fe26.2" || parts[1] != "1" || parts[5] != "1764835200000" {
		t.Fatalf("cookieValue(%q) = %q: want the version, password id and expiration kept", in, out)
	}
	for _, leak := range []string{"c2FsdDEyMzQ1Njc4", "Y2lwaGVydGV4dDEyMzQ1", "aG1hYzEyMzQ1Njc4"} {
		if strings.Contains(string(out), leak) {
			t.Errorf("cookieValue kept %q", leak)
		}
	}
}

func TestPII(t *testing.T) {
	in := "mail alice.smith@example.com from 203.0.113.7 via Chrome/131.0.0.0, again 203.0.113.7"
	s := rewriter()
	if _, changed := s.text([]byte(in), textOpts{}); changed {
		t.Fatal("without --pii, personal data must stay")
	}
	s.pii = true
	out, changed := s.text([]byte(in), textOpts{})
	got := string(out)
	if !changed || strings.Contains(got, "alice.smith") || strings.Contains(got, "203.0.113.7") {
		t.Fatalf("text = %q: want the local part and the address replaced", got)
	}
	for _, k := range []string{"@example.com", "Chrome/131.0.0.0"} {
		if !strings.Contains(got, k) {
			t.Errorf("text = %q lost %q", got, k)
		}
	}
	ip := s.p.value("203.0.113.7")
	if strings.Count(got, ip) != 2 || !IsPseudonym(ip) || !isIPv4([]byte(ip)) {
		t.Errorf("address pseudonym %q: want a recognisable IPv4 address, the same both times in %q", ip, got)
	}
	if again, changed := s.text(out, textOpts{}); changed {
		t.Errorf("a second run changed %q to %q", got, again)
	}
}

func TestSupabaseCookieIdempotent(t *testing.T) {
	// A "base64-" session pseudonym shows no "zPs" outside its base64: it
	// must still be recognised by the rewriter and by Check.
	session := `{"access_token":"opaque-access-123456","refresh_token":"r3fr3shT0ken","expires_at":1764835200}`
	v := "base64-" + base64.RawURLEncoding.EncodeToString([]byte(session))
	in := `{"log":{"entries":[{"request":{"headers":[{"name":"Cookie","value":"sb-ref-auth-token=` + v + `"}]}}]}}`
	out := sanitizeT(t, []byte(in))
	if strings.Contains(string(out), v) {
		t.Fatal("the session was not replaced")
	}
	if again := sanitizeT(t, out); string(again) != string(out) {
		t.Errorf("second run changed %s", out)
	}
	if left, err := Check(strings.NewReader(string(out))); err != nil || len(left) > 0 {
		t.Errorf("Check = %v, %v", left, err)
	}
}
