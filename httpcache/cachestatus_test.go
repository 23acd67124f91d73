package httpcache

import (
	"reflect"
	"testing"
)

func TestParseCacheStatus(t *testing.T) {
	tests := []struct {
		name   string
		in     []string
		want   []CacheStatusEntry
		wantOK bool
	}{
		{"no lines", nil, nil, true},
		{"empty", []string{""}, []CacheStatusEntry{}, true},
		{"minimal hit", []string{"ExampleCache; hit"}, []CacheStatusEntry{{Cache: "ExampleCache", Hit: true}}, true},
		{"hit with ttl", []string{"ExampleCache; hit; ttl=376"}, []CacheStatusEntry{{Cache: "ExampleCache", Hit: true, TTL: 376, HasTTL: true}}, true},
		{"negative ttl", []string{"ExampleCache; hit; ttl=-412"}, []CacheStatusEntry{{Cache: "ExampleCache", Hit: true, TTL: -412, HasTTL: true}}, true},
		{"forward with status", []string{"ExampleCache; fwd=stale; fwd-status=304"}, []CacheStatusEntry{{Cache: "ExampleCache", Fwd: "stale", FwdStatus: 304}}, true},
		{"collapsed false", []string{"ExampleCache; fwd=uri-miss; collapsed=?0"}, []CacheStatusEntry{{Cache: "ExampleCache", Fwd: "uri-miss"}}, true},
		{"collapsed and stored", []string{"ForwardProxyCache; fwd=uri-miss; collapsed; stored"}, []CacheStatusEntry{{Cache: "ForwardProxyCache", Fwd: "uri-miss", Collapsed: true, Stored: true}}, true},
		{"key and detail", []string{`ExampleCache; hit; key="/a?b"; detail=MEMORY`}, []CacheStatusEntry{{Cache: "ExampleCache", Hit: true, Key: "/a?b", Detail: "MEMORY"}}, true},
		{"string identifier and two members", []string{`OriginCache; hit; ttl=1100, "CDN Company Here"; hit; ttl=545`}, []CacheStatusEntry{
			{Cache: "OriginCache", Hit: true, TTL: 1100, HasTTL: true},
			{Cache: "CDN Company Here", Hit: true, TTL: 545, HasTTL: true},
		}, true},
		{"repeated lines combine", []string{"A; hit", "B; fwd=miss"}, []CacheStatusEntry{{Cache: "A", Hit: true}, {Cache: "B", Fwd: "miss"}}, true},
		{"netlify", []string{`"Netlify Durable"; fwd=stale; ttl=31534724; stored, "Netlify Edge"; fwd=miss`}, []CacheStatusEntry{
			{Cache: "Netlify Durable", Fwd: "stale", TTL: 31534724, HasTTL: true, Stored: true},
			{Cache: "Netlify Edge", Fwd: "miss"},
		}, true},
		{"wrong parameter types ignored", []string{`C; hit=1; fwd="miss"; ttl=1.5; fwd-status=x`}, []CacheStatusEntry{{Cache: "C"}}, true},
		{"hit false", []string{"C; hit=?0"}, []CacheStatusEntry{{Cache: "C"}}, true},
		{"numeric identifier skipped", []string{"42; hit, C; hit"}, []CacheStatusEntry{{Cache: "C", Hit: true}}, true},
		{"inner list skipped", []string{"(a b); hit, C"}, []CacheStatusEntry{{Cache: "C"}}, true},
		{"tab whitespace between members", []string{"A;hit,\tB;fwd=miss"}, []CacheStatusEntry{{Cache: "A", Hit: true}, {Cache: "B", Fwd: "miss"}}, true},
		{"trailing comma", []string{"A; hit,"}, nil, false},
		{"unterminated string", []string{`"A; hit`}, nil, false},
		{"uppercase parameter key", []string{"A; Hit"}, nil, false},
		{"space before semicolon", []string{"A ; hit"}, nil, false},
		{"non-ascii", []string{"Cachë; hit"}, nil, false},
		{"missing parameter value", []string{"A; ttl="}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseCacheStatus(tt.in...)
			if ok != tt.wantOK {
				t.Fatalf("ParseCacheStatus(%q) ok = %v, want %v", tt.in, ok, tt.wantOK)
			}
			if !(len(got) == 0 && len(tt.want) == 0) && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCacheStatus(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCacheStatusEntryState(t *testing.T) {
	tests := []struct {
		e    CacheStatusEntry
		want State
	}{
		{CacheStatusEntry{Hit: true}, Hit},
		{CacheStatusEntry{Hit: true, TTL: 10, HasTTL: true}, Hit},
		{CacheStatusEntry{Hit: true, TTL: -1, HasTTL: true}, Stale},
		{CacheStatusEntry{Fwd: "stale", FwdStatus: 304}, Revalidated},
		{CacheStatusEntry{Fwd: "stale", FwdStatus: 200}, Miss},
		{CacheStatusEntry{Fwd: "uri-miss"}, Miss},
		{CacheStatusEntry{Fwd: "vary-miss"}, Miss},
		{CacheStatusEntry{Fwd: "miss"}, Miss},
		{CacheStatusEntry{Fwd: "partial"}, Miss},
		{CacheStatusEntry{Fwd: "bypass"}, Bypass},
		{CacheStatusEntry{Fwd: "method"}, Bypass},
		{CacheStatusEntry{Fwd: "request"}, Bypass},
		{CacheStatusEntry{Fwd: "teapot"}, Other},
		{CacheStatusEntry{}, Other},
	}
	for _, tt := range tests {
		if got := tt.e.State(); got != tt.want {
			t.Errorf("%+v.State() = %v, want %v", tt.e, got, tt.want)
		}
	}
}
