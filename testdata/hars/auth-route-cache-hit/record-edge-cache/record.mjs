// record.mjs records auth-route-cache-hit fixtures with a real Chromium
// signing in twice to a real Auth.js app (@auth/core, pinned in
// package.json) through a real caching proxy (nginx proxy_cache) that
// caches the OAuth callback and speaks as a Cloudflare-, a Vercel-, a
// Fastly- or a Netlify-style edge. Run by hand as root from this directory
// after `npm ci`, with nginx and Debian's libnginx-mod-http-js and
// libnginx-mod-http-headers-more-filter installed:
//
//	node record.mjs
//
// Layout (all on 127.0.0.1; Chromium maps the names with
// --host-resolver-rules, ports included):
//
//	app.example.com:80 -> nginx, one server per vendor (18481..18484)
//	                   -> origin: Auth.js on 127.0.0.1:18480
//	idp.example.com:80 -> a small OAuth provider on 127.0.0.1:18489
//
// The edge is misconfigured the way support tickets show it: the callback
// path /api/auth/callback/ is cached for 10 minutes whatever the origin says
// (proxy_ignore_headers Set-Cookie Cache-Control Expires, so the stored
// Set-Cookie is replayed), and its cache key leaves out the query string, so
// the code and state of a later login do not make a new key. Each HAR holds
// one browser signing in as "alice" (callback forwarded: a miss, stored),
// signing out, and signing in as "bob": the provider authenticates bob, but
// the callback is answered from the cache with alice's session cookie and the
// origin never sees bob's code or his state cookie. results.json records,
// per vendor, what the provider authenticated, which callbacks reached the
// origin, the browser's cookie jar at the end and the session the app then
// reported: the ground truth of each case.
//
// The near misses (../near-miss-chromium-authjs-callback-<vendor>-miss.har)
// go through the same edge with the same key, minus proxy_ignore_headers:
// nginx then keeps its default of not storing responses that set cookies
// (nginx 0.8.44: "now nginx does not cache by default backend responses, if
// they have a Set-Cookie header line"), as Fastly's default VCL passes them
// and Cloudflare does not cache them under "Cache Everything"
// (../../../../../shared/reference/cdn-cache-headers.md). Both callbacks reach
// the origin, each a miss, and bob ends signed in as bob.
//
// Vendor headers, as each vendor documents them:
//   - Cloudflare: cf-cache-status HIT, MISS, EXPIRED, STALE, UPDATING,
//     REVALIDATED, BYPASS, DYNAMIC ("not eligible for caching"),
//     https://developers.cloudflare.com/cache/concepts/cache-responses/ ;
//     cf-ray "<16 hex>-<IATA code of the data center>" (e.g.
//     "230b030023ae2822-SJC"),
//     https://developers.cloudflare.com/fundamentals/reference/http-headers/ ;
//     "Server: cloudflare".
//   - Vercel: x-vercel-cache MISS, HIT, STALE, BYPASS, PRERENDER,
//     REVALIDATED, https://vercel.com/docs/headers/response-headers#x-vercel-cache ;
//     x-vercel-id, the Vercel regions the request passed ("fra1::iad1::..."),
//     https://vercel.com/docs/headers/request-headers#x-vercel-id ;
//     "server: Vercel", https://vercel.com/docs/headers/response-headers .
//   - Fastly: X-Served-By "cache-{datacenter}{nodeid}-{datacenter}",
//     https://www.fastly.com/documentation/reference/http/http-headers/X-Served-By/ ;
//     X-Cache HIT or MISS (PASS reports MISS),
//     https://www.fastly.com/documentation/reference/http/http-headers/X-Cache/ ;
//     X-Cache-Hits, the object's hit count on that node (obj.hits),
//     https://www.fastly.com/documentation/reference/http/http-headers/X-Cache-Hits/ ;
//     Age, https://www.fastly.com/documentation/guides/full-site-delivery/caching/checking-cache
//     ("Age: 142 / X-Served-By: ... / X-Cache: HIT, HIT / X-Cache-Hits: 1, 7").
//     One node here (no shielding), so one entry each.
//   - Netlify: Cache-Status (RFC 9211) '"Netlify Edge"; hit',
//     '"Netlify Edge"; fwd=miss', '"Netlify Edge"; fwd=stale',
//     https://www.netlify.com/blog/gain-better-insights-into-edge-caching-behavior-on-netlify/ ;
//     x-nf-request-id and "Server: Netlify" as Netlify responses carry them
//     (also what authlint's httpcache.DetectVendor keys on).
//   - Age (RFC 9111 §5.1) on responses from the cache, computed from the
//     stored origin Date (proxy_pass_header Date keeps it).
import http from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Auth, customFetch } from "@auth/core";
import { chromium } from "playwright-core";

