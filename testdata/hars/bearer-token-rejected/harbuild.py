"""Builds small Chrome-style HAR 1.2 fixtures for authlint's rule tests.

Used by gen.py in bearer-token-rejected, cors-credentials-blocked and
auth-error-response (run each by hand: python3 gen.py; the output is
committed). Values are test values: example.com hosts, sid=test..., tokens
signed with a filler signature that nothing verifies.
"""
import base64
import datetime
import json
import os

START = datetime.datetime(2025, 3, 4, 10, 0, 0, tzinfo=datetime.timezone.utc)
UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(claims, header=None):
    """A compact JWS with a filler signature."""
    header = header or {"alg": "RS256", "typ": "JWT", "kid": "test-key-1"}
    enc = lambda v: b64(json.dumps(v, separators=(",", ":")).encode())
    return enc(header) + "." + enc(claims) + "." + b64(b"filler-signature-not-verified-0123456789")


def epoch(seconds_from_start):
    return int((START + datetime.timedelta(seconds=seconds_from_start)).timestamp())


def http_date(seconds_from_start):
    t = START + datetime.timedelta(seconds=seconds_from_start)
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def entry(i, method, url, req_headers=(), status=200, resp_headers=(), body="", mime="text/html",
          resource_type="fetch", post=None):
    """One entry starting i seconds after START. Headers are (name, value) pairs."""
    start = START + datetime.timedelta(seconds=i)
    req = [{"name": "user-agent", "value": UA}] + [{"name": n, "value": v} for n, v in req_headers]
    resp = [{"name": "date", "value": http_date(i)}] + [{"name": n, "value": v} for n, v in resp_headers]
    redirect = next((v for n, v in resp_headers if n.lower() == "location"), "")
    e = {
        "startedDateTime": start.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "time": 80.5,
        "request": {"method": method, "url": url, "httpVersion": "http/2.0", "headers": req,
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "http/2.0", "headers": resp,
                     "cookies": [], "content": {"size": len(body), "mimeType": mime, "text": body},
                     "redirectURL": redirect, "headersSize": -1, "bodySize": -1},
        "cache": {},
        "timings": {"blocked": 1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.5, "wait": 78, "receive": 1},
        "_resourceType": resource_type,
    }
    if post is not None:
        mime_type, text = post
        e["request"]["postData"] = {"mimeType": mime_type, "text": text}
        e["request"]["bodySize"] = len(text)
    return e


def nav(i, url, cookie="", status=200, resp_headers=(), body="", site="same-origin", referer=""):
    """A top-level navigation."""
    h = [("accept", "text/html,application/xhtml+xml"), ("sec-fetch-dest", "document"),
         ("sec-fetch-mode", "navigate"), ("sec-fetch-site", site)]
    if referer:
        h.append(("referer", referer))
    if cookie:
        h.append(("cookie", cookie))
    rh = [("content-type", "text/html; charset=utf-8"), ("cache-control", "private, no-store")] + list(resp_headers)
    return entry(i, "GET", url, h, status, rh, body, "text/html", "document")


def write(path, entries, comment=""):
    log = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [], "entries": entries}}
    if comment:
        log["log"]["comment"] = comment
    with open(path, "w") as f:
        json.dump(log, f, indent=2)
        f.write("\n")


def here(file):
    return os.path.dirname(os.path.abspath(file))
