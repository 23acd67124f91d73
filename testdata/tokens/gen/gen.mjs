// gen.mjs writes testdata/tokens/tokens.json: real session cookies made by the
// real libraries (versions pinned in package.json), for the Go tests of package
// token. Run: npm ci && node gen.mjs > ../tokens.json
//
// Every secret here is a fake test secret. Every token is made by the library's
// own code path (named in "function"); the decoded payload is read back with the
// library's own decoder, so the fixture records what the library itself sees.
//
// The clock is frozen at the start (Date and Date.now both return the same
// second) so exp/iat are exact. Expired tokens are read back with the clock set
// two hours before generation time, so the library's decoder accepts them.

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { hkdfSync } from "node:crypto";

const require = createRequire(import.meta.url);

// ---- frozen clock -------------------------------------------------------
const RealDate = Date;
const T = Math.floor(RealDate.now() / 1000); // generation time, epoch seconds
let clockMs = T * 1000;
class FrozenDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(clockMs);
    else super(...args);
  }
  static now() {
    return clockMs;
  }
}
globalThis.Date = FrozenDate;
function withClock(seconds, fn) {
  const saved = clockMs;
  clockMs = seconds * 1000;
  return Promise.resolve(fn()).finally(() => {
    clockMs = saved;
  });
}

const FAR_EXP = 4070908800; // 2099-01-01T00:00:00Z
const PAST = T - 3600; // one hour before generation

// ---- libraries ------------------------------------------------------------
const nextAuthJwt = await import("next-auth/jwt"); // next-auth v4
const authjsJwt = await import("@auth/core/jwt"); // Auth.js / next-auth v5
const { generateSessionCookie: v3Generate } = require("nextjs-auth0-v3/testing");
// Not in the package's exports map: loaded by path (see README.md).
const { StatelessSession: V3StatelessSession } = require(
  "./node_modules/nextjs-auth0-v3/dist/auth0-session/session/stateless-session.js"
);
const v4Cookies = await import("./node_modules/nextjs-auth0-v4/dist/server/cookies.js");
const { StatelessSessionStore: V4Store } = await import(
  "./node_modules/nextjs-auth0-v4/dist/server/session/stateless-session-store.js"
);
const jose = await import("jose");

function version(dir) {
  return JSON.parse(readFileSync(new URL(`./node_modules/${dir}/package.json`, import.meta.url))).version;
}
const versions = {
  jose: version("jose"),
  "next-auth": version("next-auth"),
  "@auth/core": version("@auth/core"),
  "@auth0/nextjs-auth0@3": version("nextjs-auth0-v3"),
  "@auth0/nextjs-auth0@4": version("nextjs-auth0-v4"),
};

const header = (token) => jose.decodeProtectedHeader(token);

// ---- next-auth v4 -------------------------------------------------------------
const NEXTAUTH_SECRET = "authlint-fake-secret-nextauth-v4-not-real";
async function nextAuthV4(id, cookieName, expired) {
  const claims = { name: "Test User", email: "test@example.com", sub: "user-123" };
  const maxAge = expired ? PAST - T : FAR_EXP - T;
  const token = await nextAuthJwt.encode({ token: claims, secret: NEXTAUTH_SECRET, maxAge });
  const payload = await withClock(expired ? T - 7200 : T, () =>
    nextAuthJwt.decode({ token, secret: NEXTAUTH_SECRET })
  );
  return {
    id, library: "nextauth-v4", package: "next-auth", version: versions["next-auth"],
    function: "next-auth/jwt encode({token, secret, maxAge})",
    secrets: [NEXTAUTH_SECRET], cookie_name: cookieName, token, expired,
    claims_in: claims, payload, header: header(token), exp: payload.exp, iat: payload.iat,
  };
}

