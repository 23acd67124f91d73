// record.mjs records login-redirect-loop fixtures with a real Chromium. The
// app (https://app.example.com) and a small OAuth provider
// (https://idp.example.com, the same site) are served here on 127.0.0.1:443
// with a throwaway self-signed certificate (made with openssl at each run;
// Chromium runs with --ignore-certificate-errors), the names mapped with
// --host-resolver-rules. The provider answers every authorization request
// with a code at once, as it does for a user who is signed in there. Run by
// hand as root (port 443), from this directory after `npm ci`:
//
//	node record.mjs
//
// ../chromium-authjs-foreign-domain-loop.har: Auth.js (@auth/core, pinned in
// package.json) sets its session cookie with Domain=example.org (a
// production domain configured on another host), which Chromium refuses; the
// app's page signs in again whenever it has no session (a form posted by
// script, as apps that call signIn() on load do), so the browser goes round
// the login until the server stops answering with the sign-in form (three
// rounds).
// ../chromium-redirect-limit.har: a small OAuth app of its own (GET /login,
// /callback, cookie "session"; no library) whose session cookie has the same
// foreign Domain and whose pages redirect to /login without a session:
// Chromium follows redirects until its limit and fails the navigation with
// net::ERR_TOO_MANY_REDIRECTS.
//
// Playwright writes why a request failed as response._failureText; Chrome
// DevTools writes response._error (front_end/models/har/Log.ts, see
// har/entry.go), which is what authlint reads. The script copies the text to
// _error beside _failureText, so the HAR reads as a DevTools export does.
// results.json records where each case ended, the browser's cookie jar and
// the server's log: the ground truth.
import https from "node:https";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Auth } from "@auth/core";
import { chromium } from "playwright-core";

const APP = "https://app.example.com";
const IDP = "https://idp.example.com";
const logs = [];
let rounds = 0;
const maxRounds = 3;

const config = {
  basePath: "/api/auth",
  trustHost: true,
  secret: "authlint-fake-secret-authjs-not-real-0123456789",
  // The mistake: a Domain the app's host is not in.
  cookies: { sessionToken: { name: "__Secure-authjs.session-token", options: { domain: "example.org", path: "/", httpOnly: true, sameSite: "lax", secure: true } } },
  logger: {
    error: (e) => logs.push(`[auth][error] ${e.type ?? e.name}: ${e.message.split("\n")[0]}`),
    warn: (code) => logs.push(`[auth][warn] ${code}`),
    debug: () => {},
  },
  providers: [{
    id: "test", name: "Test IdP", type: "oauth",
    clientId: "test-client", clientSecret: "test-secret-not-real",
    authorization: { url: `${IDP}/authorize`, params: { scope: "openid profile" } },
    // The server's own requests go to 127.0.0.1 (no DNS for the test
    // names here), trusting the throwaway certificate.
    token: "https://127.0.0.1/token", userinfo: "https://127.0.0.1/userinfo",
    checks: ["pkce", "state"],
    profile: (p) => ({ id: p.sub, name: p.name }),
  }],
};

const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });
const cookieOf = (req, name) => (req.headers.cookie || "").split(/;\s*/).some((c) => c.startsWith(name + "="));
let mode = "authjs"; // or "plain"

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // the server's fetch to its own provider, throwaway certificate
const dir = mkdtempSync(join(tmpdir(), "authlint-rec-"));
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=app.example.com",
  "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };

const server = https.createServer(tls, async (req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, `https://${host}`);
  const body = await readBody(req);
  logs.push(`${req.method} ${host}${url.pathname} cookies=${(req.headers.cookie || "").split(/;\s*/).filter(Boolean).map((c) => c.split("=")[0]).join(",")}`);
  if (host === "idp.example.com" || host === "127.0.0.1") {
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri"));
      back.searchParams.set("code", "test-code-0123456789");
      back.searchParams.set("state", url.searchParams.get("state"));
      res.writeHead(302, { Location: back.toString(), "Cache-Control": "no-store" });
      return res.end();
    }
    if (url.pathname === "/token") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ access_token: "test-access-token", token_type: "Bearer", expires_in: 3600 }));
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ sub: "user-test-1", name: "Test User" }));
  }
  if (mode === "plain") {
    const html = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" };
    if (url.pathname === "/login") {
      const a = new URL(`${IDP}/authorize`);
      for (const [k, v] of Object.entries({ client_id: "test-client", response_type: "code", scope: "openid", redirect_uri: `${APP}/callback`, state: "state-test-0123456789" })) a.searchParams.set(k, v);
      res.writeHead(302, { Location: a.toString(), "Cache-Control": "no-store" });
      return res.end();
    }
    if (url.pathname === "/callback") {
      res.writeHead(302, { Location: "/", "Cache-Control": "no-store",
        "Set-Cookie": "session=test-session-0123456789abcdef; Domain=example.org; Path=/; HttpOnly; Secure; SameSite=Lax" });
      return res.end();
    }
    if (!cookieOf(req, "session")) {
      res.writeHead(302, { Location: "/login", "Cache-Control": "no-store" });
      return res.end();
    }
    res.writeHead(200, html);
    return res.end("<!doctype html><title>app</title><p>signed in</p>");
  }
  if (url.pathname.startsWith("/api/auth")) {
    if (url.pathname === "/api/auth/callback/test") rounds++;
    const request = new Request(`${APP}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).filter(([k]) => k !== "host").map(([k, v]) => [k, String(v)]),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const response = await Auth(request, config);
    const headers = [];
    response.headers.forEach((v, k) => { if (k !== "set-cookie") headers.push(k, v); });
    for (const c of response.headers.getSetCookie()) headers.push("set-cookie", c);
    res.writeHead(response.status, headers);
    return res.end(Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  if (cookieOf(req, "__Secure-authjs.session-token")) return res.end("<!doctype html><title>signed in</title><p>home</p>");
  if (rounds >= maxRounds) return res.end("<!doctype html><title>stopped</title><p>signed out; the recording stops here</p>");
  // Signed out: sign in again, as signIn("test") does (CSRF token, then a
  // POST to the provider's sign-in route).
  res.end(`<!doctype html><title>signing in</title><form id="f" method="post" action="/api/auth/signin/test">
<input type="hidden" name="csrfToken"><input type="hidden" name="callbackUrl" value="${APP}/"></form>
<script>fetch("/api/auth/csrf").then((r) => r.json()).then(({ csrfToken }) => { f.csrfToken.value = csrfToken; f.submit(); });</script>`);
});
await new Promise((r) => server.listen(443, "127.0.0.1", r));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--ignore-certificate-errors", "--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP idp.example.com 127.0.0.1"],
});
const results = { chromium: browser.version(), "@auth/core": "0.41.1", cases: {} };
for (const [file, m] of [["../chromium-authjs-foreign-domain-loop.har", "authjs"], ["../chromium-redirect-limit.har", "plain"]]) {
  mode = m;
  logs.length = 0;
  rounds = 0;
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  let error = "";
  try {
    if (m === "authjs") {
      await p.goto(`${APP}/`);
      await p.waitForFunction(() => document.title === "stopped", null, { timeout: 30000 });
    } else {
      await p.goto(`${APP}/`);
    }
  } catch (e) {
    error = e.message.split("\n")[0];
  }
  results.cases[file] = { ended: p.url(), error, jar: (await ctx.cookies()).map((c) => `${c.name} domain=${c.domain}`), log: [...logs] };
  await ctx.close(); // writes the HAR
  const har = JSON.parse(readFileSync(file, "utf8"));
  for (const e of har.log.entries) if (e.response._failureText) e.response._error = e.response._failureText;
  writeFileSync(file, JSON.stringify(har, null, 2) + "\n");
}
await browser.close();
server.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
