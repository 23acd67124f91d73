"""Writes the hand-built Cloudflare 520 fixtures of oversized-cookie (python3 gen.py
from the repository root). chromium-*.har come from record/record.mjs."""
import os
import sys
sys.path.insert(0, "testdata/hars/bearer-token-rejected")
from harbuild import entry, nav, write
D = "testdata/hars/oversized-cookie"
APP = "https://app.example.com"
cookies = "; ".join([f"__session__{i}=" + ("a" * 3500) for i in range(3)] + ["__session__3=" + "a" * 1200, "theme=dark"])
small = "__session=" + "a" * 900 + "; theme=dark"
cf = [("server", "cloudflare"), ("cf-ray", "8f0a1b2c3d4e5f60-FRA")]
page = "<html><head><title>app.example.com | 520: Web server is returning an unknown error</title></head><body>Error code 520</body></html>"
# A nextjs-auth0 v4 session grown to four chunks behind Cloudflare: the
# origin (nginx with default buffers) drops the request, Cloudflare answers 520.
write(os.path.join(D, "cloudflare-520-chunked-session.har"), [
    nav(0, APP + "/dashboard", cookie=cookies, status=520, resp_headers=cf, body=page),
])
# Near miss: a 520 with a small Cookie header is the origin's failure, not the cookies'.
write(os.path.join(D, "near-miss-cloudflare-520-small-cookies.har"), [
    nav(0, APP + "/dashboard", cookie=small, status=520, resp_headers=cf, body=page),
])
