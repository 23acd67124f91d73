// record.mjs records cors-credentials-blocked fixtures with a real Chromium:
// an app page on http://app.example.com calls an API on
// http://api.example.com (both served here on 127.0.0.1:80, the names mapped
// with --host-resolver-rules) with cookies and a bearer token, and the page
// writes down which calls the browser let it read. Run by hand as root (port
// 80), from this directory after `npm ci`:
//
//	node record.mjs
//
// It records each page twice: with Playwright's recordHar
// (../blind-spot-playwright-hidden-calls.har and
// ../near-miss-playwright-allowed-calls.har: a call the browser hid is
// written as failed, with no response, and preflights are left out) and
// through a recording HTTP proxy in front of the servers, as mitmproxy or
// Charles would (../chromium-proxy-credentialed-calls.har and
// ../near-miss-chromium-proxy-allowed-calls.har: every preflight and
// response the browser got). The first page of each makes blocked and
// allowed calls, the second allowed ones only; results.json is what the page
// could read: the ground truth of each call. Plain http (no certificates to
// set up) means Chromium sends no Sec-Fetch-* headers except on preflights.
import http from "node:http";
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const APP = "http://app.example.com";
const API = "http://api.example.com";
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
const TOKEN = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ iss: "https://tenant.example.com/", sub: "user-test-1", aud: API, exp: 4070908800, scope: "read:orders" })}.${Buffer.from("filler-signature-not-verified").toString("base64url")}`;

// Each API route answers its preflight and its request with the headers
// below; `origin` is replaced by the request's Origin.
const routes = {
  "/wildcard": { get: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true" } },
  "/no-credentials": { get: { "Access-Control-Allow-Origin": "origin", Vary: "Origin" } },
  "/ok": { get: { "Access-Control-Allow-Origin": "origin", "Access-Control-Allow-Credentials": "true", Vary: "Origin" } },
  "/public": { get: { "Access-Control-Allow-Origin": "*" } },
  "/orders-401": {
    options: { status: 401, "WWW-Authenticate": 'Bearer realm="api"' },
    get: { "Access-Control-Allow-Origin": "origin" },
  },
  "/orders-wildcard-headers": {
    options: { status: 204, "Access-Control-Allow-Origin": "origin", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "GET" },
    get: { "Access-Control-Allow-Origin": "origin" },
  },
  "/orders-ok": {
    options: { status: 204, "Access-Control-Allow-Origin": "origin", "Access-Control-Allow-Headers": "Authorization", "Access-Control-Allow-Methods": "GET", Vary: "Origin" },
    get: { "Access-Control-Allow-Origin": "origin", Vary: "Origin" },
  },
};

const page = (calls) => `<!doctype html><title>app</title><script>
const TOKEN = ${JSON.stringify(TOKEN)};
async function call(name, url, init) {
  try { const r = await fetch(url, init); await r.text(); return [name, "read " + r.status]; }
  catch (e) { return [name, "hidden: " + e.name]; }
}
window.done = (async () => {
  const out = [];
  for (const [name, path, init] of ${JSON.stringify(calls)}) {
    if (init.bearer) { init.headers = { Authorization: "Bearer " + TOKEN }; delete init.bearer; }
    out.push(await call(name, ${JSON.stringify(API)} + path, init));
  }
  return Object.fromEntries(out);
})();
</script>`;

const blocked = [
  ["cookie, Access-Control-Allow-Origin *", "/wildcard", { credentials: "include" }],
  ["cookie, no Access-Control-Allow-Credentials", "/no-credentials", { credentials: "include" }],
  ["bearer, preflight answered 401", "/orders-401", { bearer: true }],
  ["bearer, preflight allows headers *", "/orders-wildcard-headers", { bearer: true }],
  ["cookie, allowed", "/ok", { credentials: "include" }],
];
const allowed = [
  ["cookie, allowed", "/ok", { credentials: "include" }],
  ["no credentials, public API *", "/public", { credentials: "omit" }],
  ["bearer, preflight naming Authorization", "/orders-ok", { bearer: true }],
];

const server = http.createServer((req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, "http://x");
  if (host === "app.example.com") {
    const calls = url.pathname === "/allowed" ? allowed : blocked;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
    return res.end(page(calls));
  }
  if (url.pathname === "/login") {
    res.writeHead(302, {
      Location: APP + (url.searchParams.get("to") || "/"),
      "Set-Cookie": "sid=test-session-0123456789abcdef; Path=/; HttpOnly; SameSite=Lax",
      "Cache-Control": "no-store",
    });
    return res.end();
  }
  const route = routes[url.pathname];
  if (!route) {
    res.writeHead(404);
    return res.end();
  }
  const spec = req.method === "OPTIONS" ? route.options || { status: 204 } : route.get;
  const headers = { "Content-Type": "application/json", "Cache-Control": "private, no-store" };
  for (const [k, v] of Object.entries(spec)) {
    if (k !== "status") headers[k] = v === "origin" ? req.headers.origin || "" : v;
  }
  res.writeHead(spec.status || 200, headers);
  res.end(req.method === "OPTIONS" ? "" : '{"ok":true}');
});
await new Promise((r) => server.listen(80, "127.0.0.1", r));

// The recording proxy: forwards to the servers above and keeps every
// exchange as a HAR entry.
let entries = [];
const proxy = http.createServer((req, res) => {
  const started = new Date();
  const t0 = performance.now();
  const target = new URL(req.url);
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const reqBody = Buffer.concat(chunks).toString();
    const up = http.request({ host: "127.0.0.1", port: 80, method: req.method, path: target.pathname + target.search, headers: req.headers }, (ur) => {
      const body = [];
      ur.on("data", (c) => body.push(c));
      ur.on("end", () => {
        const text = Buffer.concat(body).toString();
        const pairs = (raw) => { const out = []; for (let i = 0; i < raw.length; i += 2) out.push({ name: raw[i], value: raw[i + 1] }); return out; };
        const ms = performance.now() - t0;
        entries.push({
          startedDateTime: started.toISOString(),
          time: ms,
          request: { method: req.method, url: req.url, httpVersion: "HTTP/1.1", headers: pairs(req.rawHeaders), queryString: [...target.searchParams].map(([name, value]) => ({ name, value })), cookies: [], headersSize: -1, bodySize: reqBody.length, ...(reqBody ? { postData: { mimeType: req.headers["content-type"] || "", text: reqBody } } : {}) },
          response: { status: ur.statusCode, statusText: ur.statusMessage, httpVersion: "HTTP/1.1", headers: pairs(ur.rawHeaders), cookies: [], content: { size: text.length, mimeType: ur.headers["content-type"] || "", text }, redirectURL: ur.headers.location || "", headersSize: -1, bodySize: text.length },
          cache: {},
          timings: { send: 0, wait: ms, receive: 0 },
        });
        res.writeHead(ur.statusCode, ur.rawHeaders);
        res.end(text);
      });
    });
    up.end(reqBody);
  });
});
await new Promise((r) => proxy.listen(8888, "127.0.0.1", r));

const results = {};
// run records each page of files (HAR path: page path) in a new Chromium.
const run = async (launch, files, record) => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", ...launch] });
  for (const [out, path] of Object.entries(files)) {
    entries = [];
    const ctx = await browser.newContext(record ? { recordHar: { path: out, content: "embed" } } : {});
    const p = await ctx.newPage();
    await p.goto(`${API}/login?to=${path}`);
    results[out] = await p.evaluate(() => window.done);
    await ctx.close(); // writes Playwright's HAR
    if (!record) {
      const har = { log: { version: "1.2", creator: { name: "authlint record.mjs proxy", version: "1" }, browser: { name: "chromium", version: browser.version() }, pages: [], entries } };
      writeFileSync(out, JSON.stringify(har, null, 2) + "\n");
    }
  }
  const v = browser.version();
  await browser.close();
  return v;
};
const version = await run(["--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP api.example.com 127.0.0.1"],
  { "../blind-spot-playwright-hidden-calls.har": "/", "../near-miss-playwright-allowed-calls.har": "/allowed" }, true);
await run(["--proxy-server=http://127.0.0.1:8888", "--proxy-bypass-list=<-loopback>"],
  { "../chromium-proxy-credentialed-calls.har": "/", "../near-miss-chromium-proxy-allowed-calls.har": "/allowed" }, false);
proxy.close();
server.close();
writeFileSync("results.json", JSON.stringify({ chromium: version, playwright: "1.65.1", results }, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
