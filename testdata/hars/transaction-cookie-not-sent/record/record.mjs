// record.mjs records transaction-cookie-not-sent fixtures with a real
// Chromium signing in to a real Auth.js (@auth/core, pinned in package.json)
// at https://app.example.com, through a small OAuth provider that answers with
// response_mode=form_post: its page posts the code and state back to the
// callback. The app and two provider hosts are served here on 127.0.0.1:443
// with a throwaway self-signed certificate (made with openssl at each run;
// Chromium runs with --ignore-certificate-errors), the names mapped with
// --host-resolver-rules. https matters: for form_post Auth.js makes its state
// and nonce cookies SameSite=None; Secure, which Chromium refuses from plain
// http. Run by hand as root (port 443), from this directory after `npm ci`:
//
//	node record.mjs
//
// ../chromium-authjs-form-post-cross-site.har: the provider is
// idp.example.net, another site, so the form's POST to the callback is a
// cross-site request: Chromium sends the SameSite=None state cookie but not
// the PKCE cookie, which Auth.js leaves SameSite=Lax
// (@auth/core@0.41.1 lib/actions/signin/authorization-url.js changes only
// state and nonce for form_post), and Auth.js answers error=Configuration
// (InvalidCheck: pkceCodeVerifier value could not be parsed).
// ../chromium-authjs-form-post-same-site.har (near miss): the provider is
// idp.example.com, the app's own site, so the POST is same-site, the cookies
// go along and the user is signed in.
// results.json records where each login ended, the browser's cookie jar
// before the callback and the server log lines Auth.js wrote: the ground
// truth of each case.
import https from "node:https";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Auth } from "@auth/core";
import { chromium } from "playwright-core";

const APP = "https://app.example.com";
const logs = [];
let idp = "https://idp.example.net";

const config = () => ({
  basePath: "/api/auth",
  trustHost: true,
  secret: "authlint-fake-secret-authjs-not-real-0123456789",
  logger: {
    error: (e) => logs.push(`[auth][error] ${e.type ?? e.name}: ${e.message.split("\n")[0]}`),
    warn: (code) => logs.push(`[auth][warn] ${code}`),
    debug: () => {},
  },
  providers: [{
    id: "test", name: "Test IdP", type: "oauth",
    clientId: "test-client", clientSecret: "test-secret-not-real",
    // @auth/core@0.41.1 lib/actions/callback/index.js reads the callback's
    // parameters from the body when the authorization URL has
    // response_mode=form_post.
    authorization: { url: `${idp}/authorize`, params: { scope: "openid profile", response_mode: "form_post" } },
    // The server's own requests go to 127.0.0.1 (no DNS for the test
    // names here), trusting the throwaway certificate.
    token: "https://127.0.0.1/token", userinfo: "https://127.0.0.1/userinfo",
    checks: ["pkce", "state"],
    profile: (p) => ({ id: p.sub, name: p.name }),
  }],
});

const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });
const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // the server's fetch to its own provider, throwaway certificate
const dir = mkdtempSync(join(tmpdir(), "authlint-rec-"));
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=app.example.com",
  "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };

const server = https.createServer(tls, async (req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, `https://${host}`);
  const body = await readBody(req);
  if (host === "idp.example.net" || host === "idp.example.com" || host === "127.0.0.1") {
    if (url.pathname === "/authorize") {
      // The provider's form_post answer (OAuth 2.0 Form Post Response Mode
      // §2): a page whose form posts code and state to the redirect_uri.
      const back = url.searchParams.get("redirect_uri");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(`<!doctype html><title>Test IdP</title><form method="post" action="${esc(back)}">` +
        `<input type="hidden" name="code" value="test-code-0123456789">` +
        `<input type="hidden" name="state" value="${esc(url.searchParams.get("state"))}">` +
        `<button id="continue" type="submit">Continue</button></form>`);
    }
    if (url.pathname === "/token") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ access_token: "test-access-token", token_type: "Bearer", expires_in: 3600 }));
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ sub: "user-test-1", name: "Test User" }));
  }
  if (url.pathname.startsWith("/api/auth")) {
    const request = new Request(`${APP}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).filter(([k]) => k !== "host").map(([k, v]) => [k, String(v)]),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const response = await Auth(request, config());
    const headers = [];
    response.headers.forEach((v, k) => { if (k !== "set-cookie") headers.push(k, v); });
    for (const c of response.headers.getSetCookie()) headers.push("set-cookie", c);
    res.writeHead(response.status, headers);
    return res.end(Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  res.end("<!doctype html><title>app</title><p>home</p>");
});
await new Promise((r) => server.listen(443, "127.0.0.1", r));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--ignore-certificate-errors", "--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP idp.example.com 127.0.0.1, MAP idp.example.net 127.0.0.1"],
});
const results = { chromium: browser.version(), "@auth/core": "0.41.1", cases: {} };
for (const [file, provider] of [
  ["../chromium-authjs-form-post-cross-site.har", "https://idp.example.net"],
  ["../chromium-authjs-form-post-same-site.har", "https://idp.example.com"],
]) {
  idp = provider;
  logs.length = 0;
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  await p.goto(`${APP}/api/auth/signin`);
  await p.click("button[type=submit]"); // "Sign in with Test IdP": POST /api/auth/signin/test
  await p.waitForURL(`${idp}/authorize**`);
  const jar = (await ctx.cookies()).map((c) => `${c.name} domain=${c.domain} path=${c.path} sameSite=${c.sameSite}`);
  await p.click("#continue");
  await p.waitForLoadState("load");
  const after = (await ctx.cookies()).map((c) => c.name);
  results.cases[file] = { provider, jar_before_callback: jar, ended: p.url(), cookies_after: after, log: [...logs] };
  await ctx.close(); // writes the HAR
}
await browser.close();
server.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
