package httpcache

// Cookies that CDNs, load balancers, gateways and bot managers add to
// responses themselves, at delivery, rather than the application behind them.
// A Set-Cookie for one of these on a response served from cache is not, by
// itself, a cookie replayed from that cache: the edge adds a fresh one on
// every delivery (Cloudflare, Wikimedia's Varnish frontends), or a load
// balancer in front of the origin added routing state that carries no user
// session (AWS ELB, Azure, F5 BIG-IP).
//
// Every entry below was read in the vendor's or operator's own documentation,
// or for an open-source edge in its source; the Source field is the page that
// lists the cookie, and the comment beside the entry says what it says.
// Candidates that could not be confirmed there are left out on purpose (see
// the commit message and the issue 9 report): among them Akamai Bot Manager
// (ak_bmsc, bm_sv, bm_sz, _abck, ...), Imperva (incap_ses_*, visid_incap_*),
// Google Cloud Load Balancing (GCLB), Azure ARRAffinitySameSite, Wikimedia
// WMF-Uniq, Vercel, Netlify and Fastly.
//
// Names are compared byte for byte: cookie names are case-sensitive (RFC 6265
// §5.3 step 11 compares names exactly), and each name is written here as the
// vendor documents it.

// EdgeLayer says where in the delivery path a cookie is added.
type EdgeLayer uint8

const (
	// LayerEdge is a cookie the CDN or caching proxy adds as it delivers a
	// response (Cloudflare, Wikimedia's Varnish frontends). It is not part
	// of what that cache stores, so a cache hit carrying it replays nothing.
	LayerEdge EdgeLayer = iota + 1
	// LayerOrigin is a cookie a load balancer, gateway or web application
	// firewall in front of the origin servers adds (AWS Elastic Load
	// Balancing, Azure App Service and Application Gateway, F5 BIG-IP). A
	// CDN in front of it sees the cookie as the origin's and may store it
	// with the response; what a replay then hands out is routing or WAF
	// state, not the application's session.
	LayerOrigin
)

// String returns "edge" or "origin" ("unknown" for the zero value).
func (l EdgeLayer) String() string {
	switch l {
	case LayerEdge:
		return "edge"
	case LayerOrigin:
		return "origin"
	}
	return "unknown"
}

// EdgeCookieInfo describes a cookie that infrastructure sets by itself.
type EdgeCookieInfo struct {
	// Vendor is the httpcache vendor that sets the cookie when one of the
	// Vendor constants is that vendor; VendorUnknown otherwise (load
	// balancers and WAFs that are not CDNs, Wikimedia's own edge).
	Vendor Vendor
	// Operator names who sets the cookie, always set: "Cloudflare", "AWS
	// Elastic Load Balancing", "Azure App Service", "F5 BIG-IP LTM", ...
	Operator string
	// Product is the vendor's feature that sets it ("Bot Management",
	// "Application Load Balancer duration-based stickiness", ...).
	Product string
	// Purpose is a lower-case phrase: "bot management", "load-balancer
	// stickiness", "geolocation", "rate limiting", ...
	Purpose string
	// Layer says whether the edge itself or a load balancer in front of the
	// origin adds the cookie.
	Layer EdgeLayer
	// Retired is the date (YYYY-MM-DD) from which the vendor says it no
	// longer sets the cookie, "" while it is in use. Old HARs still carry
	// retired cookies.
	Retired string
	// Source is the documentation (or source code) URL that lists the
	// cookie.
	Source string
}

// edgeNameMatch says how an edgeCookie's Name is compared with a cookie name.
type edgeNameMatch uint8

const (
	// matchExact: the cookie name equals Name.
	matchExact edgeNameMatch = iota
	// matchPrefix: the cookie name is Name followed by at least one byte
	// (F5's BIGipServer<pool_name>).
	matchPrefix
	// matchShard: the cookie name is Name followed by one digit 0-3 (AWS
	// shards its application cookie into at most four: AWSALBAPP-0..3).
	matchShard
	// matchHex8: the cookie name is Name followed by exactly eight
	// hexadecimal digits (F5 ASM's TSxxxxxxxx main cookie).
	matchHex8
)

