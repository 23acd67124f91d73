"""Writes the auth-error-response fixtures (python3 gen.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bearer-token-rejected"))
from harbuild import entry, here, nav, write  # noqa: E402

D = here(__file__)
APP = "https://app.example.com"
IDP = "https://tenant.example.com"
CLIENT = "Xc1ientIdTest0123456789abcdef"
STATE = "state-test-0123456789abcdef"
V4 = "next-auth.csrf-token=test-csrf%7Ctest-hash; next-auth.callback-url=https%3A%2F%2Fapp.example.com%2F"
V5 = "authjs.csrf-token=test-csrf%7Ctest-hash; authjs.callback-url=https%3A%2F%2Fapp.example.com%2F"


def authorize(i, cb, extra=""):
    return nav(i, f"{IDP}/authorize?client_id={CLIENT}&response_type=code&redirect_uri={cb}&scope=openid"
                  f"&state={STATE}{extra}", site="cross-site", status=302, resp_headers=[("location", f"{IDP}/u/login")])


def redirect(i, url, to, cookie="", site="same-origin"):
    return nav(i, url, cookie=cookie, status=302, resp_headers=[("location", to)], site=site)


# NextAuth v4: the callback fails (no state cookie came back), the error page
# sends the browser on to the sign-in page with the same code.
cb4 = "https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fauth0"
write(os.path.join(D, "nextauth-v4-oauthcallback.har"), [
    redirect(0, APP + "/api/auth/signin/auth0", f"{IDP}/authorize?client_id={CLIENT}", cookie=V4),
    authorize(1, cb4),
    redirect(5, f"{APP}/api/auth/callback/auth0?code=test-code-0123456789&state={STATE}",
             APP + "/api/auth/error?error=OAuthCallback", cookie=V4, site="cross-site"),
    redirect(6, APP + "/api/auth/error?error=OAuthCallback", APP + "/api/auth/signin?error=OAuthCallback", cookie=V4),
    nav(7, APP + "/api/auth/signin?error=OAuthCallback", cookie=V4, body="<html>Try signing in with a different account.</html>"),
])

# Auth.js v5: a missing PKCE cookie (InvalidCheck) reaches the browser as
# Configuration.
cb5 = "https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fgoogle"
write(os.path.join(D, "authjs-configuration.har"), [
    redirect(0, APP + "/api/auth/signin/google", f"{IDP}/authorize?client_id={CLIENT}", cookie=V5),
    authorize(1, cb5),
    redirect(5, f"{APP}/api/auth/callback/google?code=test-code-0123456789&state={STATE}",
             APP + "/api/auth/error?error=Configuration", cookie=V5, site="cross-site"),
    nav(6, APP + "/api/auth/error?error=Configuration", cookie=V5, status=500,
        body="<html><h1>Server error</h1><p>There is a problem with the server configuration.</p></html>"),
])

# The user cancelled at the provider; NextAuth v4 then shows error=Callback.
write(os.path.join(D, "idp-access-denied-nextauth.har"), [
    redirect(0, APP + "/api/auth/signin/auth0", f"{IDP}/authorize?client_id={CLIENT}", cookie=V4),
    authorize(1, cb4),
    redirect(5, f"{APP}/api/auth/callback/auth0?error=access_denied&error_description=User%20did%20not%20authorize%20the%20request&state={STATE}",
             APP + "/api/auth/error?error=Callback", cookie=V4, site="cross-site"),
    redirect(6, APP + "/api/auth/error?error=Callback", APP + "/api/auth/signin?error=Callback", cookie=V4),
    nav(7, APP + "/api/auth/signin?error=Callback", cookie=V4, body="<html>Try signing in with a different account.</html>"),
])

# Silent authentication (prompt=none) answered login_required: expected.
cb0 = "https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback"
write(os.path.join(D, "prompt-none-login-required.har"), [
    redirect(0, APP + "/auth/login?prompt=none", f"{IDP}/authorize?client_id={CLIENT}"),
    authorize(1, cb0, "&prompt=none"),
    nav(2, f"{APP}/auth/callback?error=login_required&error_description=Login%20required&state={STATE}",
        site="cross-site", status=500, body="An error occurred during the authorization flow."),
])

# nextjs-auth0 v4: the transaction cookie did not come back.
write(os.path.join(D, "nextjs-auth0-v4-invalid-state.har"), [
    redirect(0, APP + "/auth/login", f"{IDP}/authorize?client_id={CLIENT}"),
    authorize(1, cb0),
    nav(5, f"{APP}/auth/callback?code=test-code-0123456789&state={STATE}", site="cross-site", status=500,
        body="The state parameter is invalid."),
])

# nextjs-auth0 v3 with an onError that prints the error.
cb3 = "https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback"
write(os.path.join(D, "nextjs-auth0-v3-missing-state-cookie.har"), [
    redirect(0, APP + "/api/auth/login", f"{IDP}/authorize?client_id={CLIENT}"),
    authorize(1, cb3),
    nav(5, f"{APP}/api/auth/callback?code=test-code-0123456789&state={STATE}", site="cross-site", status=400,
        body="Callback handler failed. CAUSE: Missing state cookie from login request (check login URL, callback URL and cookie config)."),
])

# A form_post callback carrying the error in its body (response_mode=form_post).
write(os.path.join(D, "form-post-access-denied.har"), [
    redirect(0, APP + "/auth/login", f"{IDP}/authorize?client_id={CLIENT}"),
    authorize(1, cb0, "&response_mode=form_post"),
    entry(5, "POST", APP + "/auth/callback",
          [("origin", IDP), ("content-type", "application/x-www-form-urlencoded"), ("sec-fetch-dest", "document"),
           ("sec-fetch-mode", "navigate"), ("sec-fetch-site", "cross-site")],
          500, [("content-type", "text/plain"), ("cache-control", "no-store")],
          "An error occurred during the authorization flow.", "text/plain", "document",
          post=("application/x-www-form-urlencoded",
                f"error=access_denied&error_description=Access%20denied%20by%20rule%20%27allow-staff-only%27&state={STATE}")),
])

# Near misses.
# error= on pages that are not auth routes and no callback state.
write(os.path.join(D, "near-miss-error-param-elsewhere.har"), [
    nav(0, APP + "/search?q=login&error=Configuration", body="<html>results</html>"),
    nav(1, APP + "/docs/errors?error=access_denied", body="<html>docs</html>"),
    nav(2, APP + "/api/auth/signin", cookie=V4, body="<html>Sign in</html>"),
])
# nextjs-auth0 v3's default error handler answers with an empty body: the
# library said nothing.
write(os.path.join(D, "near-miss-nextjs-auth0-v3-empty-error.har"), [
    redirect(0, APP + "/api/auth/login", f"{IDP}/authorize?client_id={CLIENT}"),
    authorize(1, cb3),
    nav(5, f"{APP}/api/auth/callback?code=test-code-0123456789&state={STATE}", site="cross-site", status=400),
])
