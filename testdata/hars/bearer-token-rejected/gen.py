"""Writes the bearer-token-rejected fixtures (python3 gen.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harbuild import entry, epoch, here, jwt, nav, write  # noqa: E402

D = here(__file__)
APP = "https://app.example.com"
API = "https://api.example.com"
IDP = "https://tenant.example.com"
CLIENT = "Xc1ientIdTest0123456789abcdef"
STATE = "state-test-0123456789abcdef"


def authorize(i, redirect_uri, extra=""):
    return nav(i, f"{IDP}/authorize?client_id={CLIENT}&response_type=code&redirect_uri={redirect_uri}"
                  f"&scope=openid%20profile%20email{extra}&state={STATE}&code_challenge=test-challenge-0123456789"
                  f"&code_challenge_method=S256", site="cross-site", status=302,
               resp_headers=[("location", f"{IDP}/u/login?state=test")])


def api_call(i, path, token, status, resp_headers=(), body="", scheme="Bearer", origin=APP):
    req = [("accept", "application/json"), ("origin", origin), ("referer", APP + "/"),
           ("sec-fetch-dest", "empty"), ("sec-fetch-mode", "cors"), ("sec-fetch-site", "same-site")]
    if token is not None:
        req.append(("authorization", f"{scheme} {token}"))
    rh = [("content-type", "application/json"), ("cache-control", "no-store"),
          ("access-control-allow-origin", APP), ("vary", "Origin")] + list(resp_headers)
    return entry(i, "GET", API + path, req, status, rh, body, "application/json")


def nextjs_auth0_v4_flow():
    return [
        nav(0, APP + "/auth/login", status=302, resp_headers=[("location", f"{IDP}/authorize?client_id={CLIENT}")]),
        authorize(1, "https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback"),
    ]


# nextjs-auth0 v4 signed in without authorizationParameters.audience: Auth0's
# token is for its own /userinfo, and the API refuses it.
userinfo_token = jwt({"iss": IDP + "/", "sub": "auth0|user-test-1", "aud": [IDP + "/userinfo"],
                      "iat": epoch(2), "exp": epoch(86400), "scope": "openid profile email", "azp": CLIENT})
write(os.path.join(D, "nextjs-auth0-v4-no-audience.har"), nextjs_auth0_v4_flow() + [
    api_call(10, "/v1/orders", userinfo_token, 401, [
        ("www-authenticate", 'Bearer realm="api", error="invalid_token", error_description="Unexpected \'aud\' value"')],
        '{"error":"invalid_token","error_description":"Unexpected \'aud\' value"}'),
])

# NextAuth v4: the jwt callback kept account.id_token and the app sends it.
id_token = jwt({"iss": IDP + "/", "sub": "auth0|user-test-1", "aud": CLIENT, "iat": epoch(2), "exp": epoch(36000),
                "nonce": "nonce-test-0123", "name": "Test User"})
write(os.path.join(D, "nextauth-id-token-sent.har"), [
    entry(0, "POST", APP + "/api/auth/signin/auth0",
          [("content-type", "application/x-www-form-urlencoded"), ("origin", APP),
           ("cookie", "next-auth.csrf-token=test-csrf%7Ctest-hash; next-auth.callback-url=https%3A%2F%2Fapp.example.com")],
          200, [("content-type", "application/json")], '{"url":"' + IDP + '/authorize?client_id=' + CLIENT + '"}',
          "application/json", post=("application/x-www-form-urlencoded", "csrfToken=test-csrf&json=true")),
    authorize(1, "https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fauth0"),
    api_call(10, "/v1/profile", id_token, 401, [
        ("www-authenticate", 'Bearer error="invalid_token", error_description="jwt audience invalid. expected: https://api.example.com"')]),
])

# nextjs-auth0 v3: the app stored the access token at login and sends it
# after it expired; the API answers with jsonwebtoken's message.
expired = jwt({"iss": IDP + "/", "sub": "auth0|user-test-1", "aud": [API, IDP + "/userinfo"], "iat": epoch(-86400),
               "exp": epoch(-600), "scope": "openid profile read:orders"})
write(os.path.join(D, "nextjs-auth0-v3-expired.har"), [
    nav(0, APP + "/api/auth/me", status=200, body='{"sub":"auth0|user-test-1"}'),
    api_call(3, "/v1/orders", expired, 401, [], '{"message":"jwt expired"}'),
])

# Auth.js v5: the API needs write:orders, the login asked only for read.
scoped = jwt({"iss": IDP + "/", "sub": "auth0|user-test-1", "aud": API, "iat": epoch(2), "exp": epoch(86400),
              "scope": "openid read:orders"}, {"alg": "RS256", "typ": "at+jwt", "kid": "test-key-1"})
write(os.path.join(D, "authjs-insufficient-scope.har"), [
    nav(0, APP + "/api/auth/signin/auth0", cookie="authjs.csrf-token=test-csrf%7Ctest-hash", status=302,
        resp_headers=[("location", f"{IDP}/authorize?client_id={CLIENT}")]),
    authorize(1, "https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fauth0", "%20read%3Aorders&audience=https%3A%2F%2Fapi.example.com"),
    entry(9, "POST", API + "/v1/orders",
          [("accept", "application/json"), ("content-type", "application/json"), ("origin", APP),
           ("sec-fetch-mode", "cors"), ("sec-fetch-site", "same-site"), ("authorization", "Bearer " + scoped)],
          403, [("content-type", "application/json"), ("access-control-allow-origin", APP),
                ("www-authenticate", 'Bearer realm="api", error="insufficient_scope", scope="write:orders", error_description="Insufficient scope"')],
          '{"error":"insufficient_scope"}', "application/json", post=("application/json", '{"item":"test"}')),
])

# A token from the staging tenant sent to the production API.
staging = jwt({"iss": "https://staging-tenant.example.com/", "sub": "auth0|user-test-1", "aud": API,
               "iat": epoch(2), "exp": epoch(86400), "scope": "openid read:orders"})
write(os.path.join(D, "issuer-of-another-tenant.har"), nextjs_auth0_v4_flow() + [
    api_call(10, "/v1/orders", staging, 401, [
        ("www-authenticate", 'Bearer realm="api", error="invalid_token", error_description="Unexpected \'iss\' value"')]),
])

# Near misses.
# A 401 asking for a token (RFC 6750 §3.1: no error code without a token).
write(os.path.join(D, "near-miss-missing-token.har"), [
    api_call(0, "/v1/orders", None, 401, [("www-authenticate", 'Bearer realm="api"')], '{"message":"Unauthorized"}'),
])
# An opaque access token (Auth0 without an audience issues one): no claims to read.
write(os.path.join(D, "near-miss-opaque-token.har"), [
    api_call(0, "/v1/orders", "0pAqU3-t0k3n.test-value_0123456789", 401,
             [("www-authenticate", 'Bearer error="invalid_token", error_description="Invalid token"')]),
])
# A Basic-auth endpoint refusing its password.
write(os.path.join(D, "near-miss-basic-auth.har"), [
    api_call(0, "/admin/metrics", "dGVzdDp0ZXN0", 401, [("www-authenticate", 'Basic realm="admin"')], scheme="Basic"),
])
# A JWT accepted by the API: no rejection.
write(os.path.join(D, "near-miss-accepted-jwt.har"), nextjs_auth0_v4_flow() + [
    api_call(10, "/v1/orders", jwt({"iss": IDP + "/", "sub": "auth0|user-test-1", "aud": API, "iat": epoch(2), "exp": epoch(86400), "scope": "openid read:orders"}), 200, [], '{"orders":[]}'),
])