// edgeCookie is one row of the table: a name or name pattern and what the
// vendor says about it.
type edgeCookie struct {
	Name  string
	Match edgeNameMatch
	Info  EdgeCookieInfo
}

// Sources, one constant per page read. The AWS pages were read in the
// awsdocs/elb-application-load-balancers-user-guide copy of the guide at
// commit 01a945e0dc61cc3ae8b50f9dc764c95502baf9f5 (doc_source/*.md), the
// Azure pages in MicrosoftDocs/azure-docs (articles/application-gateway/*.md),
// the Cloudflare page in cloudflare/cloudflare-docs
// (src/content/docs/fundamentals/reference/policies-compliances/cloudflare-cookies.mdx).
const (
	srcCloudflareCookies = "https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/"
	srcCloudflareCfduid  = "https://blog.cloudflare.com/deprecating-cfduid-cookie/"
	srcALBSticky         = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html"
	srcALBListeners      = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
	srcCLBSticky         = "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-sticky-sessions.html"
	srcAppGateway        = "https://learn.microsoft.com/en-us/azure/application-gateway/configuration-http-settings"
	srcAppServiceARR     = "https://learn.microsoft.com/en-us/azure/application-gateway/troubleshoot-app-service-redirection-app-service-url"
	srcF5Persistence     = "https://my.f5.com/manage/s/article/K6917"
	srcF5ASM             = "https://support.f5silverline.com/hc/en-us/articles/360052537934-Q-A-What-cookies-are-leveraged-in-Silverline-WAF-"
	// Wikimedia's edge configuration (operations/puppet), read at commit
	// d3590882967af82c73dec71ad2ea7228dbf048f9 (2024-10-24).
	srcWMFPuppet    = "https://github.com/wikimedia/operations-puppet/blob/d3590882967af82c73dec71ad2ea7228dbf048f9/modules/varnish/templates/"
	srcWMFAnalytics = srcWMFPuppet + "analytics.inc.vcl.erb"
	srcWMFGeoIP     = srcWMFPuppet + "geoip.inc.vcl.erb"
	srcWMFFrontend  = srcWMFPuppet + "text-frontend.inc.vcl.erb"
)

// Operator names.
const (
	opCloudflare = "Cloudflare"
	opAWSELB     = "AWS Elastic Load Balancing"
	opAppService = "Azure App Service"
	opAppGateway = "Azure Application Gateway"
	opF5LTM      = "F5 BIG-IP LTM"
	opF5ASM      = "F5 BIG-IP ASM"
	opWikimedia  = "Wikimedia Foundation"
)

