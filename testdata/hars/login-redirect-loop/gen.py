"""Writes the hand-made login-redirect-loop fixtures (python3 gen.py).

The chromium-*.har fixtures beside them are recorded by record/record.mjs.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bearer-token-rejected"))
from harbuild import here, nav, write  # noqa: E402

D = here(__file__)
APP = "https://app.example.com"
IDP = "https://tenant.example.com"
STATE = "state-test-0123456789abcdef"
CB = APP + "/api/auth/callback"


def redirect(i, url, to, cookie="", site="same-origin", set_cookies=(), extra=()):
    return nav(i, url, cookie=cookie, status=302, site=site,
               resp_headers=[("location", to)] + [("set-cookie", c) for c in set_cookies] + list(extra))


def round_(i, session_line, landing_cookie="", callback_extra=(), callback_sets=True, landing_site="cross-site"):
    """One pass through a nextjs-auth0 v3 login: login, authorize, callback, the app's page redirecting to the login."""
    sets = ["auth_verification=; Path=/; Max-Age=0"] + ([session_line] if callback_sets else [])
    return [
        redirect(i, APP + "/api/auth/login", f"{IDP}/authorize?client_id=test-client&state={STATE}",
                 set_cookies=["auth_verification=test-txn-0123456789; Path=/; HttpOnly; Secure; SameSite=Lax"]),
        redirect(i + 1, f"{IDP}/authorize?client_id=test-client&response_type=code&redirect_uri={CB}&state={STATE}",
                 f"{CB}?code=test-code-0123456789&state={STATE}", site="cross-site"),
        redirect(i + 2, f"{CB}?code=test-code-0123456789&state={STATE}", APP + "/dashboard",
                 cookie="auth_verification=test-txn-0123456789", site="cross-site", set_cookies=sets, extra=callback_extra),
        redirect(i + 3, APP + "/dashboard", APP + "/api/auth/login", cookie=landing_cookie, site=landing_site),
    ]


STRICT = "appSession=test-session-0123456789abcdef; Path=/; HttpOnly; Secure; SameSite=Strict"
# The session cookie is SameSite=Strict: the dashboard the callback redirects
# to is still part of the navigation the identity provider started
# (Sec-Fetch-Site: cross-site), so the browser leaves it out, and the app
# sends the browser to the login again; the provider answers at once.
write(os.path.join(D, "samesite-strict-session-loop.har"), round_(0, STRICT) + round_(4, STRICT) + round_(8, STRICT))

# The edge cache answers the callback with a stored redirect without the
# session: every pass ends signed out.
CACHED = [("x-cache", "Hit from cloudfront"), ("age", "120"), ("via", "1.1 test.cloudfront.net (CloudFront)")]
write(os.path.join(D, "edge-cached-callback-loop.har"),
      round_(0, "", callback_extra=CACHED, callback_sets=False) + round_(4, "", callback_extra=CACHED, callback_sets=False))

# Near miss: the first login loses its session (SameSite=Strict), the second
# (after the app's fix) signs in.
LAX = "appSession=test-session-0123456789abcdef; Path=/; HttpOnly; Secure; SameSite=Lax"
write(os.path.join(D, "near-miss-second-login-succeeds.har"),
      round_(0, STRICT) + round_(4, LAX)[:3] + [nav(7, APP + "/dashboard", cookie="appSession=test-session-0123456789abcdef", site="cross-site")])

# Near miss: a redirect loop between the apex and www that never passes an
# auth route, ending at Chromium's limit.
hops = []
for i in range(20):
    a, b = ("https://example.com/", "https://www.example.com/") if i % 2 == 0 else ("https://www.example.com/", "https://example.com/")
    hops.append(redirect(i, a, b))
last = nav(20, "https://example.com/", status=0)
last["response"]["_error"] = "net::ERR_TOO_MANY_REDIRECTS"
last["response"]["headers"] = []
write(os.path.join(D, "near-miss-www-apex-redirect-loop.har"), hops + [last])
