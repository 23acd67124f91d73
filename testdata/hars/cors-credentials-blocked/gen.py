"""Writes the cors-credentials-blocked fixtures (python3 gen.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bearer-token-rejected"))
from harbuild import entry, here, jwt, epoch, nav, write  # noqa: E402

D = here(__file__)
APP = "https://app.example.com"
API = "https://api.example.com"
TOKEN = jwt({"iss": "https://tenant.example.com/", "sub": "user-test-1", "aud": API, "exp": epoch(86400), "scope": "read:orders"})


def cors(i, method, url, cookie="", token="", status=200, resp=(), body='{"ok":true}', origin=APP, extra=(), mode="cors"):
    h = [("accept", "application/json"), ("origin", origin), ("referer", APP + "/dashboard"),
         ("sec-fetch-dest", "empty"), ("sec-fetch-mode", mode), ("sec-fetch-site", "same-site")] + list(extra)
    if cookie:
        h.append(("cookie", cookie))
    if token:
        h.append(("authorization", "Bearer " + token))
    rh = [("content-type", "application/json"), ("cache-control", "private, no-store")] + list(resp)
    rt = "preflight" if method == "OPTIONS" else "fetch"
    return entry(i, method, url, h, status, rh, body if method != "OPTIONS" else "", "application/json", rt)


def preflight(i, url, req_headers, status, resp, method="GET"):
    h = [("access-control-request-method", method), ("access-control-request-headers", req_headers)]
    return cors(i, "OPTIONS", url, status=status, resp=resp, extra=h)


page = nav(0, APP + "/dashboard", body="<html></html>")

# The session API answers a cookie request with the wildcard.
write(os.path.join(D, "cookie-wildcard-origin.har"), [page,
    cors(1, "GET", API + "/session", cookie="sid=test-session-0123456789abcdef",
         resp=[("access-control-allow-origin", "*"), ("access-control-allow-credentials", "true")]),
])
# The origin is echoed but credentials are not allowed.
write(os.path.join(D, "cookie-without-allow-credentials.har"), [page,
    cors(1, "GET", API + "/me", cookie="sid=test-session-0123456789abcdef",
         resp=[("access-control-allow-origin", APP), ("vary", "Origin")]),
])
# A bearer call answered for another origin: the preflight handler echoes
# the origin, the API's own allowlist names only the apex.
write(os.path.join(D, "bearer-other-origin.har"), [page,
    preflight(1, API + "/v1/orders", "authorization", 204,
              [("access-control-allow-origin", APP), ("access-control-allow-headers", "Authorization"), ("vary", "Origin")]),
    cors(2, "GET", API + "/v1/orders", token=TOKEN,
         resp=[("access-control-allow-origin", "https://example.com"), ("vary", "Origin")]),
])
# The preflight allows "*" headers: Authorization is not covered.
write(os.path.join(D, "preflight-wildcard-headers.har"), [page,
    preflight(1, API + "/v1/orders", "authorization,content-type", 204,
              [("access-control-allow-origin", APP), ("access-control-allow-headers", "*"),
               ("access-control-allow-methods", "GET, POST")], method="POST"),
])
# The API's auth middleware answers the preflight 401.
write(os.path.join(D, "preflight-answered-401.har"), [page,
    preflight(1, API + "/v1/orders", "authorization", 401,
              [("www-authenticate", 'Bearer realm="api"')]),
])

# Near misses.
# A public API answering * to a request without credentials.
write(os.path.join(D, "near-miss-public-api-wildcard.har"), [page,
    cors(1, "GET", "https://cdn-api.example.net/v1/rates", resp=[("access-control-allow-origin", "*")]),
])
# A same-origin POST carries Origin and cookies: no CORS involved.
write(os.path.join(D, "near-miss-same-origin.har"), [page,
    cors(1, "POST", APP + "/api/auth/session", cookie="sid=test-session-0123456789abcdef", extra=[("content-type", "application/json")]),
])
# A correct credentialed exchange: preflight naming Authorization, origin
# echoed with credentials allowed.
write(os.path.join(D, "near-miss-correct-credentials.har"), [page,
    preflight(1, API + "/v1/orders", "authorization, content-type", 204,
              [("access-control-allow-origin", APP), ("access-control-allow-credentials", "true"),
               ("access-control-allow-headers", "Authorization, Content-Type"), ("access-control-allow-methods", "GET, POST, DELETE")],
              method="GET"),
    cors(2, "GET", API + "/v1/orders", cookie="sid=test-session-0123456789abcdef", token=TOKEN,
         resp=[("access-control-allow-origin", APP), ("access-control-allow-credentials", "true"), ("vary", "Origin")]),
    # Authorization without cookies may use the wildcard (credentials mode not "include").
    cors(3, "GET", API + "/v1/catalog", token=TOKEN, resp=[("access-control-allow-origin", "*")]),
])
# WebSocket upgrades carry Origin and cookies but are not CORS requests
# (from the corpus' mitmproxy-savehar-websocket.har, values replaced): one
# with Fetch Metadata, one from a recorder that has none.
ws = lambda i, mode: entry(i, "GET", "https://realtime.example.net/v3/channel_test",
                           [("origin", APP), ("upgrade", "websocket"), ("connection", "Upgrade"),
                            ("sec-websocket-version", "13"), ("cookie", "sid=test-session-0123456789abcdef")] + ([("sec-fetch-mode", mode)] if mode else []),
                           101, [("upgrade", "websocket"), ("connection", "Upgrade")], "", "", "websocket")
write(os.path.join(D, "near-miss-websocket-upgrade.har"), [page, ws(1, "websocket"), ws(2, "")])
# A cross-site form_post callback is a navigation, not a CORS request.
write(os.path.join(D, "near-miss-form-post-navigation.har"), [
    entry(0, "POST", APP + "/auth/callback",
          [("origin", "https://tenant.example.com"), ("content-type", "application/x-www-form-urlencoded"),
           ("sec-fetch-dest", "document"), ("sec-fetch-mode", "navigate"), ("sec-fetch-site", "cross-site"),
           ("cookie", "sid=test-session-0123456789abcdef")],
          302, [("location", APP + "/"), ("cache-control", "no-store")], "", "text/html", "document",
          post=("application/x-www-form-urlencoded", "code=test-code-0123456789&state=test-state-0123456789")),
])