// edgeCookies is the table, sorted by Name (byte order). No name matches two
// rows (TestEdgeCookieTable checks both).
var edgeCookies = []edgeCookie{
	// Azure App Service: "The domain value for the ARRAffinity cookie set by
	// the app service carries the example.azurewebsites.net domain name";
	// the page's sample response carries "Set-Cookie: ARRAffinity=<hash>".
	// The App Service team's post "Disable Session affinity cookie (ARR
	// cookie) for Azure web apps" (azure.github.io/AppService, 2016) says the
	// same: ARR "identifies the user by assigning them a special cookie
	// (known as an affinity cookie)".
	{"ARRAffinity", matchExact, EdgeCookieInfo{Operator: opAppService, Product: "Application Request Routing affinity",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcAppServiceARR}},
	// AWS: "the load balancer ... generates a cookie named AWSALB. It encodes
	// information about the selected target, encrypts the cookie, and
	// includes the cookie in the response to the client."
	{"AWSALB", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer duration-based stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBSticky}},
	// AWS: "When the Application Load Balancer receives the custom
	// application cookie from the target, it automatically generates a new
	// encrypted cookie called AWSALBAPP to capture stickiness information."
	// (the earlier wording of the same page; see AWSALBAPP- below).
	{"AWSALBAPP", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer application-based stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBSticky}},
	// AWS: "the load balancer shards application cookies greater than 4K
	// into multiple cookies ... can therefore create up to 4 shards ... The
	// application cookie name that the client sees begins with "AWSALBAPP-"
	// and includes a fragment number ... AWSALBAPP-0 ... AWSALBAPP-1".
	{"AWSALBAPP-", matchShard, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer application-based stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBSticky}},
	// AWS: "With cross-origin resource sharing (CORS) requests ... the load
	// balancer generates a second stickiness cookie, AWSALBCORS, which
	// includes the same information as the original stickiness cookie plus
	// the SameSite attribute."
	{"AWSALBCORS", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer duration-based stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBSticky}},
	// AWS (forward actions, target group stickiness): "When the load
	// balancer first routes a request to a weighted target group, it
	// generates a cookie named AWSALBTG that encodes information about the
	// selected target group".
	{"AWSALBTG", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer target group stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBListeners}},
	// AWS (same section): "Elastic Load Balancing generates a second cookie,
	// AWSALBTGCORS, which includes the same information as the original
	// stickiness cookie plus this SameSite attribute."
	{"AWSALBTGCORS", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Application Load Balancer target group stickiness",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcALBListeners}},
	// AWS Classic Load Balancer: "Elastic Load Balancing creates a cookie,
	// named AWSELB, that is used to map the session to the instance."
	{"AWSELB", matchExact, EdgeCookieInfo{Operator: opAWSELB, Product: "Classic Load Balancer sticky sessions",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcCLBSticky}},
	// Azure Application Gateway: "Application Gateway (all the SKU types)
	// will inject another cookie called ApplicationGatewayAffinityCORS in
	// addition to the existing ApplicationGatewayAffinity cookie" and "The
	// default affinity cookie name is ApplicationGatewayAffinity and you can
	// change it". Only the default names are listed.
	{"ApplicationGatewayAffinity", matchExact, EdgeCookieInfo{Operator: opAppGateway, Product: "cookie-based affinity",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcAppGateway}},
	{"ApplicationGatewayAffinityCORS", matchExact, EdgeCookieInfo{Operator: opAppGateway, Product: "cookie-based affinity",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcAppGateway}},
	// F5 K6917: "the BIG-IP system inserts a cookie into the HTTP response
	// ... The cookie, by default, is named BIGipServer<pool_name>. ... The
	// cookie value contains the encoded IP address and port of the
	// destination server."
	{"BIGipServer", matchPrefix, EdgeCookieInfo{Operator: opF5LTM, Product: "HTTP cookie insert persistence",
		Purpose: "load-balancer stickiness", Layer: LayerOrigin, Source: srcF5Persistence}},
	// Wikimedia: text-frontend.inc.vcl.erb, sub cluster_fe_deliver: "Perform
	// GeoIP look-up and send the result as a session cookie" (call
	// geoip_cookie); geoip.inc.vcl.erb writes
	// "GeoIP=<country>:<region>:<city>:<lat>:<lon>:v4; Path=/; secure;
	// Domain=.<top domain>" into resp Set-Cookie.
	{"GeoIP", matchExact, EdgeCookieInfo{Operator: opWikimedia, Product: "Varnish frontend GeoIP lookup",
		Purpose: "geolocation", Layer: LayerEdge, Source: srcWMFGeoIP}},
	// Wikimedia: text-frontend.inc.vcl.erb, cluster_fe_deliver:
	// "NetworkProbeLimit Cookie (T335637) Overrides the default network
	// probe limit value", appended as "NetworkProbeLimit=0.001;Path=/;
	// Secure;SameSite=Lax;Max-Age=3600" unless the request already sent it.
	{"NetworkProbeLimit", matchExact, EdgeCookieInfo{Operator: opWikimedia, Product: "network probe sampling",
		Purpose: "network measurement", Layer: LayerEdge, Source: srcWMFFrontend}},
	// F5 Silverline (F5's managed BIG-IP ASM WAF): "The TS cookie is set by
	// our infrastructure (BIG-IP ASM) ... The ASM Main cookie is inserted
	// into HTTP responses to client requests ... The ASM Main cookie name
	// structure contains eight hexadecimal characters (TSxxxxxxxx)." Only
	// the main cookie's documented shape is listed; ASM's other cookies
	// (frame, feature, TSPD_*) are not in that page.
	{"TS", matchHex8, EdgeCookieInfo{Operator: opF5ASM, Product: "ASM main cookie",
		Purpose: "web application firewall", Layer: LayerOrigin, Source: srcF5ASM}},
	// Wikimedia: analytics.inc.vcl.erb, set_differential_privacy_cookie__
	// appends "WMF-DP=<hashes>;Path=/;HttpOnly;secure;Expires=<midnight>"
	// in analytics_differential_privacy_deliver_, and the recv side strips
	// it: "Remove the WMF-DP cookie cause we don't want this leaving
	// varnish".
	{"WMF-DP", matchExact, EdgeCookieInfo{Operator: opWikimedia, Product: "differential-privacy pageview counting",
		Purpose: "analytics", Layer: LayerEdge, Source: srcWMFAnalytics}},
	// Wikimedia: analytics.inc.vcl.erb, "Varnish VCL for WMF-Last-Access
	// Cookie" (wikitech Analytics/Unique_clients/Last_visit_solution);
	// set_last_access_cookie__ appends "WMF-Last-Access=<dd-Mon-yyyy>;
	// Path=/;HttpOnly;secure;Expires=..." from analytics_last_access_deliver_.
	{"WMF-Last-Access", matchExact, EdgeCookieInfo{Operator: opWikimedia, Product: "last-access unique-client counting",
		Purpose: "analytics", Layer: LayerEdge, Source: srcWMFAnalytics}},
	// Wikimedia: same file, set_last_access_global_cookie__ "Same as
	// set_last_access_cookie__ but with Domain attribute".
	{"WMF-Last-Access-Global", matchExact, EdgeCookieInfo{Operator: opWikimedia, Product: "last-access unique-client counting",
		Purpose: "analytics", Layer: LayerEdge, Source: srcWMFAnalytics}},
	// Cloudflare: "Cloudflare places the __cf_bm cookie on end-user devices
	// that access customer sites protected by Bot Management or Bot Fight
	// Mode ... This cookie expires after 30 minutes of continuous
	// inactivity".
	{"__cf_bm", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Bot Management, Bot Fight Mode",
		Purpose: "bot management", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare blog, 2020-12-09: "Cloudflare is deprecating the __cfduid
	// cookie. Starting on 10 May 2021, we will stop adding a "Set-Cookie"
	// header on all HTTP responses ... The primary use of the cookie is for
	// detecting bots on the web."
	{"__cfduid", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "bot detection",
		Purpose: "bot management", Layer: LayerEdge, Retired: "2021-05-10", Source: srcCloudflareCfduid}},
	// Cloudflare: "When enabling session affinity with Cloudflare Load
	// Balancer, Cloudflare sets a __cflb cookie with a unique value on the
	// first response to the requesting client."
	{"__cflb", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Load Balancing session affinity",
		Purpose: "load-balancer stickiness", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare: "__cfruid to support Cloudflare Rate Limiting (previous
	// version) ... this cookie is required to manage incoming traffic".
	{"__cfruid", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Rate Limiting (previous version)",
		Purpose: "rate limiting", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare: "__cfseq cookie for Cloudflare bot products": Sequence
	// rules "uses cookies to track the order of requests a user has made and
	// the time between requests". The page names __cfseq only; longer
	// sequence-cookie names are not documented there.
	{"__cfseq", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Bot Management sequence rules",
		Purpose: "bot management", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare: "The __cfwaitingroom cookie is only used to track visitors
	// that access a waiting room enabled host and path combination".
	{"__cfwaitingroom", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Waiting Room",
		Purpose: "waiting room", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare: "The _cfuvid cookie is only set when a site uses this
	// option in a Rate Limiting Rule, and is only used to allow the
	// Cloudflare WAF to distinguish individual users who share the same IP
	// address."
	{"_cfuvid", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Rate Limiting Rules",
		Purpose: "rate limiting", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare, "Additional cookies used by the Challenge Platform":
	// "cf_chl_rc_i; cf_chl_rc_ni; cf_chl_rc_m: These cookies are for
	// internal use which allows Cloudflare to identify production issues on
	// clients."
	{"cf_chl_rc_i", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Challenge Platform",
		Purpose: "bot challenge diagnostics", Layer: LayerEdge, Source: srcCloudflareCookies}},
	{"cf_chl_rc_m", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Challenge Platform",
		Purpose: "bot challenge diagnostics", Layer: LayerEdge, Source: srcCloudflareCookies}},
	{"cf_chl_rc_ni", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Challenge Platform",
		Purpose: "bot challenge diagnostics", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare: "cf_clearance: Clearance Cookie stores the proof of
	// challenge passed. It is used to no longer issue a challenge if
	// present."; also "JavaScript detections are stored in the cf_clearance
	// cookie."
	{"cf_clearance", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Challenge Platform, JavaScript detections",
		Purpose: "bot management", Layer: LayerEdge, Source: srcCloudflareCookies}},
	// Cloudflare, "cf_ob_info and cf_use_ob cookie for Cloudflare Always
	// Online": cf_ob_info carries the origin's status code, the Ray ID of
	// the failed request and the data center; "The cf_use_ob cookie informs
	// Cloudflare to fetch the requested resource from the Always Online
	// cache ... persistent cookies that expire after 30 seconds."
	{"cf_ob_info", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Always Online",
		Purpose: "origin-failure fallback", Layer: LayerEdge, Source: srcCloudflareCookies}},
	{"cf_use_ob", matchExact, EdgeCookieInfo{Vendor: VendorCloudflare, Operator: opCloudflare, Product: "Always Online",
		Purpose: "origin-failure fallback", Layer: LayerEdge, Source: srcCloudflareCookies}},
}

// EdgeCookie reports whether name is a cookie that a CDN, load balancer,
// gateway or bot manager documents as setting itself, and what it is for.
// Names are compared case-sensitively, as documented: "__cf_bm" matches,
// "__CF_BM" and "__cf_bm2" do not. Patterns are the documented ones only:
// "AWSALBAPP-0" to "AWSALBAPP-3", "BIGipServer<pool>", "TS<8 hex digits>".
//
// A match says who adds the cookie, not that a given response's copy is
// harmless: a rule still has to read the response (see EdgeCookieInfo.Layer).
func EdgeCookie(name string) (EdgeCookieInfo, bool) {
	for i := range edgeCookies {
		if edgeCookies[i].matches(name) {
			return edgeCookies[i].Info, true
		}
	}
	return EdgeCookieInfo{}, false
}

// matches reports whether the cookie name fits this row.
func (e *edgeCookie) matches(name string) bool {
	if e.Match == matchExact {
		return name == e.Name
	}
	if len(name) <= len(e.Name) || name[:len(e.Name)] != e.Name {
		return false
	}
	rest := name[len(e.Name):]
	switch e.Match {
	case matchPrefix:
		return true
	case matchShard:
		return len(rest) == 1 && rest[0] >= '0' && rest[0] <= '3'
	case matchHex8:
		if len(rest) != 8 {
			return false
		}
		for i := 0; i < len(rest); i++ {
			if !isHexDigit(rest[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// isHexDigit reports whether c is an ASCII hexadecimal digit.
func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
