package httpcache

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestEdgeCookie(t *testing.T) {
	tests := []struct {
		name     string
		want     bool
		operator string
		purpose  string
	}{
		// Cloudflare, exact names.
		{"__cf_bm", true, "Cloudflare", "bot management"},
		{"_cfuvid", true, "Cloudflare", "rate limiting"},
		{"__cfduid", true, "Cloudflare", "bot management"},
		{"cf_clearance", true, "Cloudflare", "bot management"},
		{"__cflb", true, "Cloudflare", "load-balancer stickiness"},
		{"__cfruid", true, "Cloudflare", "rate limiting"},
		{"__cfwaitingroom", true, "Cloudflare", "waiting room"},
		{"__cfseq", true, "Cloudflare", "bot management"},
		{"cf_ob_info", true, "Cloudflare", "origin-failure fallback"},
		{"cf_use_ob", true, "Cloudflare", "origin-failure fallback"},
		{"cf_chl_rc_i", true, "Cloudflare", "bot challenge diagnostics"},
		{"cf_chl_rc_ni", true, "Cloudflare", "bot challenge diagnostics"},
		{"cf_chl_rc_m", true, "Cloudflare", "bot challenge diagnostics"},
		// Cloudflare near misses: documented names are exact.
		{"__cf_bm2", false, "", ""},
		{"__CF_BM", false, "", ""},
		{"cf_bm", false, "", ""},
		{"_cf_bm", false, "", ""},
		{"__cfseq-abc", false, "", ""},
		{"cf_chl_rc_x", false, "", ""},
		{"cf_chl_2", false, "", ""},
		{"__cfduid ", false, "", ""},
		// AWS Elastic Load Balancing.
		{"AWSALB", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBCORS", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBTG", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBTGCORS", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBAPP", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBAPP-0", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBAPP-3", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSELB", true, "AWS Elastic Load Balancing", "load-balancer stickiness"},
		{"AWSALBX", false, "", ""},
		{"AWSALBCORS2", false, "", ""},
		{"awsalb", false, "", ""},
		{"AWSALBAPP-", false, "", ""},
		{"AWSALBAPP-4", false, "", ""}, // at most 4 shards: 0-3
		{"AWSALBAPP-10", false, "", ""},
		{"AWSALBAPP-a", false, "", ""},
		{"AWSALBAPP0", false, "", ""},
		{"AWSELBAuthSessionCookie-0", false, "", ""}, // ALB authentication session: a real session, not listed
		// Azure.
		{"ARRAffinity", true, "Azure App Service", "load-balancer stickiness"},
		{"ApplicationGatewayAffinity", true, "Azure Application Gateway", "load-balancer stickiness"},
		{"ApplicationGatewayAffinityCORS", true, "Azure Application Gateway", "load-balancer stickiness"},
		{"arraffinity", false, "", ""},
		{"ARRAffinityX", false, "", ""},
		{"ApplicationGatewayAffinityCORS2", false, "", ""},
		// F5 BIG-IP.
		{"BIGipServerweb_pool", true, "F5 BIG-IP LTM", "load-balancer stickiness"},
		{"BIGipServer~Common~pool-443", true, "F5 BIG-IP LTM", "load-balancer stickiness"},
		{"BIGipServer", false, "", ""}, // the pool name is part of the documented name
		{"BigIPServerweb", false, "", ""},
		{"bigipserverweb", false, "", ""},
		{"TS01a2b3c4", true, "F5 BIG-IP ASM", "web application firewall"},
		{"TS0123ABCD", true, "F5 BIG-IP ASM", "web application firewall"},
		{"TS01a2b3c", false, "", ""},   // 7 hex digits
		{"TS01a2b3c4d", false, "", ""}, // 9 hex digits
		{"TS01a2b3cz", false, "", ""},
		{"TSPD_101", false, "", ""},
		{"ts01a2b3c4", false, "", ""},
		{"TS", false, "", ""},
		// Wikimedia.
		{"GeoIP", true, "Wikimedia Foundation", "geolocation"},
		{"WMF-Last-Access", true, "Wikimedia Foundation", "analytics"},
		{"WMF-Last-Access-Global", true, "Wikimedia Foundation", "analytics"},
		{"WMF-DP", true, "Wikimedia Foundation", "analytics"},
		{"NetworkProbeLimit", true, "Wikimedia Foundation", "network measurement"},
		{"GeoIPx", false, "", ""},
		{"geoip", false, "", ""},
		{"WMF-Last-Access-Globalx", false, "", ""},
		{"WMF-", false, "", ""},
		// Application cookies and edge cases.
		{"session", false, "", ""},
		{"sid", false, "", ""},
		{"__Host-session", false, "", ""},
		{"", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, ok := EdgeCookie(tt.name)
			if ok != tt.want {
				t.Fatalf("EdgeCookie(%q) ok = %v, want %v (info %+v)", tt.name, ok, tt.want, info)
			}
			if !ok {
				if info != (EdgeCookieInfo{}) {
					t.Errorf("EdgeCookie(%q) = %+v with ok=false, want zero info", tt.name, info)
				}
				return
			}
			if info.Operator != tt.operator || info.Purpose != tt.purpose {
				t.Errorf("EdgeCookie(%q) = operator %q purpose %q, want %q %q",
					tt.name, info.Operator, info.Purpose, tt.operator, tt.purpose)
			}
		})
	}
}

