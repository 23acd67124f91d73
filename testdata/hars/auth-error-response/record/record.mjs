// record.mjs records auth-error-response fixtures with a real Chromium
// signing in to a real Auth.js (@auth/core, pinned in package.json) behind
// http://app.example.com, with a small OAuth provider on
// http://idp.example.com (both served here on 127.0.0.1:80, the names mapped
// with --host-resolver-rules). Run by hand as root (port 80), from this
// directory after `npm ci`:
//
//	node record.mjs
//
// ../chromium-authjs-state-cookie-lost.har: the browser's cookies are cleared
// while it is at the provider, so the callback arrives without Auth.js'
// state and PKCE cookies (Auth.js answers error=Configuration).
// ../chromium-authjs-idp-access-denied.har: the provider answers
// error=access_denied (Auth.js answers error=OAuthCallbackError).
// results.json records where each login ended and the server log lines
// Auth.js wrote: the ground truth of each case.
import http from "node:http";
import { writeFileSync } from "node:fs";
import { Auth } from "@auth/core";
import { chromium } from "playwright-core";

const APP = "http://app.example.com";
const IDP = "http://idp.example.com";
const logs = [];
let idpAnswer = "code"; // "code" or "access_denied"

const config = {
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
    authorization: { url: `${IDP}/authorize`, params: { scope: "openid profile" } },
    token: `${IDP}/token`, userinfo: `${IDP}/userinfo`,
    checks: ["pkce", "state"],
    profile: (p) => ({ id: p.sub, name: p.name }),
  }],
};

const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });

const server = http.createServer(async (req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, `http://${host}`);
  const body = await readBody(req);
  if (host === "idp.example.com") {
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri"));
      back.searchParams.set("state", url.searchParams.get("state"));
      if (idpAnswer === "code") back.searchParams.set("code", "test-code-0123456789");
      else {
        back.searchParams.set("error", "access_denied");
        back.searchParams.set("error_description", "The user denied the request");
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(`<!doctype html><title>Test IdP</title><a id="continue" href="${back}">Continue</a>`);
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
    const response = await Auth(request, config);
    const headers = [];
    response.headers.forEach((v, k) => { if (k !== "set-cookie") headers.push(k, v); });
    for (const c of response.headers.getSetCookie()) headers.push("set-cookie", c);
    res.writeHead(response.status, headers);
    return res.end(Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  res.end("<!doctype html><title>app</title><p>home</p>");
});
await new Promise((r) => server.listen(80, "127.0.0.1", r));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP idp.example.com 127.0.0.1"],
});
const results = { chromium: browser.version(), "@auth/core": "0.41.1", cases: {} };
for (const [file, answer, loseCookies] of [
  ["../chromium-authjs-state-cookie-lost.har", "code", true],
  ["../chromium-authjs-idp-access-denied.har", "access_denied", false],
]) {
  idpAnswer = answer;
  logs.length = 0;
  const ctx = await browser.newContext({ recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  await p.goto(`${APP}/api/auth/signin`);
  await p.click("button[type=submit]"); // "Sign in with Test IdP": POST /api/auth/signin/test
  await p.waitForURL(`${IDP}/authorize**`);
  if (loseCookies) await ctx.clearCookies();
  await p.click("#continue");
  await p.waitForLoadState("load");
  results.cases[file] = { ended: p.url().replace(/state=[^&]+/, "state=..."), status: (await p.evaluate(() => document.title)), log: [...logs] };
  await ctx.close(); // writes the HAR
}
await browser.close();
server.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