// ---- Auth.js (@auth/core, next-auth v5) ------------------------------------------
const AUTHJS_SECRET = "authlint-fake-secret-authjs-v5-not-real";
const AUTHJS_OLD_SECRET = "authlint-fake-secret-authjs-v5-old-not-real";
async function authjs(id, cookieName, expired, secrets = [AUTHJS_SECRET]) {
  const claims = { name: "Test User", email: "test@example.com", sub: "user-456" };
  const maxAge = expired ? PAST - T : FAR_EXP - T;
  // next-auth v5 getToken() uses salt = cookie name; encode needs it explicitly.
  const token = await authjsJwt.encode({ token: claims, secret: secrets, salt: cookieName, maxAge });
  const payload = await withClock(expired ? T - 7200 : T, () =>
    authjsJwt.decode({ token, secret: secrets, salt: cookieName })
  );
  return {
    id, library: "authjs-v5", package: "@auth/core", version: versions["@auth/core"],
    function: "@auth/core/jwt encode({token, secret, salt: cookieName, maxAge})",
    secrets, cookie_name: cookieName, token, expired,
    claims_in: claims, payload, header: header(token), exp: payload.exp, iat: payload.iat,
  };
}

// Auth.js encode always writes A256CBC-HS512, but decode also accepts A256GCM
// (32-byte key, SHA-256 thumbprint as kid). No library function writes such a
// token, so it is built with jose and node's HKDF the way @auth/core's
// getDerivedEncryptionKey and encode do, then checked with @auth/core decode.
async function authjsA256GCM(id, cookieName) {
  const claims = { name: "Test User", email: "test@example.com", sub: "user-456" };
  const key = new Uint8Array(
    hkdfSync("sha256", AUTHJS_SECRET, cookieName, `Auth.js Generated Encryption Key (${cookieName})`, 32)
  );
  const kid = await jose.calculateJwkThumbprint({ kty: "oct", k: jose.base64url.encode(key) }, "sha256");
  const token = await new jose.EncryptJWT(claims)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .setIssuedAt()
    .setExpirationTime(FAR_EXP)
    .setJti("00000000-0000-4000-8000-000000000000")
    .encrypt(key);
  const payload = await authjsJwt.decode({ token, secret: AUTHJS_SECRET, salt: cookieName });
  return {
    id, library: "authjs-v5", package: "@auth/core", version: versions["@auth/core"],
    function: "jose EncryptJWT (A256GCM) with the key @auth/core getDerivedEncryptionKey derives; verified with @auth/core/jwt decode",
    secrets: [AUTHJS_SECRET], cookie_name: cookieName, token, expired: false,
    claims_in: claims, payload, header: header(token), exp: payload.exp, iat: payload.iat,
  };
}

// ---- @auth0/nextjs-auth0 v3 ---------------------------------------------------
const V3_SECRET = "authlint-fake-secret-nextjs-auth0-v3-not-real";
async function nextjsAuth0V3(id, expired) {
  const session = {
    user: { sub: "auth0|user-789", name: "Test User", email: "test@example.com" },
    accessTokenScope: "openid profile email",
    token_type: "Bearer",
  };
  // generateSessionCookie (exported as @auth0/nextjs-auth0/testing) calls
  // StatelessSession.encrypt, the same function setSession uses for appSession.
  // Header: {alg: dir, enc: A256GCM, uat, iat, exp}, exp = now + duration.
  const duration = expired ? PAST - T : FAR_EXP - T;
  const token = await v3Generate(session, { secret: V3_SECRET, duration });
  // Read back with the library's StatelessSession (the cookie store).
  const store = new V3StatelessSession({ secret: V3_SECRET, session: { name: "appSession", cookie: {} } });
  const got = await store.getSession({ getCookies: () => ({ appSession: token }) });
  return {
    id, library: "nextjs-auth0-v3", package: "@auth0/nextjs-auth0", version: versions["@auth0/nextjs-auth0@3"],
    function: "@auth0/nextjs-auth0/testing generateSessionCookie(session, {secret, duration}) -> StatelessSession.encrypt",
    secrets: [V3_SECRET], cookie_name: "appSession", token, expired,
    claims_in: session, payload: got.data, header: got.header, exp: got.header.exp, iat: got.header.iat,
  };
}

