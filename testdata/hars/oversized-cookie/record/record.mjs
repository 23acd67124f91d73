// record.mjs records two session-cookie failures with a real Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core, pinned in
// package.json) through a real nginx (Debian's nginx 1.22, started here with
// nginx.conf of this directory: large_client_header_buffers left at its
// default "4 8k") in front of a small origin that sets cookies the way
// @auth0/nextjs-auth0 v4 names them. Run by hand, from this directory, after
// `npm ci`:
//
//	node record.mjs
//
// ../../oversized-cookie/chromium-nginx-session-too-large.har: the login
// stores a session in four __session__N chunks of 3500 bytes (nextjs-auth0
// v4's MAX_CHUNK_SIZE); the next request carries a Cookie header of about
// 14 KB, which nginx refuses with 400 "Request Header Or Cookie Too Large"
// before the origin sees it.
// ../../cookie-rejected/chromium-foreign-domain-login-loop.har: a preview
// host sets the session cookie with Domain=example.com, which Chromium
// refuses; the dashboard sees no session and sends the browser back to
// sign in, twice, until the origin stops the loop.
//
// results.json records what the origin saw (the Cookie header size of each
// request that reached it) and what Chromium's cookie jar held at the end:
// the ground truth of each case. Cookie values are synthetic (no secret is
// involved), so the HARs need no scrubbing beyond dropping the local port.
import http from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const NGINX_PORT = 18080;
const ORIGIN_PORT = 18081;
const seen = [];

// A JWE-shaped value (alg dir, enc A256GCM, as nextjs-auth0 v4 writes) with
// a synthetic ciphertext of n bytes.
const b64u = (s) => Buffer.from(s).toString("base64url");
const jwe = (n) => [b64u('{"alg":"dir","enc":"A256GCM"}'), "", b64u("test-iv-0123"),
  "A".repeat(n), b64u("test-tag-0123456")].join(".");
const CHUNK = 3500; // nextjs-auth0 v4 src/server/cookies.ts MAX_CHUNK_SIZE

let loops = 0;
const origin = http.createServer((req, res) => {
  const host = (req.headers.host || "").split(":")[0];
  const url = new URL(req.url, `http://${host}`);
  const cookie = req.headers.cookie || "";
  seen.push({ host, path: url.pathname, cookieBytes: cookie.length });
  const page = (status, body, headers = {}) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store", ...headers });
    res.end(body);
  };
  const redirect = (to, setCookies = []) => {
    res.writeHead(302, { location: to, "cache-control": "private, no-store", "set-cookie": setCookies });
    res.end();
  };
  if (host === "app.example.com") {
    if (url.pathname === "/auth/callback") {
      const v = jwe(12000);
      const chunks = [];
      for (let i = 0; i * CHUNK < v.length; i++) {
        chunks.push(`__session__${i}=${v.slice(i * CHUNK, (i + 1) * CHUNK)}; Path=/; HttpOnly; SameSite=Lax`);
      }
      return redirect("/dashboard", chunks);
    }
    if (url.pathname === "/dashboard") return page(200, "<html>Signed in</html>");
    return page(404, "not found");
  }
  // The preview deployment: its cookie options carry the production domain.
  if (url.pathname === "/auth/login") {
    loops++;
    if (loops > 2) return page(200, "<html>Sign in (the origin stopped the loop)</html>");
    return redirect("/auth/callback?code=test-code-0123456789&state=test-state-0123");
  }
  if (url.pathname === "/auth/callback") {
    return redirect("/dashboard", [`__session=${jwe(400)}; Domain=example.com; Path=/; HttpOnly; SameSite=Lax`]);
  }
  if (url.pathname === "/dashboard") {
    if (/(^|; )__session=/.test(cookie)) return page(200, "<html>Signed in</html>");
    return redirect("/auth/login");
  }
  return page(404, "not found");
});

function startNginx() {
  const dir = mkdtempSync(join(tmpdir(), "authlint-nginx-"));
  const conf = readFileSync(join(here, "nginx.conf"), "utf8")
    .replaceAll("@PREFIX@", dir).replaceAll("@NGINX_PORT@", String(NGINX_PORT)).replaceAll("@ORIGIN_PORT@", String(ORIGIN_PORT));
  writeFileSync(join(dir, "nginx.conf"), conf);
  const p = spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "inherit" });
  return { p, dir };
}

// record runs one case in a fresh context and returns what the jar held.
async function record(browser, harPath, start) {
  const ctx = await browser.newContext({ recordHar: { path: harPath, content: "embed" } });
  const page = await ctx.newPage();
  const resp = await page.goto(start).catch((e) => ({ status: () => e.message }));
  const jar = (await ctx.cookies()).map((c) => ({ name: c.name, domain: c.domain, bytes: c.name.length + c.value.length }));
  await ctx.close();
  return { start, finalURL: page.url(), status: resp.status(), jar };
}

// clean drops the local port from the recorded URLs, so the fixtures read
// as the hosts they stand for.
function clean(path) {
  const s = readFileSync(path, "utf8").replace(new RegExp(`(\\.example\\.(com|net)):${NGINX_PORT}`, "g"), "$1");
  writeFileSync(path, s);
}

await new Promise((r) => origin.listen(ORIGIN_PORT, "127.0.0.1", r));
const ngx = startNginx();
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--host-resolver-rules=MAP *.example.com 127.0.0.1, MAP *.example.net 127.0.0.1", "--no-sandbox"],
});
const results = {};
try {
  const big = join(here, "..", "chromium-nginx-session-too-large.har");
  results.oversized = await record(browser, big, `http://app.example.com:${NGINX_PORT}/auth/callback?code=test-code-0123456789&state=test-state-0123`);
  clean(big);
  results.oversized.originSaw = seen.splice(0);
  const loop = join(here, "..", "..", "cookie-rejected", "chromium-foreign-domain-login-loop.har");
  results.foreignDomain = await record(browser, loop, `http://my-app-git-fix-acme.preview.example.net:${NGINX_PORT}/auth/login`);
  clean(loop);
  results.foreignDomain.originSaw = seen.splice(0);
  results.browser = browser.version();
  results.nginx = "nginx.conf here, large_client_header_buffers at its default (4 8k)";
} finally {
  await browser.close();
  ngx.p.kill("SIGQUIT");
  origin.close();
}
writeFileSync(join(here, "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));
