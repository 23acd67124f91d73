// record.mjs records bearer-token-rejected fixtures with a real Chromium: an
// app page on http://app.example.com, after a login at http://idp.example.com
// (an authorization request and its redirect back), calls an API on
// http://api.example.com guarded by express-oauth2-jwt-bearer (pinned in
// package.json) with tokens the test provider signs. All three are served
// here on 127.0.0.1:80, the names mapped with --host-resolver-rules. Run by
// hand as root (port 80), from this directory after `npm ci`:
//
//	node record.mjs
//
// ../chromium-express-jwt-bearer-rejections.har: tokens the API refuses
// (audience of the provider's /userinfo, an ID token, expired, a missing
// scope, another issuer); ../near-miss-chromium-express-jwt-bearer.har: a
// valid token and a call without one. results.json is what each call got.
import http from "node:http";
import { writeFileSync } from "node:fs";
import express from "express";
import { auth, requiredScopes } from "express-oauth2-jwt-bearer";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { chromium } from "playwright-core";

const APP = "http://app.example.com";
const API = "http://api.example.com";
const IDP = "http://idp.example.com";
const CLIENT = "test-client-0123456789";

const { publicKey, privateKey } = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
const now = Math.floor(Date.now() / 1000);
const sign = (claims, iss = IDP + "/") =>
  new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "test-key-1", typ: "JWT" })
    .setIssuer(iss).setSubject("user-test-1").setIssuedAt(now - 60).sign(privateKey);

const tokens = {
  "audience of the provider's userinfo": await sign({ aud: [IDP + "/userinfo"], exp: now + 3600, scope: "openid profile" }),
  "ID token": await sign({ aud: CLIENT, exp: now + 3600, nonce: "nonce-test-0123" }),
  expired: await sign({ aud: API, exp: now - 600, scope: "read:orders" }),
  "missing scope": await sign({ aud: API, exp: now + 3600, scope: "read:orders" }),
  "another issuer": await sign({ aud: API, exp: now + 3600, scope: "read:orders" }, "http://staging-idp.example.com/"),
  valid: await sign({ aud: API, exp: now + 3600, scope: "read:orders" }),
};

const api = express();
api.use((req, res, next) => {
  res.set({ "Access-Control-Allow-Origin": req.headers.origin || "", Vary: "Origin", "Cache-Control": "no-store" });
  if (req.method === "OPTIONS") {
    res.set({ "Access-Control-Allow-Headers": "Authorization", "Access-Control-Allow-Methods": "GET, POST" });
    return res.status(204).end();
  }
  next();
});
api.use(auth({ issuer: IDP + "/", jwksUri: "http://127.0.0.1/jwks", audience: API, tokenSigningAlg: "RS256" }));
api.get("/v1/orders", (req, res) => res.json({ orders: [] }));
api.post("/v1/orders", requiredScopes("write:orders"), (req, res) => res.json({ ok: true }));
api.use((err, req, res, next) => { // express-oauth2-jwt-bearer's errors carry status and headers
  res.status(err.status || 500).set(err.headers || {}).json({ error: err.code || "server_error", error_description: err.message });
});

const page = (calls) => `<!doctype html><title>app</title><script>
window.done = (async () => {
  const out = {};
  for (const [name, method, token] of ${JSON.stringify(calls)}) {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    try { const r = await fetch(${JSON.stringify(API)} + "/v1/orders", { method, headers }); out[name] = r.status + " " + (r.headers.get("www-authenticate") || ""); }
    catch (e) { out[name] = "failed: " + e.name; }
  }
  return out;
})();
</script>`;
const rejected = [
  ["audience of the provider's userinfo", "GET"], ["ID token", "GET"], ["expired", "GET"],
  ["missing scope", "POST"], ["another issuer", "GET"],
].map(([n, m]) => [n, m, tokens[n]]);
const accepted = [["valid", "GET", tokens.valid], ["no token", "GET", ""]];

const server = http.createServer((req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, "http://x");
  if (host === "api.example.com") return api(req, res);
  if (url.pathname === "/jwks") {
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ keys: [jwk] }));
  }
  if (host === "idp.example.com") { // the authorization request: straight back with a code
    const back = new URL(url.searchParams.get("redirect_uri"));
    back.searchParams.set("code", "test-code-0123456789");
    back.searchParams.set("state", url.searchParams.get("state"));
    res.writeHead(302, { Location: back.toString(), "Cache-Control": "no-store" });
    return res.end();
  }
  if (url.pathname === "/callback") {
    res.writeHead(302, { Location: APP + (url.searchParams.get("state").startsWith("near") ? "/accepted" : "/rejected"), "Cache-Control": "no-store" });
    return res.end();
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  res.end(page(url.pathname === "/accepted" ? accepted : rejected));
});
await new Promise((r) => server.listen(80, "127.0.0.1", r));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP api.example.com 127.0.0.1, MAP idp.example.com 127.0.0.1"],
});
const results = { chromium: browser.version(), "express-oauth2-jwt-bearer": "1.10.0", calls: {} };
for (const [file, state] of [["../chromium-express-jwt-bearer-rejections.har", "rejected-0123456789"], ["../near-miss-chromium-express-jwt-bearer.har", "near-0123456789"]]) {
  const ctx = await browser.newContext({ recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  const authorize = `${IDP}/authorize?client_id=${CLIENT}&response_type=code&scope=openid%20profile&redirect_uri=${encodeURIComponent(APP + "/callback")}&state=${state}`;
  await p.goto(authorize);
  await p.waitForURL(`${APP}/*ed`);
  results.calls[file] = await p.evaluate(() => window.done);
  await ctx.close(); // writes the HAR
}
await browser.close();
server.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
