// record.mjs records the session-secret-mismatch fixtures with a real
// Chromium signing in to two instances of a real app behind a load balancer
// that spreads connections round robin (as an L4 balancer or a Kubernetes
// Service does), each instance configured with its own session secret:
//
//   - @auth0/nextjs-auth0 4.5.1 and 4.30.0 (npm aliases nextjs-auth0-v451,
//     nextjs-auth0-v430): Auth0Client.middleware() called with NextRequest
//     objects from next/server, no Next.js build. The OpenID provider is
//     this script: Chromium reaches its /authorize page on
//     http://idp.example.com, and the SDK's server-side calls to
//     https://idp.example.com (discovery, JWKS, token) are answered in
//     process by a fetch wrapper, with an RS256 ID token signed by jose.
//   - Auth.js (@auth/core 0.41.1) with an OAuth provider, as
//     ../../auth-error-response/record/record.mjs does.
//
// The app is http://app.example.com:8080 (the balancer), instance A on
// 127.0.0.1:3001 and B on 127.0.0.1:3002, the provider's page on
// http://idp.example.com:8081; Chromium maps the names with
// --host-resolver-rules. After the login (the first
// connection, instance A), the page fetches /api/me (nextjs-auth0) or
// /api/auth/session (Auth.js) four times at once: Chromium opens new
// connections for them, which the balancer hands to B, A, B, ... Each
// response says which instance wrote it in `x-instance`, and results.json
// lists, per HAR, each request with the instance, status and server log
// lines: the ground truth of each case. Run by hand, after `npm ci`:
//
//	node record.mjs
//
// Secrets are fake (authlint-fake-secret-...-not-real). Each case writes
// ../<case>.har and, for the cases tested with secrets, ../<case>.secrets.
import http from "node:http";
import net from "node:net";
import { writeFileSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import * as jose from "jose";
import { register } from "node:module";

// nextjs-auth0 4.5.1's dist imports files without extensions (as bundlers
// resolve them) and package.json without an import attribute; node's ESM
// loader does neither, so retry with ".js" and mark .json as JSON.
register("data:text/javascript," + encodeURIComponent(`export async function resolve(s, c, next) {
  try { return await next(s, c); } catch (e) {
    if (!["ERR_MODULE_NOT_FOUND", "ERR_UNSUPPORTED_DIR_IMPORT"].includes(e.code) || s.endsWith(".js")) throw e;
    try { return await next(s + ".js", c); } catch { return next(s + "/index.js", c); }
  }
}
export async function load(u, c, next) {
  return next(u, u.endsWith(".json") ? { ...c, importAttributes: { type: "json" } } : c);
}`));

const APP = "http://app.example.com:8080";
const IDP_PAGE = "http://idp.example.com:8081"; // what the browser sees
const ISSUER = "https://idp.example.com/"; // what the SDK fetches (in process)
const S1 = "authlint-fake-secret-instance-a-not-real-0123456789abcdef";
const S2 = "authlint-fake-secret-instance-b-not-real-fedcba9876543210";
const logs = [];

// ---- the OpenID provider ----
const { publicKey, privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await jose.exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
const codes = new Map(); // code -> {nonce, client_id}
const json = (v, status = 200) => new Response(JSON.stringify(v), { status, headers: { "content-type": "application/json" } });
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const req = new Request(input, init);
  const u = new URL(req.url);
  if (u.host !== "idp.example.com") return realFetch(input, init);
  if (u.pathname === "/.well-known/openid-configuration") {
    return json({
      issuer: ISSUER,
      authorization_endpoint: `${IDP_PAGE}/authorize`,
      token_endpoint: `${ISSUER}oauth/token`,
      jwks_uri: `${ISSUER}.well-known/jwks.json`,
      end_session_endpoint: `${IDP_PAGE}/logout`,
      response_types_supported: ["code"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      code_challenge_methods_supported: ["S256"],
    });
  }
  if (u.pathname === "/.well-known/jwks.json") return json({ keys: [jwk] });
  if (u.pathname === "/oauth/token") {
    const form = new URLSearchParams(await req.text());
    const c = codes.get(form.get("code"));
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new jose.SignJWT({ nonce: c.nonce, name: "Test User", email: "test@example.com", sid: "test-sid" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(ISSUER).setAudience(c.client_id).setSubject("user-test-1").setIssuedAt(now).setExpirationTime(now + 3600)
      .sign(privateKey);
    return json({ access_token: "test-access-token", id_token: idToken, token_type: "Bearer", expires_in: 3600, scope: "openid profile email" });
  }
  return json({ error: "not_found" }, 404);
};

// ---- apps ----
const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });
const page = (fetchPath) => `<!doctype html><title>app</title><a id="login" href="/auth/login">Log in</a>
<script>
if (location.search.includes("probe")) Promise.all([1,2,3,4].map(i => fetch(${JSON.stringify(fetchPath)} + "?n=" + i).then(r => r.status))).then(s => { document.title = "done " + s.join(","); });
</script>`;

async function sendWeb(res, response, instance) {
  const headers = ["x-instance", instance];
  response.headers.forEach((v, k) => { if (k !== "set-cookie" && !k.startsWith("x-middleware")) headers.push(k, v); });
  for (const c of response.headers.getSetCookie()) headers.push("set-cookie", c);
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function auth0Instance(pkg, secret, instance, session) {
  const { Auth0Client } = await import(`${pkg}/server`);
  const { NextRequest, NextResponse } = await import("next/server.js");
  const auth0 = new Auth0Client({
    domain: "idp.example.com", clientId: "test-client", clientSecret: "test-client-secret-not-real",
    appBaseUrl: APP, secret,
    authorizationParameters: { scope: "openid profile email" },
    ...(session && { session }),
  });
  return async (req, res, body) => {
    if (req.url === "/favicon.ico") {
      // Outside the middleware, as the matcher nextjs-auth0's README
      // suggests ("/((?!_next/static|_next/image|favicon.ico|...).*)").
      res.writeHead(204, { "x-instance": instance });
      return res.end();
    }
    const request = new NextRequest(`${APP}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    let mw;
    try {
      mw = await auth0.middleware(request);
    } catch (e) {
      // Next.js answers 500 when middleware throws.
      logs.push(`[${instance}] middleware threw ${e.code ?? e.name}: ${e.message.split("\n")[0]}`);
      res.writeHead(500, { "x-instance": instance, "content-type": "text/plain" });
      return res.end("Internal Server Error");
    }
    if (!mw.headers.get("x-middleware-next")) return sendWeb(res, mw, instance);
    let out;
    const path = new URL(request.url).pathname;
    if (path === "/api/me") {
      let session = null;
      try { session = await auth0.getSession(request); } catch (e) { logs.push(`[${instance}] getSession threw ${e.code ?? e.name}`); }
      out = session ? NextResponse.json({ user: session.user.sub }) : NextResponse.json({ error: "not signed in" }, { status: 401 });
    } else {
      out = new NextResponse(page("/api/me"), { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    out.headers.set("cache-control", "private, no-store");
    for (const c of mw.headers.getSetCookie()) out.headers.append("set-cookie", c);
    return sendWeb(res, out, instance);
  };
}

async function authjsInstance(secretRef, instance) {
  const { Auth } = await import("@auth/core");
  const config = () => ({
    basePath: "/api/auth", trustHost: true, secret: secretRef(),
    logger: { error: (e) => logs.push(`[${instance}] [auth][error] ${e.type ?? e.name}`), warn: () => {}, debug: () => {} },
    providers: [{
      id: "test", name: "Test IdP", type: "oauth", clientId: "test-client", clientSecret: "test-secret-not-real",
      authorization: { url: `${IDP_PAGE}/authorize`, params: { scope: "openid profile" } },
      token: `${ISSUER}oauth/token-authjs`, userinfo: `${ISSUER}userinfo`, checks: ["pkce", "state"],
      profile: (p) => ({ id: p.sub, name: p.name, email: p.email }),
    }],
  });
  return async (req, res, body) => {
    if (req.url.startsWith("/api/auth")) {
      const request = new Request(`${APP}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).filter(([k]) => k !== "host").map(([k, v]) => [k, String(v)]),
        body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
      });
      return sendWeb(res, await Auth(request, config()), instance);
    }
    res.writeHead(200, { "x-instance": instance, "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" });
    res.end(page("/api/auth/session").replace('href="/auth/login"', 'href="/api/auth/signin"'));
  };
}