func TestEdgeCookieVendorAndLayer(t *testing.T) {
	tests := []struct {
		name   string
		vendor Vendor
		layer  EdgeLayer
	}{
		{"__cf_bm", VendorCloudflare, LayerEdge},
		{"__cflb", VendorCloudflare, LayerEdge},
		{"GeoIP", VendorUnknown, LayerEdge},
		{"AWSALB", VendorUnknown, LayerOrigin},
		{"ARRAffinity", VendorUnknown, LayerOrigin},
		{"BIGipServerweb", VendorUnknown, LayerOrigin},
	}
	for _, tt := range tests {
		info, ok := EdgeCookie(tt.name)
		if !ok {
			t.Fatalf("EdgeCookie(%q) not found", tt.name)
		}
		if info.Vendor != tt.vendor || info.Layer != tt.layer {
			t.Errorf("EdgeCookie(%q) = vendor %v layer %v, want %v %v", tt.name, info.Vendor, info.Layer, tt.vendor, tt.layer)
		}
	}
	if info, _ := EdgeCookie("__cfduid"); info.Retired != "2021-05-10" {
		t.Errorf("__cfduid Retired = %q, want 2021-05-10", info.Retired)
	}
	if info, _ := EdgeCookie("__cf_bm"); info.Retired != "" {
		t.Errorf("__cf_bm Retired = %q, want empty", info.Retired)
	}
}

func TestEdgeLayerString(t *testing.T) {
	for l, want := range map[EdgeLayer]string{LayerEdge: "edge", LayerOrigin: "origin", 0: "unknown", 9: "unknown"} {
		if got := l.String(); got != want {
			t.Errorf("EdgeLayer(%d).String() = %q, want %q", l, got, want)
		}
	}
}

// exampleNames returns names that a row must match: its exact name, or
// representative names for its pattern.
func exampleNames(e edgeCookie) []string {
	switch e.Match {
	case matchExact:
		return []string{e.Name}
	case matchPrefix:
		return []string{e.Name + "x", e.Name + "pool_80"}
	case matchShard:
		return []string{e.Name + "0", e.Name + "3"}
	case matchHex8:
		return []string{e.Name + "01ab23cd", e.Name + "FFFFFFFF"}
	}
	return nil
}

var purposeForm = regexp.MustCompile(`^[a-z][a-z -]*[a-z]$`)