const APP = "http://app.example.com";
const IDP = "http://idp.example.com";
const ORIGIN_PORT = 18480;
const IDP_PORT = 18489;
const VENDORS = [
  { name: "cloudflare", port: 18481 },
  { name: "vercel", port: 18482 },
  { name: "fastly", port: 18483 },
  { name: "netlify", port: 18484 },
];
// Each vendor twice: an edge that stores the callback (the case) and one
// that keeps nginx's Set-Cookie default (the near miss), 4 ports up.
const EDGES = VENDORS.flatMap((v) => [{ ...v, stores: true }, { ...v, port: v.port + 4, stores: false }]);

let nextUser = "alice"; // whom the provider authenticates next
const originLog = []; // callbacks that reached the origin
const authLog = [];

const config = {
  basePath: "/api/auth",
  trustHost: true,
  secret: "authlint-fake-secret-authjs-edge-cache-not-real-0123456789",
  logger: {
    error: (e) => authLog.push(`[auth][error] ${e.type ?? e.name}: ${e.message.split("\n")[0]}`),
    warn: (code) => authLog.push(`[auth][warn] ${code}`),
    debug: () => {},
  },
  providers: [{
    id: "test", name: "Test IdP", type: "oauth",
    clientId: "test-client", clientSecret: "test-secret-not-real",
    authorization: { url: `${IDP}/authorize`, params: { scope: "profile" } },
    token: `${IDP}/token`, userinfo: `${IDP}/userinfo`,
    checks: ["pkce", "state"],
    profile: (p) => ({ id: p.sub, name: p.name }),
    // No logo: the sign-in page would load it from authjs.dev.
    style: { logo: "" },
    // The back channel (token, userinfo) goes from Node, which does not
    // know Chromium's host mapping: send it to the provider's port.
    [customFetch]: (url, opts) => fetch(String(url).replace(IDP, `http://127.0.0.1:${IDP_PORT}`), opts),
  }],
};

const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });

// The provider: /authorize shows a page with a link back to the callback,
// carrying a code for the user it authenticates now.
const idp = http.createServer(async (req, res) => {
  const url = new URL(req.url, IDP);
  const body = (await readBody(req)).toString();
  if (url.pathname === "/authorize") {
    const back = new URL(url.searchParams.get("redirect_uri"));
    back.searchParams.set("code", `test-code-${nextUser}-${Date.now()}`);
    back.searchParams.set("state", url.searchParams.get("state"));
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    return res.end(`<!doctype html><title>Test IdP</title><p>signed in as ${nextUser}</p><a id="continue" href="${back}">Continue</a>`);
  }
  if (url.pathname === "/token") {
    const user = new URLSearchParams(body).get("code").split("-")[2];
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    return res.end(JSON.stringify({ access_token: `test-access-token-${user}`, token_type: "Bearer", expires_in: 3600 }));
  }
  const user = (req.headers.authorization || "").split("-").pop();
  res.writeHead(200, { "Content-Type": "application/json" });
  return res.end(JSON.stringify({ sub: `user-${user}`, name: user }));
});

