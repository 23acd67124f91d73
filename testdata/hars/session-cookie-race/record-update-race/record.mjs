// record.mjs records ../chromium-authjs-update-race.har: a real Chromium
// signed in to a real Auth.js app (@auth/core, pinned in package.json;
// session strategy "jwt", the default without an adapter) whose page calls
// the session endpoint concurrently, the way Auth.js v5 clients do: two
// session reads (GET /api/auth/session, as useSession() and a component
// fetch on mount) are in flight when the page calls update() (POST
// /api/auth/session with {csrfToken, data}, next-auth/react's update()).
// Run by hand from this directory after `npm ci`:
//
//	node record.mjs
//
// The jwt callback awaits a 400 ms user lookup on plain reads (no trigger),
// as apps that read a database there do; update() changes the name at once.
// Every GET re-issues the session cookie from the token it was sent (Auth.js
// refreshes the expiry on each read: lib/actions/session.js, "Set cookie, to
// also update expiry date on cookie"), so the reads that started before the
// update finish after it and write the old name back over the new one.
// (Chromium sent the second of the two identical reads only when the first
// had completed, see the server's times in results.json, so one read
// overlaps the update; the second then carries the stale cookie the first
// wrote.)
//
// Names map to 127.0.0.1 with --host-resolver-rules (app.example.com:80 ->
// 18490, idp.example.com:80 -> 18499). results.json records the ground
// truth: each session request as the server saw it (when it started and
// finished, the name in the token it was sent and in the token it set), the
// session cookie the browser's jar ended with, decoded with the app secret,
// and what a later GET /api/auth/session said.
//
// The near miss, ../near-miss-chromium-authjs-update-awaited.har, is the
// same app and page with update() awaited before the two reads start (what
// the Fix advises): every read carries the updated cookie, and it sticks.
import http from "node:http";
import { writeFileSync } from "node:fs";
import { Auth, customFetch } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { chromium } from "playwright-core";

const APP = "http://app.example.com";
const IDP = "http://idp.example.com";
const APP_PORT = 18490;
const IDP_PORT = 18499;
const SECRET = "authlint-fake-secret-authjs-update-race-not-real-0123456789";
const SALT = "authjs.session-token"; // the cookie name is the salt
const t0 = Date.now();
const log = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nameIn = async (cookieHeader) => {
  const m = /(?:^|;\s*)authjs\.session-token=([^;]+)/.exec(cookieHeader || "");
  if (!m) return null;
  const t = await decode({ token: m[1], secret: SECRET, salt: SALT });
  return t?.name ?? null;
};

const config = {
  basePath: "/api/auth",
  trustHost: true,
  secret: SECRET,
  session: { strategy: "jwt" },
  callbacks: {
    async jwt({ token, trigger, session }) {
      if (trigger === "update" && session?.name) token.name = session.name;
      else if (!trigger) await sleep(400); // a user lookup on every read
      return token;
    },
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
    // Node does not know Chromium's host mapping: send the back channel
    // (token, userinfo) to the provider's port.
    [customFetch]: (url, opts) => fetch(String(url).replace(IDP, `http://127.0.0.1:${IDP_PORT}`), opts),
  }],
};

const readBody = (req) => new Promise((r) => { const c = []; req.on("data", (d) => c.push(d)); req.on("end", () => r(Buffer.concat(c))); });

const idp = http.createServer(async (req, res) => {
  const url = new URL(req.url, IDP);
  await readBody(req);
  if (url.pathname === "/authorize") {
    const back = new URL(url.searchParams.get("redirect_uri"));
    back.searchParams.set("code", "test-code-0123456789");
    back.searchParams.set("state", url.searchParams.get("state"));
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    return res.end(`<!doctype html><title>Test IdP</title><a id="continue" href="${back}">Continue</a>`);
  }
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  if (url.pathname === "/token") return res.end(JSON.stringify({ access_token: "test-access-token", token_type: "Bearer", expires_in: 3600 }));
  return res.end(JSON.stringify({ sub: "user-alice", name: "alice" }));
});