// ---- @auth0/nextjs-auth0 v4 ---------------------------------------------------
const V4_SECRET = "authlint-fake-secret-nextjs-auth0-v4-not-real";
function v4Session(big) {
  const user = { sub: "auth0|user-987", name: "Test User", email: "test@example.com" };
  if (big) {
    // Large enough to exceed MAX_CHUNK_SIZE (3500) and force __session__N chunks.
    user.groups = Array.from({ length: 150 }, (_, i) => `test-group-${String(i).padStart(3, "0")}`);
  }
  return {
    user,
    tokenSet: { accessToken: "fake-access-token", scope: "openid profile email", expiresAt: FAR_EXP },
    internal: { sid: "fake-sid", createdAt: T },
  };
}
async function nextjsAuth0V4Store(id, big) {
  // StatelessSessionStore.set: the path the SDK uses to write __session (chunked
  // as __session__0, __session__1, ... above 3500 bytes). rolling=false makes
  // the expiry now + absoluteDuration.
  const store = new V4Store({ secret: V4_SECRET, rolling: false, absoluteDuration: FAR_EXP - T });
  const session = v4Session(big);
  const req = new v4Cookies.RequestCookies(new Headers());
  const res = new v4Cookies.ResponseCookies(new Headers());
  await store.set(req, res, structuredClone(session));
  const chunks = res
    .getAll()
    .filter((c) => c.value !== "")
    .map((c) => ({ name: c.name, value: c.value }));
  const token = chunks.map((c) => c.value).join("");
  const got = await v4Cookies.decrypt(token, V4_SECRET, {}, true);
  return {
    id, library: "nextjs-auth0-v4", package: "@auth0/nextjs-auth0", version: versions["@auth0/nextjs-auth0@4"],
    function: "StatelessSessionStore.set (rolling: false) -> cookies.encrypt",
    secrets: [V4_SECRET], cookie_name: "__session", chunks: chunks.length > 1 ? chunks : undefined,
    token, expired: false, claims_in: session, payload: got.payload, header: got.protectedHeader,
    exp: got.payload.exp, iat: got.payload.iat,
  };
}
async function nextjsAuth0V4Expired(id) {
  const session = v4Session(false);
  const token = await v4Cookies.encrypt(structuredClone(session), V4_SECRET, PAST);
  const got = await withClock(T - 7200, () => v4Cookies.decrypt(token, V4_SECRET, {}, true));
  return {
    id, library: "nextjs-auth0-v4", package: "@auth0/nextjs-auth0", version: versions["@auth0/nextjs-auth0@4"],
    function: "cookies.encrypt(payload, secret, expiration)",
    secrets: [V4_SECRET], cookie_name: "__session", token, expired: true,
    claims_in: session, payload: got.payload, header: got.protectedHeader,
    exp: got.payload.exp, iat: got.payload.iat,
  };
}

const tokens = [
  await nextAuthV4("nextauth-v4-valid", "next-auth.session-token", false),
  await nextAuthV4("nextauth-v4-expired", "next-auth.session-token", true),
  await nextAuthV4("nextauth-v4-secure-valid", "__Secure-next-auth.session-token", false),
  await authjs("authjs-v5-valid", "authjs.session-token", false),
  await authjs("authjs-v5-expired", "authjs.session-token", true),
  await authjs("authjs-v5-secure-valid", "__Secure-authjs.session-token", false),
  // secret is an array: encode uses secrets[0]; kid names it.
  await authjs("authjs-v5-rotated", "authjs.session-token", false, [AUTHJS_SECRET, AUTHJS_OLD_SECRET]),
  await authjsA256GCM("authjs-v5-a256gcm", "authjs.session-token"),
  await nextjsAuth0V3("nextjs-auth0-v3-valid", false),
  await nextjsAuth0V3("nextjs-auth0-v3-expired", true),
  await nextjsAuth0V4Store("nextjs-auth0-v4-valid", false),
  await nextjsAuth0V4Expired("nextjs-auth0-v4-expired"),
  await nextjsAuth0V4Store("nextjs-auth0-v4-chunked", true),
];

process.stdout.write(
  JSON.stringify(
    {
      comment: "generated by testdata/tokens/gen/gen.mjs; fake secrets only; see README.md",
      generated_at: T,
      node: process.version,
      versions,
      tokens,
    },
    null,
    2
  ) + "\n"
);