// Auth.js token and userinfo endpoints (in process, like the others).
const fetchWithOIDC = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const req = new Request(input, init);
  const u = new URL(req.url);
  if (u.host === "idp.example.com" && u.pathname === "/oauth/token-authjs") {
    return json({ access_token: "test-access-token", token_type: "Bearer", expires_in: 3600 });
  }
  if (u.host === "idp.example.com" && u.pathname === "/userinfo") {
    return json({ sub: "user-test-1", name: "Test User", email: "test@example.com" });
  }
  return fetchWithOIDC(input, init);
};

// ---- servers: instances, balancer, provider page ----
let handlers = {}; // instance -> handler
const requests = [];
const servers = [];
for (const [instance, port] of [["A", 3001], ["B", 3002]]) {
  const s = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const started = requests.length;
    requests.push({ instance, method: req.method, url: req.url.replace(/(state|code)=[^&]+/g, "$1=..."), sent: (req.headers.cookie || "").split(/; */).filter(Boolean).map((c) => c.split("=")[0]) });
    res.on("finish", () => { requests[started].status = res.statusCode; });
    try {
      await handlers[instance](req, res, body);
    } catch (e) {
      logs.push(`[${instance}] handler threw ${e.code ?? e.name}: ${e.message.split("\n")[0]}`);
      if (!res.headersSent) { res.writeHead(500, { "x-instance": instance }); res.end("Internal Server Error"); }
    }
  });
  await new Promise((r) => s.listen(port, "127.0.0.1", r));
  servers.push(s);
}
let nextConn = 0;
const live = new Set(); // the balancer's open client connections
const balancer = net.createServer((client) => {
  live.add(client);
  client.on("close", () => live.delete(client));
  const port = nextConn++ % 2 === 0 ? 3001 : 3002;
  const up = net.connect(port, "127.0.0.1");
  client.pipe(up).pipe(client);
  client.on("error", () => up.destroy());
  up.on("error", () => client.destroy());
});
await new Promise((r) => balancer.listen(8080, "127.0.0.1", r));
// The provider's /authorize page, for the browser.
const front = http.createServer(async (req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, `http://${host}`);
  if (url.pathname === "/authorize") {
    const code = "test-code-" + Math.random().toString(36).slice(2);
    codes.set(code, { nonce: url.searchParams.get("nonce"), client_id: url.searchParams.get("client_id") });
    const back = new URL(url.searchParams.get("redirect_uri"));
    back.searchParams.set("state", url.searchParams.get("state"));
    back.searchParams.set("code", code);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    return res.end(`<!doctype html><title>Test IdP</title><a id="continue" href="${back}">Continue</a>`);
  }
  if (url.pathname === "/logout") {
    res.writeHead(302, { location: url.searchParams.get("post_logout_redirect_uri") || `${APP}/` });
    return res.end();
  }
  res.writeHead(404); res.end();
});
await new Promise((r) => front.listen(8081, "127.0.0.1", r));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--host-resolver-rules=MAP app.example.com 127.0.0.1, MAP idp.example.com 127.0.0.1"],
});
// results.json keeps the cases not recorded in this run (node record.mjs
// <case> records one).
let previous = {};
try { previous = JSON.parse(readFileSync("results.json", "utf8")); } catch {}
const results = { ...previous, chromium: browser.version(), cases: { ...previous.cases } };
const version = (dir) => JSON.parse(readFileSync(new URL(`./node_modules/${dir}/package.json`, import.meta.url))).version;

