"""Writes the hand-made transaction-cookie-not-sent fixtures (python3 gen.py).

The chromium-*.har fixtures beside them are recorded by record/record.mjs.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bearer-token-rejected"))
from harbuild import here, nav, write  # noqa: E402

D = here(__file__)
IDP = "https://tenant.example.com"
STATE = "state-test-0123456789abcdef"
CSRF = "next-auth.csrf-token=test-csrf%7Ctest-hash"


def redirect(i, url, to, cookie="", site="same-origin", set_cookies=()):
    return nav(i, url, cookie=cookie, status=302, site=site,
               resp_headers=[("location", to)] + [("set-cookie", c) for c in set_cookies])


def authorize(i, cb):
    return redirect(i, f"{IDP}/authorize?client_id=test-client&response_type=code&redirect_uri={cb}&state={STATE}",
                    f"{cb}?code=test-code-0123456789&state={STATE}", site="cross-site")


def nextauth_login(i, host, cb, state_line):
    return redirect(i, f"https://{host}/api/auth/signin/auth0",
                    f"{IDP}/authorize?client_id=test-client", cookie=CSRF,
                    set_cookies=[state_line, "next-auth.pkce.code_verifier=test-verifier-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900"])


# The login starts on www.example.com (host-only state cookie) but the
# provider returns to the apex, where NEXTAUTH_URL points.
cb = "https://example.com/api/auth/callback/auth0"
write(os.path.join(D, "www-login-apex-callback.har"), [
    nextauth_login(0, "www.example.com", cb, "next-auth.state=test-state-cookie-0123; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900"),
    authorize(1, cb),
    redirect(2, f"{cb}?code=test-code-0123456789&state={STATE}", "https://example.com/api/auth/error?error=OAuthCallback",
             cookie=CSRF, site="cross-site"),
    nav(3, "https://example.com/api/auth/error?error=OAuthCallback", cookie=CSRF, status=200, body="<html>Try signing in with a different account.</html>"),
])

# The state cookie is scoped to the sign-in route's path.
cb = "https://app.example.com/api/auth/callback/auth0"
write(os.path.join(D, "path-does-not-cover-callback.har"), [
    nextauth_login(0, "app.example.com", cb, "next-auth.state=test-state-cookie-0123; Path=/api/auth/signin; HttpOnly; Secure; SameSite=Lax; Max-Age=900"),
    authorize(1, cb),
    redirect(2, f"{cb}?code=test-code-0123456789&state={STATE}", "https://app.example.com/api/auth/error?error=OAuthCallback",
             cookie=CSRF + "; next-auth.pkce.code_verifier=test-verifier-0123456789", site="cross-site"),
])

# The user spent 20 minutes at the provider; the state and PKCE cookies
# (Max-Age=900, NextAuth's 15 minutes) had expired.
write(os.path.join(D, "expired-at-callback.har"), [
    nextauth_login(0, "app.example.com", cb, "next-auth.state=test-state-cookie-0123; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900"),
    authorize(1, cb),
    redirect(1200, f"{cb}?code=test-code-0123456789&state={STATE}", "https://app.example.com/api/auth/error?error=OAuthCallback",
             cookie=CSRF, site="cross-site"),
])

# Near miss: the app itself deleted the state cookie before the callback (a
# sign-out in another tab): intended, not the browser's doing.
write(os.path.join(D, "near-miss-deleted-by-app.har"), [
    nextauth_login(0, "app.example.com", cb, "next-auth.state=test-state-cookie-0123; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900"),
    authorize(1, cb),
    redirect(2, "https://app.example.com/api/auth/signout", "https://app.example.com/", cookie=CSRF,
             set_cookies=["next-auth.state=; Path=/; Max-Age=0", "next-auth.pkce.code_verifier=; Path=/; Max-Age=0"]),
    redirect(3, f"{cb}?code=test-code-0123456789&state={STATE}", "https://app.example.com/api/auth/error?error=OAuthCallback",
             cookie=CSRF, site="cross-site"),
])

# Near miss: a deliberate auth host on another domain. The app's own login
# cookie stays on app.example.com; the central login service at
# login.example.net has its own transaction cookie, which its callback gets.
write(os.path.join(D, "near-miss-auth-host-other-domain.har"), [
    redirect(0, "https://app.example.com/api/auth/login", "https://login.example.net/start?app=test",
             set_cookies=["auth_verification=test-txn-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    redirect(1, "https://login.example.net/start?app=test", f"{IDP}/authorize?client_id=test-client", site="cross-site",
             set_cookies=["_oauth2_proxy_csrf=test-csrf-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    authorize(2, "https://login.example.net/oauth2/callback"),
    redirect(3, f"https://login.example.net/oauth2/callback?code=test-code-0123456789&state={STATE}", "https://app.example.com/",
             cookie="_oauth2_proxy_csrf=test-csrf-0123456789", site="cross-site"),
    nav(4, "https://app.example.com/", cookie="auth_verification=test-txn-0123456789", site="cross-site"),
])

# Near miss: nextjs-auth0 v4 with two logins in two tabs; the callback of the
# second carries its own __txn_<state> and not the first's.
A, B = "stateAtest0123456789", "stateBtest0123456789"
cb = "https://app.example.com/auth/callback"
write(os.path.join(D, "near-miss-other-login-txn.har"), [
    redirect(0, "https://app.example.com/auth/login", f"{IDP}/authorize?state={A}",
             set_cookies=[f"__txn_{A}=test-txn-a-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600"]),
    redirect(1, "https://app.example.com/auth/login", f"{IDP}/authorize?state={B}", cookie=f"__txn_{A}=test-txn-a-0123456789",
             set_cookies=[f"__txn_{B}=test-txn-b-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600"]),
    redirect(2, f"{IDP}/authorize?client_id=test-client&response_type=code&redirect_uri={cb}&state={B}", f"{cb}?code=test-code-0123456789&state={B}", site="cross-site"),
    redirect(3, f"{cb}?code=test-code-0123456789&state={B}", "https://app.example.com/", cookie=f"__txn_{B}=test-txn-b-0123456789", site="cross-site",
             set_cookies=[f"__txn_{B}=; Path=/; Max-Age=0", "__session=test-session-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax"]),
    nav(4, "https://app.example.com/", cookie=f"__txn_{A}=test-txn-a-0123456789; __session=test-session-0123456789", site="cross-site"),
])
