"""Writes the hand-built cookie-rejected fixtures (python3 gen.py). The
chromium-*.har fixture comes from ../oversized-cookie/record/record.mjs, a
real Chromium through a real nginx."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bearer-token-rejected"))
from harbuild import entry, here, nav, write  # noqa: E402

D = here(__file__)
PREVIEW = "https://my-app-git-fix-login-acme.vercel.app"
JWE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..dGVzdC1pdi0wMTIz.dGVzdC1zZXNzaW9uLWNpcGhlcnRleHQ.dGVzdC10YWc"
V4 = "next-auth.csrf-token=test-csrf%7Ctest-hash; next-auth.callback-url=%2F"


def redirect(i, url, to, cookie="", site="same-origin", set_cookies=()):
    return nav(i, url, cookie=cookie, status=302, site=site,
               resp_headers=[("location", to)] + [("set-cookie", c) for c in set_cookies])


def session_json(i, url, cookie, body="{}"):
    return entry(i, "GET", url, [("accept", "*/*"), ("cookie", cookie)], 200,
                 [("content-type", "application/json"), ("cache-control", "private, no-store")], body, "application/json")


# A Vercel preview deployment of a NextAuth v4 app whose cookies option
# carries the production domain: the callback's session cookie names
# Domain=example.com, which the preview host is not under, so Chromium drops
# it and the next page and the session endpoint arrive without it.
write(os.path.join(D, "preview-host-production-domain.har"), [
    redirect(0, PREVIEW + "/api/auth/callback/github?code=test-code-0123456789&state=test-state",
             PREVIEW + "/", cookie=V4, site="cross-site",
             set_cookies=["__Secure-next-auth.session-token=" + JWE + "; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    nav(1, PREVIEW + "/", cookie=V4, body="<html>Sign in</html>"),
    session_json(2, PREVIEW + "/api/auth/session", V4),
])

# A cookie scoped to a public suffix of the private section (vercel.app):
# Chromium refuses it on every host under it.
write(os.path.join(D, "public-suffix-domain.har"), [
    redirect(0, "https://my-app.vercel.app/api/auth/callback/github?code=test-code-0123456789&state=test-state",
             "https://my-app.vercel.app/dashboard", cookie=V4, site="cross-site",
             set_cookies=["next-auth.session-token=" + JWE + "; Domain=vercel.app; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    nav(1, "https://my-app.vercel.app/dashboard", cookie=V4, status=307,
        resp_headers=[("location", "https://my-app.vercel.app/api/auth/signin")]),
])

# The HAR ends with the response: nothing shows the loss, so the finding is
# only medium.
write(os.path.join(D, "secure-over-http-last-entry.har"), [
    redirect(0, "http://staging.example.com/api/auth/callback/credentials", "http://staging.example.com/",
             cookie=V4, set_cookies=["__Secure-next-auth.session-token=" + JWE + "; Path=/; HttpOnly; Secure; SameSite=Lax"]),
])

# Near miss: a cookie for the parent domain of the host that set it is
# stored, and the next request carries it.
write(os.path.join(D, "near-miss-parent-domain.har"), [
    redirect(0, "https://app.example.com/api/auth/callback/github?code=test-code-0123456789&state=test-state",
             "https://app.example.com/", cookie=V4, site="cross-site",
             set_cookies=["__Secure-next-auth.session-token=" + JWE + "; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    nav(1, "https://www.example.com/", cookie=V4 + "; __Secure-next-auth.session-token=" + JWE, body="<html>Signed in</html>"),
])

# Near miss: a browser that accepted SameSite=None without Secure (the HAR's
# next request sent the value back) is not contradicted.
write(os.path.join(D, "near-miss-samesite-none-sent-back.har"), [
    redirect(0, "https://portal.example.com/api/auth/callback", "https://portal.example.com/",
             site="cross-site", set_cookies=["appSession=" + JWE + "; Path=/; HttpOnly; SameSite=None"]),
    nav(1, "https://portal.example.com/", cookie="appSession=" + JWE, body="<html>Signed in</html>"),
])