// record runs one case. With two secrets, a sign-in whose steps reach
// different instances fails (the other instance cannot read the CSRF or
// transaction cookie): which connection Chromium reuses decides it, so a
// case whose sign-in failed is recorded again, up to three times.
async function record(name, { setup, login, after, secrets }) {
  for (let attempt = 1; ; attempt++) {
    await setup();
    logs.length = 0; requests.length = 0; nextConn = 0;
    const ctx = await browser.newContext({ recordHar: { path: `../${name}.har`, content: "embed" } });
    const p = await ctx.newPage();
    try {
      await p.goto(`${APP}/`);
      await login(p);
      await p.goto(`${APP}/?probe=1`);
      await p.waitForFunction(() => document.title.startsWith("done"), null, { timeout: 15000 });
      if (after) await after(p, ctx);
      await ctx.close(); // writes the HAR
      results.cases[name] = { attempts: attempt };
      break;
    } catch (e) {
      await ctx.close();
      console.error(`${name}: attempt ${attempt} failed: ${e.message.split("\n")[0]}`, logs);
      if (attempt === 3) throw e;
    }
  }
  if (secrets) writeFileSync(`../${name}.secrets`, `# fake secrets of the recording (record/record.mjs)\n${secrets.join("\n")}\n`);
  results.cases[name] = { ...results.cases[name], requests: [...requests], log: [...logs] };
}

