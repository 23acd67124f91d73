// gen-big-session.mjs prints a nextjs-auth0 v4 session cookie large enough
// for three chunks (__session__0..2), made by the library's own
// StatelessSessionStore.set, for nextjs-auth0-v4-stale-chunk.har. It uses the
// packages pinned in testdata/tokens/gen and the fake secret of
// testdata/tokens/tokens.json. Run from testdata/tokens/gen after `npm ci`:
//
//	node ../../hars/incomplete-chunked-cookie/gen-big-session.mjs
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const mod = (p) => import(pathToFileURL(resolve(process.cwd(), "node_modules", p)).href);
const cookies = await mod("nextjs-auth0-v4/dist/server/cookies.js");
const { StatelessSessionStore } = await mod("nextjs-auth0-v4/dist/server/session/stateless-session-store.js");

const SECRET = "authlint-fake-secret-nextjs-auth0-v4-not-real";
const FAR_EXP = 4070908800; // 2099-01-01T00:00:00Z, as in tokens.json
const T = Math.floor(Date.now() / 1000);
const store = new StatelessSessionStore({ secret: SECRET, rolling: false, absoluteDuration: FAR_EXP - T });
const session = {
  user: {
    sub: "auth0|user-987",
    name: "Test User",
    email: "test@example.com",
    // The update that made the session grow: 300 groups instead of 150.
    groups: Array.from({ length: 300 }, (_, i) => `test-group-${String(i).padStart(3, "0")}`),
  },
  tokenSet: { accessToken: "fake-access-token", scope: "openid profile email", expiresAt: FAR_EXP },
  internal: { sid: "fake-sid", createdAt: T },
};
const req = new cookies.RequestCookies(new Headers());
const res = new cookies.ResponseCookies(new Headers());
await store.set(req, res, structuredClone(session));
const chunks = res.getAll().filter((c) => c.value !== "").map((c) => ({ name: c.name, value: c.value }));
const token = chunks.map((c) => c.value).join("");
const got = await cookies.decrypt(token, SECRET, {}, true);
process.stdout.write(JSON.stringify({ generated_at: T, chunks, groups: got.payload.user.groups.length }, null, 2) + "\n");