// The origin: Auth.js under /api/auth, and a home page that shows whom the
// session endpoint says is signed in.
const origin = http.createServer(async (req, res) => {
  const body = await readBody(req);
  if (req.url.startsWith("/api/auth")) {
    if (req.url.startsWith("/api/auth/callback/")) originLog.push(`${req.headers["x-edge"]} ${req.method} ${req.url.replace(/state=[^&]+/, "state=...")}`);
    const request = new Request(`${APP}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "x-edge").map(([k, v]) => [k, String(v)]),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const response = await Auth(request, config);
    const headers = ["Date", new Date().toUTCString()];
    response.headers.forEach((v, k) => { if (k !== "set-cookie") headers.push(k, v); });
    for (const c of response.headers.getSetCookie()) headers.push("set-cookie", c);
    res.writeHead(response.status, headers);
    return res.end(Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(200, { "Date": new Date().toUTCString(), "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  res.end(`<!doctype html><title>app</title><p id="who">...</p>
<script>fetch("/api/auth/session").then((r) => r.json()).then((s) => { document.getElementById("who").textContent = s.user ? "signed in as " + s.user.name : "signed out"; });</script>`);
});

// edge.js: the njs header filter that writes each vendor's headers from
// nginx's $upstream_cache_status (HIT, MISS, EXPIRED, STALE, UPDATING,
// REVALIDATED, BYPASS; empty where the location does not cache).
const EDGE_JS = `
import fs from "fs";
function hex(n) { let s = ""; while (s.length < n) s += Math.floor(Math.random() * 16).toString(16); return s; }
function ulid() { const a = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; let s = ""; for (let i = 0; i < 26; i++) s += a[Math.floor(Math.random() * 32)]; return s; }
// hits counts the hits of one stored object (per server and path; a miss
// is a fresh fetch, obj.hits 0).
function hits(r, hit) {
  if (!hit) return 0;
  const f = r.variables.edge_dir + "/hits-" + r.variables.server_port + r.variables.uri.replace(/[^a-z0-9]/gi, "_");
  let n = 0;
  try { n = Number(fs.readFileSync(f)); } catch (e) {}
  n++;
  fs.writeFileSync(f, String(n));
  return n;
}
function headers(r) {
  const st = r.variables.upstream_cache_status || "";
  const hit = st == "HIT" || st == "STALE" || st == "UPDATING" || st == "REVALIDATED";
  if (hit) {
    const d = Date.parse(r.headersOut["Date"]);
    r.headersOut["Age"] = String(isNaN(d) ? 0 : Math.max(0, Math.floor((Date.now() - d) / 1000)));
  }
  switch (r.variables.edge_vendor) {
  case "cloudflare":
    r.headersOut["cf-cache-status"] = st || "DYNAMIC";
    r.headersOut["cf-ray"] = hex(16) + "-FRA";
    break;
  case "vercel":
    r.headersOut["x-vercel-cache"] = { HIT: "HIT", STALE: "STALE", UPDATING: "STALE", REVALIDATED: "HIT", BYPASS: "BYPASS" }[st] || "MISS";
    r.headersOut["x-vercel-id"] = "fra1::iad1::" + hex(5) + "-" + Date.now() + "-" + hex(12);
    break;
  case "fastly":
    r.headersOut["X-Served-By"] = "cache-fra-etou8220038-FRA";
    r.headersOut["X-Cache"] = hit ? "HIT" : "MISS";
    r.headersOut["X-Cache-Hits"] = String(hits(r, hit));
    break;
  case "netlify":
    r.headersOut["Cache-Status"] = '"Netlify Edge"; ' + (hit ? "hit" : st == "EXPIRED" ? "fwd=stale" : st == "BYPASS" ? "fwd=bypass" : "fwd=miss");
    r.headersOut["X-NF-Request-ID"] = ulid();
    break;
  }
}
export default { headers };
`;

const SERVER_HEADER = { cloudflare: 'more_set_headers "Server: cloudflare";', vercel: 'more_set_headers "Server: Vercel";', fastly: "more_clear_headers Server;", netlify: 'more_set_headers "Server: Netlify";' };

function nginxConf(dir) {
  const servers = EDGES.map((v) => `
	proxy_cache_path ${dir}/cache-${v.port} levels=1:2 keys_zone=edge${v.port}:1m max_size=8m inactive=10m use_temp_path=off;
	server {
		listen 127.0.0.1:${v.port};
		set $edge_vendor ${v.name};
		set $edge_dir ${dir};
		${SERVER_HEADER[v.name]}
		proxy_set_header Host $host;
		proxy_set_header X-Edge ${v.name}${v.stores ? "" : "-default"};
		proxy_pass_header Date;
		location / {
			proxy_pass http://127.0.0.1:${ORIGIN_PORT};
			js_header_filter edge.headers;
		}
		# The callback is cached under a key without the query string; the
		# misconfigured edge also stores it, Set-Cookie and all.
		location /api/auth/callback/ {
			proxy_pass http://127.0.0.1:${ORIGIN_PORT};
			proxy_cache edge${v.port};
			proxy_cache_key $scheme$host$uri;
			proxy_cache_valid 200 302 10m;
			${v.stores ? "proxy_ignore_headers Set-Cookie Cache-Control Expires;" : "# nginx's default: responses with Set-Cookie are not stored"}
			js_header_filter edge.headers;
		}
	}`).join("\n");
  return `load_module /usr/lib/nginx/modules/ngx_http_js_module.so;
load_module /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so;
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path ${dir}/client_body;
	proxy_temp_path ${dir}/proxy_temp;
	fastcgi_temp_path ${dir}/fastcgi_temp;
	uwsgi_temp_path ${dir}/uwsgi_temp;
	scgi_temp_path ${dir}/scgi_temp;
	js_import edge from ${dir}/edge.js;
${servers}
}
`;
}

const dir = mkdtempSync(join(tmpdir(), "authlint-edge-"));
writeFileSync(join(dir, "edge.js"), EDGE_JS);
writeFileSync(join(dir, "nginx.conf"), nginxConf(dir));
const nginx = spawn("nginx", ["-p", dir, "-e", join(dir, "error.log"), "-c", join(dir, "nginx.conf")], { stdio: "inherit" });
await new Promise((r) => origin.listen(ORIGIN_PORT, "127.0.0.1", r));
await new Promise((r) => idp.listen(IDP_PORT, "127.0.0.1", r));
for (let i = 0; ; i++) { // wait for nginx
  try { await fetch(`http://127.0.0.1:${EDGES.at(-1).port}/`); break; } catch (e) { if (i > 50) throw new Error("nginx did not start: " + readFileSync(join(dir, "error.log"))); await new Promise((r) => setTimeout(r, 100)); }
}

async function signIn(p, user) {
  nextUser = user;
  await p.goto(`${APP}/api/auth/signin?callbackUrl=${encodeURIComponent(APP + "/")}`);
  await p.click("button[type=submit]"); // "Sign in with Test IdP": POST /api/auth/signin/test
  await p.waitForURL(`${IDP}/authorize**`);
  await p.click("#continue"); // GET /api/auth/callback/test?code=...&state=...
  await p.waitForURL(`${APP}/`);
  await p.waitForFunction(() => document.getElementById("who").textContent !== "...");
  return p.textContent("#who");
}

const results = { chromium: "", "@auth/core": "0.41.1", nginx: "", cases: {} };
for (const v of EDGES) {
  originLog.length = 0;
  authLog.length = 0;
  const b = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", `--host-resolver-rules=MAP app.example.com:80 127.0.0.1:${v.port}, MAP idp.example.com:80 127.0.0.1:${IDP_PORT}, MAP * ~NOTFOUND`],
  });
  results.chromium = b.version();
  const file = v.stores ? `../chromium-authjs-callback-${v.name}-hit.har` : `../near-miss-chromium-authjs-callback-${v.name}-miss.har`;
  const ctx = await b.newContext({ recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  const first = await signIn(p, "alice");
  await p.goto(`${APP}/api/auth/signout`);
  await p.click("button[type=submit]"); // POST /api/auth/signout
  await p.waitForLoadState("load");
  const second = await signIn(p, "bob");
  const jar = (await ctx.cookies()).map((c) => `${c.name}=${c.value.slice(0, 12)}...`).sort();
  results.cases[file] = {
    "provider authenticated": ["alice", "bob"],
    "app page after each login": [first, second],
    "callbacks that reached the origin": [...originLog],
    "cookie jar at the end": jar,
    "auth log": [...authLog],
  };
  await ctx.close(); // writes the HAR
  await b.close();
}
results.nginx = (await new Promise((r) => { const c = spawn("nginx", ["-v"]); let e = ""; c.stderr.on("data", (d) => e += d); c.on("close", () => r(e.trim())); })) + " (proxy_cache, njs, headers-more)";
nginx.kill("SIGTERM");
origin.close();
idp.close();
rmSync(dir, { recursive: true, force: true });
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