const auth0Login = async (p) => {
  await p.click("#login");
  await p.waitForURL(`${IDP_PAGE}/authorize**`);
  await p.click("#continue");
  await p.waitForURL(`${APP}/`);
};
const authjsLogin = async (p) => {
  await p.goto(`${APP}/api/auth/signin`);
  await p.click("button[type=submit]");
  await p.waitForURL(`${IDP_PAGE}/authorize**`, { timeout: 5000 });
  await p.click("#continue");
  await p.waitForURL(`${APP}/**`);
};

const only = process.argv[2];
// After the page's fetches: log out, then fetch again (signed out, no cookie
// sent); or wait until a short session has expired, then fetch again.
const probeAgain = async (p) => {
  await p.goto(`${APP}/?probe=2`);
  await p.waitForFunction(() => document.title.startsWith("done"), null, { timeout: 15000 });
};
const logout = async (p) => { await p.goto(`${APP}/auth/logout`); await p.waitForURL(`${APP}/**`); await probeAgain(p); };
const expire = async (p) => { await p.waitForTimeout(6000); await probeAgain(p); };
// Log in twice more, first on B, then on A: each instance mints a session
// with its own secret. The balancer closes its connections (as when it is
// reconfigured) and its next pick is set to the instance wanted, so the
// browser's next connection goes there.
const loginOn = async (p, pick, login = auth0Login) => {
  await p.waitForTimeout(1000);
  for (const c of live) c.destroy();
  nextConn = pick;
  await p.goto(`${APP}/`);
  await login(p);
  await probeAgain(p);
};
const loginsOnBoth = async (p) => { await loginOn(p, 1); await loginOn(p, 0); };
const cases = [
  ["nextjs-auth0-4.30.0-logins-on-both-instances", "nextjs-auth0-v430", [S1, S2], [S1], null, loginsOnBoth],
  ["nextjs-auth0-4.30.0-two-secrets", "nextjs-auth0-v430", [S1, S2], [S1, S2]],
  ["nextjs-auth0-4.5.1-two-secrets", "nextjs-auth0-v451", [S1, S2], null],
  ["near-miss-nextjs-auth0-4.30.0-one-secret-logout", "nextjs-auth0-v430", [S1, S1], [S1], null, logout],
  ["near-miss-nextjs-auth0-4.30.0-one-secret-expired", "nextjs-auth0-v430", [S1, S1], null, { rolling: false, absoluteDuration: 4 }, expire],
];
for (const [name, pkg, [a, b], secrets, session, after] of cases) {
  if (only && only !== name) continue;
  results[pkg] = version(pkg);
  await record(name, {
    setup: async () => { handlers = { A: await auth0Instance(pkg, a, "A", session), B: await auth0Instance(pkg, b, "B", session) }; },
    login: auth0Login,
    after,
    secrets,
  });
}
// Auth.js: two secrets; and a rotation where every instance moves from [S1]
// to [S2, S1] between the login and the page's fetches.
let authjsSecrets = {};
// authjs-logins-on-both-instances is tested without secrets: the kid in the
// JWE header of each value names the key that wrote it.
// The first login lands where it lands: log in next on the other instance,
// then on the first again, opening the sign-in page on the new connection.
const otherThanLastCallback = () => (requests.findLast((r) => r.url.includes("/callback")).instance === "A" ? 1 : 0);
const authjsLoginOn = async (p, pick) => {
  await p.waitForTimeout(1000);
  for (const c of live) c.destroy();
  nextConn = pick;
  await authjsLogin(p);
  await probeAgain(p);
};
const authjsLoginsOnBoth = async (p) => { await authjsLoginOn(p, otherThanLastCallback()); await authjsLoginOn(p, otherThanLastCallback()); };
const authjsCases = [
  ["authjs-two-secrets", { A: [S1], B: [S2] }, null, [S1, S2]],
  ["authjs-logins-on-both-instances", { A: [S1], B: [S2] }, null, null, authjsLoginsOnBoth],
  ["near-miss-authjs-rotation", { A: [S1], B: [S1] }, { A: [S2, S1], B: [S2, S1] }, [S2, S1]],
];
for (const [name, before, rotated, secrets, after] of authjsCases) {
  if (only && only !== name) continue;
  results["@auth/core"] = version("@auth/core");
  await record(name, {
    setup: async () => {
      authjsSecrets = { ...before };
      handlers = { A: await authjsInstance(() => authjsSecrets.A, "A"), B: await authjsInstance(() => authjsSecrets.B, "B") };
    },
    login: async (p) => { await authjsLogin(p); if (rotated) authjsSecrets = { ...rotated }; },
    after,
    secrets,
  });
}
await browser.close();
for (const s of [...servers, balancer, front]) s.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
process.exit(0); // open keep-alive sockets would keep node running
