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

# A deletion the browser refuses deletes nothing. Sign-out clears the
# __Host- session cookie with a Domain attribute, which the __Host- prefix
# forbids: Chromium refuses the line, keeps the cookie, and the next page
# still sends it.
HOST_SESSION = "__Host-session=" + JWE
write(os.path.join(D, "refused-deletion-host-prefix-domain.har"), [
    nav(0, "https://app.example.com/dashboard", cookie=HOST_SESSION, body="<html>Signed in</html>"),
    entry(1, "POST", "https://app.example.com/logout", [("cookie", HOST_SESSION), ("origin", "https://app.example.com")], 303,
          [("location", "https://app.example.com/"),
           ("set-cookie", "__Host-session=; Domain=app.example.com; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax")]),
    nav(2, "https://app.example.com/", cookie=HOST_SESSION, body="<html>Signed in</html>"),
    nav(3, "https://app.example.com/account", cookie=HOST_SESSION, body="<html>Signed in</html>"),
])

# The login set appSession host-only on app.example.org; the logout route
# clears it with the Domain of another deployment (example.com), which
# app.example.org is not under: the deletion is refused and the cookie
# stays.
APP_SESSION = "appSession=" + JWE
EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"
write(os.path.join(D, "refused-deletion-foreign-domain.har"), [
    redirect(0, "https://app.example.org/api/auth/logout", "https://tenant.auth.example/v2/logout?returnTo=https%3A%2F%2Fapp.example.org",
             cookie=APP_SESSION, set_cookies=["appSession=; Domain=example.com; Path=/; Expires=" + EPOCH + "; HttpOnly; Secure; SameSite=Lax"]),
    nav(1, "https://app.example.org/", cookie=APP_SESSION, site="cross-site", body="<html>Signed in</html>"),
])

# Near miss: the response also deletes the cookie host-only, which works:
# the next page goes without it.
write(os.path.join(D, "near-miss-deletion-second-line-works.har"), [
    redirect(0, "https://app.example.org/api/auth/logout", "https://app.example.org/",
             cookie=APP_SESSION, set_cookies=["appSession=; Domain=example.com; Path=/; Expires=" + EPOCH + "; HttpOnly; Secure; SameSite=Lax",
                                              "appSession=; Path=/; Expires=" + EPOCH + "; HttpOnly; Secure; SameSite=Lax"]),
    nav(1, "https://app.example.org/", body="<html>Sign in</html>"),
])

# Near miss: a refused deletion, then a new sign-in sets the cookie again
# before any request: the cookie the next page sends is the new one.
NEW_JWE = JWE.replace("dGVzdC1zZXNzaW9uLWNpcGhlcnRleHQ", "dGVzdC1uZXctc2Vzc2lvbi1jaXBoZXJ0ZXh0")
write(os.path.join(D, "near-miss-refused-deletion-then-login.har"), [
    redirect(0, "https://app.example.org/api/auth/logout", "https://app.example.org/api/auth/login",
             cookie=APP_SESSION, set_cookies=["appSession=; Domain=example.com; Path=/; Expires=" + EPOCH + "; HttpOnly; Secure; SameSite=Lax"]),
    redirect(1, "https://app.example.org/api/auth/callback?code=test-code-0123456789&state=test-state", "https://app.example.org/",
             site="cross-site", set_cookies=["appSession=" + NEW_JWE + "; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    nav(2, "https://app.example.org/", cookie="appSession=" + NEW_JWE, body="<html>Signed in</html>"),
])