// The page: after load, two session reads, then update() 50 ms later while
// they are in flight; then a last read once all three have finished. With
// ?awaited, update() completes before the reads start.
const PROFILE = (awaited) => `<!doctype html><title>profile</title><p id="state">racing</p>
<script>
(async () => {
  const csrf = (await (await fetch("/api/auth/csrf")).json()).csrfToken;
  const doUpdate = () => fetch("/api/auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ csrfToken: csrf, data: { name: "Alice Updated" } }),
  });
  let update, reads;
  if (${awaited}) {
    update = doUpdate();
    await update;
    reads = [fetch("/api/auth/session"), fetch("/api/auth/session")];
  } else {
    reads = [fetch("/api/auth/session"), fetch("/api/auth/session")];
    await new Promise((r) => setTimeout(r, 50));
    update = doUpdate();
  }
  const answers = await Promise.all([update, ...reads].map((p) => p.then((r) => r.json())));
  const after = await (await fetch("/api/auth/session")).json();
  window.race = { update: answers[0].user.name, reads: answers.slice(1).map((s) => s.user.name), after: after.user.name };
  document.getElementById("state").textContent = "done";
})();
</script>`;

const app = http.createServer(async (req, res) => {
  const body = await readBody(req);
  if (req.url.startsWith("/api/auth")) {
    const entry = req.url === "/api/auth/session" ? { request: `${req.method} ${req.url}`, started_ms: Date.now() - t0, sent_name: await nameIn(req.headers.cookie) } : null;
    const request = new Request(`${APP}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).filter(([k]) => k !== "host").map(([k, v]) => [k, String(v)]),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const response = await Auth(request, config);
    const headers = [];
    response.headers.forEach((v, k) => { if (k !== "set-cookie") headers.push(k, v); });
    const set = response.headers.getSetCookie();
    for (const c of set) headers.push("set-cookie", c);
    if (entry) {
      entry.set_name = await nameIn(set.map((c) => c.split(";")[0]).join("; "));
      entry.finished_ms = Date.now() - t0;
      log.push(entry);
    }
    res.writeHead(response.status, headers);
    return res.end(Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" });
  res.end(req.url.startsWith("/profile") ? PROFILE(req.url === "/profile?awaited") : "<!doctype html><title>app</title><p>home</p>");
});

await new Promise((r) => app.listen(APP_PORT, "127.0.0.1", r));
await new Promise((r) => idp.listen(IDP_PORT, "127.0.0.1", r));
const results = { chromium: "", "@auth/core": "0.41.1", cases: {} };
for (const [file, page] of [
  ["../chromium-authjs-update-race.har", "/profile"],
  ["../near-miss-chromium-authjs-update-awaited.har", "/profile?awaited"],
]) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", `--host-resolver-rules=MAP app.example.com:80 127.0.0.1:${APP_PORT}, MAP idp.example.com:80 127.0.0.1:${IDP_PORT}, MAP * ~NOTFOUND`],
  });
  results.chromium = browser.version();
  const ctx = await browser.newContext({ recordHar: { path: file, content: "embed" } });
  const p = await ctx.newPage();
  await p.goto(`${APP}/api/auth/signin?callbackUrl=${encodeURIComponent(APP + page)}`);
  await p.click("button[type=submit]"); // POST /api/auth/signin/test
  await p.waitForURL(`${IDP}/authorize**`);
  log.length = 0; // the session requests of the sign-in are not the race
  await p.click("#continue"); // callback, then the page
  await p.waitForURL(`${APP}${page}`);
  await p.waitForFunction(() => document.getElementById("state").textContent === "done", null, { timeout: 10000 });
  const race = await p.evaluate(() => window.race);
  const jarCookie = (await ctx.cookies()).find((c) => c.name === SALT);
  const jarToken = await decode({ token: jarCookie.value, secret: SECRET, salt: SALT });
  await ctx.close(); // writes the HAR
  await browser.close();
  results.cases[file] = {
    "session requests as the server saw them": [...log].sort((a, b) => a.started_ms - b.started_ms),
    "answers the page got": race,
    "session cookie in the browser jar at the end": { name: jarToken.name },
    verdict: jarToken.name === "Alice Updated" ? "the update stuck" : "the update was lost: a stale read's Set-Cookie landed after the update's",
  };
}
app.close();
idp.close();
writeFileSync("results.json", JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