func TestEdgeCookieTable(t *testing.T) {
	if len(edgeCookies) == 0 {
		t.Fatal("edgeCookies is empty")
	}
	for i, e := range edgeCookies {
		if i > 0 && edgeCookies[i-1].Name >= e.Name {
			t.Errorf("table not sorted by Name: %q before %q", edgeCookies[i-1].Name, e.Name)
		}
		if e.Name == "" || !isToken(e.Name) {
			t.Errorf("row %d: name %q is not an RFC 6265 cookie-name token", i, e.Name)
		}
		if e.Match > matchHex8 {
			t.Errorf("%q: unknown match kind %d", e.Name, e.Match)
		}
		in := e.Info
		if !purposeForm.MatchString(in.Purpose) {
			t.Errorf("%q: Purpose %q is not a lower-case phrase", e.Name, in.Purpose)
		}
		if in.Operator == "" || in.Product == "" {
			t.Errorf("%q: Operator %q, Product %q: both are required", e.Name, in.Operator, in.Product)
		}
		if in.Vendor != VendorUnknown && in.Operator != in.Vendor.String() {
			t.Errorf("%q: Operator %q differs from Vendor %q", e.Name, in.Operator, in.Vendor)
		}
		if in.Layer != LayerEdge && in.Layer != LayerOrigin {
			t.Errorf("%q: Layer %d is neither LayerEdge nor LayerOrigin", e.Name, in.Layer)
		}
		if in.Retired != "" && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(in.Retired) {
			t.Errorf("%q: Retired %q is not YYYY-MM-DD", e.Name, in.Retired)
		}
		u, err := url.Parse(in.Source)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.Path == "" {
			t.Errorf("%q: Source %q is not an https URL of a page", e.Name, in.Source)
		}
	}
}

// TestEdgeCookieNoOverlap checks that no cookie name can match two rows:
// every example name of a row matches that row only, and no row's literal
// name falls under another row's pattern.
func TestEdgeCookieNoOverlap(t *testing.T) {
	for i := range edgeCookies {
		a := &edgeCookies[i]
		for _, name := range exampleNames(*a) {
			if !a.matches(name) {
				t.Errorf("row %q does not match its own example %q", a.Name, name)
			}
			for j := range edgeCookies {
				if j != i && edgeCookies[j].matches(name) {
					t.Errorf("%q matches both %q and %q", name, a.Name, edgeCookies[j].Name)
				}
			}
		}
		if a.Match == matchExact {
			continue
		}
		// A pattern row claims every name starting with its Name; no other
		// row may start with that prefix, nor be a prefix of it unless it is
		// an exact name (an exact name is never longer than itself).
		for j := range edgeCookies {
			b := &edgeCookies[j]
			if j == i {
				continue
			}
			if strings.HasPrefix(b.Name, a.Name) && len(b.Name) > len(a.Name) {
				t.Errorf("%q lies under pattern %q", b.Name, a.Name)
			}
			if b.Match != matchExact && strings.HasPrefix(a.Name, b.Name) {
				t.Errorf("pattern %q lies under pattern %q", a.Name, b.Name)
			}
		}
	}
}

// TestEdgeCookieMatchesTable checks EdgeCookie against the table row by row,
// so a name added to the table is found through the exported function.
func TestEdgeCookieMatchesTable(t *testing.T) {
	for _, e := range edgeCookies {
		for _, name := range exampleNames(e) {
			info, ok := EdgeCookie(name)
			if !ok || info != e.Info {
				t.Errorf("EdgeCookie(%q) = %+v, %v; want row %q", name, info, ok, e.Name)
			}
		}
	}
}

func FuzzEdgeCookie(f *testing.F) {
	for _, e := range edgeCookies {
		for _, n := range exampleNames(e) {
			f.Add(n)
		}
	}
	f.Add("AWSALBAPP-9")
	f.Add("TS")
	f.Fuzz(func(t *testing.T, name string) {
		info, ok := EdgeCookie(name)
		if !ok {
			if info != (EdgeCookieInfo{}) {
				t.Fatalf("EdgeCookie(%q): non-zero info without a match", name)
			}
			return
		}
		n := 0
		for i := range edgeCookies {
			if edgeCookies[i].matches(name) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("EdgeCookie(%q) matches %d rows", name, n)
		}
		if info.Source == "" || info.Purpose == "" {
			t.Fatalf("EdgeCookie(%q) = %+v: missing Source or Purpose", name, info)
		}
	})
}
