package token

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"
)

// fixturePath holds tokens made by the real libraries (see
// testdata/tokens/README.md). Tests only read it; they never need node.
const fixturePath = "../testdata/tokens/tokens.json"

type fixtureFile struct {
	GeneratedAt int64             `json:"generated_at"`
	Versions    map[string]string `json:"versions"`
	Tokens      []fixture         `json:"tokens"`
}

type fixture struct {
	ID         string         `json:"id"`
	Library    string         `json:"library"`
	Package    string         `json:"package"`
	Version    string         `json:"version"`
	Secrets    []string       `json:"secrets"`
	CookieName string         `json:"cookie_name"`
	Chunks     []chunk        `json:"chunks"`
	Token      string         `json:"token"`
	Expired    bool           `json:"expired"`
	ClaimsIn   map[string]any `json:"claims_in"`
	Payload    map[string]any `json:"payload"`
	Header     map[string]any `json:"header"`
	Exp        int64          `json:"exp"`
	Iat        *int64         `json:"iat"`
}

type chunk struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

var fixtureLibraries = map[string]Library{
	"nextauth-v4":     NextAuthV4,
	"authjs-v5":       AuthJSV5,
	"nextjs-auth0-v3": NextjsAuth0V3,
	"nextjs-auth0-v4": NextjsAuth0V4,
}

func (f fixture) library(t testing.TB) Library {
	lib, ok := fixtureLibraries[f.Library]
	if !ok {
		t.Fatalf("%s: unknown fixture library %q", f.ID, f.Library)
	}
	return lib
}

func loadFixtures(t testing.TB) fixtureFile {
	t.Helper()
	b, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	var ff fixtureFile
	if err := json.Unmarshal(b, &ff); err != nil {
		t.Fatalf("parse %s: %v", fixturePath, err)
	}
	if len(ff.Tokens) == 0 {
		t.Fatalf("%s holds no tokens", fixturePath)
	}
	return ff
}

func fixtureByID(t testing.TB, id string) fixture {
	t.Helper()
	for _, f := range loadFixtures(t).Tokens {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no fixture %q", id)
	return fixture{}
}

// diffKeys names the top-level keys whose values differ, without printing
// any value (claims stay out of test logs).
func diffKeys(got, want map[string]any) []string {
	var keys []string
	for k, w := range want {
		if g, ok := got[k]; !ok || !reflect.DeepEqual(g, w) {
			keys = append(keys, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func TestFixturesCoverEveryLibrary(t *testing.T) {
	ff := loadFixtures(t)
	type key struct {
		lib     string
		expired bool
	}
	seen := map[key]bool{}
	for _, f := range ff.Tokens {
		f.library(t)
		if f.Version == "" || len(f.Secrets) == 0 || f.CookieName == "" || f.Token == "" {
			t.Errorf("%s: incomplete fixture", f.ID)
		}
		seen[key{f.Library, f.Expired}] = true
		if !f.Expired && time.Unix(f.Exp, 0).Year() < 2099 {
			t.Errorf("%s: valid fixture expires before 2099", f.ID)
		}
		if f.Expired && f.Exp >= ff.GeneratedAt {
			t.Errorf("%s: expired fixture was not expired when generated", f.ID)
		}
	}
	for lib := range fixtureLibraries {
		for _, expired := range []bool{false, true} {
			if !seen[key{lib, expired}] {
				t.Errorf("no fixture for %s with expired=%v", lib, expired)
			}
		}
	}
}
