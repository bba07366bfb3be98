#!/usr/bin/env python3
"""Sends a bounded, reproducible run of malformed requests to a running Bondify and fails on any 5xx (but 503)
or any error answered with something other than the JSON error object of docs/api.md §1.

Usage: e2e/hostile_run.py [http://127.0.0.1:8080] [--count 3000] [--seed 1] [--threads 4]

Only loopback targets are accepted. The run first creates its own credentials (a developer, a sandbox project, its
secret key, a session and its link code), reads the routes from /v3/api-docs and then sends --count requests built
from a seeded random choice of route x defect: bad JSON, wrong types, NUL/control characters, huge strings, broken
percent-encoding, odd methods, multipart, odd Accept, bad headers, with and without valid credentials. Each request
goes over its own raw socket (so malformed request lines and headers reach the server unchanged). It prints the
counts by status, then every offending request with its answer, and exits 1 when there is one.
Raise the server's BONDIFY_RATE_LIMIT_* values to measure more than 429s.
"""
import argparse
import collections
import http.client
import json
import random
import re
import socket
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FIELDS = ["project_id", "session_token", "wait", "proof", "email", "password", "name", "webhook_url",
          "public_access", "req_phone", "sandbox", "allowed_origins", "is_active", "active", "bot_token", "text"]
LABELS = ["json", "json", "json", "json", "content type", "method", "accept", "header value", "request line",
          "header syntax", "path/query only", "path/query only"]
PAGE_FORM = re.compile(rb"POST /+sandbox/telegram/(confirm|cancel)[ ?]")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO", "CONNECT",
           "get", "MKCOL"]


def api(base, method, path, body=None, headers=None):
    """A well-formed call used to set up the credentials."""
    conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != 200:
        sys.exit(f"setup {method} {path} answered {response.status}: {data[:300]!r}")
    return json.loads(data)


def setup(base, seed):
    email = f"hostile{seed}.{random.SystemRandom().randrange(10**9)}@example.com"
    dev = api(base, "POST", "/api/v1/dev/register", {"email": email, "password": "hostile gravel orchid lantern"})
    bearer = {"Authorization": "Bearer " + dev["token"]}
    project = api(base, "POST", "/api/v1/dev/projects", {"name": "Hostile run", "sandbox": True}, bearer)
    session = api(base, "POST", "/api/v1/generate/public", {"project_id": project["id"]})
    code = urllib.parse.parse_qs(urllib.parse.urlparse(session["deeplink"]).query)["start"][0]
    routes = []
    for path, operations in api(base, "GET", "/v3/api-docs")["paths"].items():
        for method in operations:
            routes.append((method.upper(), path))
    # The sandbox page's CSRF cookie and form token, so form posts also reach the form validation.
    conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    conn.request("GET", "/sandbox/telegram?start=" + code, headers={"Accept": "text/html"})
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    csrf = re.search(r'name="_csrf"\s+value="([^"]+)"', page) or re.search(r'value="([^"]+)"\s+name="_csrf"', page)
    return {"dev": dev["token"], "project": project["id"], "key": project["secret_key"],
            "session": session["session_token"], "code": code, "routes": sorted(routes), "cookie": cookie,
            "csrf": csrf.group(1) if csrf else ""}


def junk_strings(rnd, creds):
    return rnd.choice([
        "", " ", "\u0000", "a\u0000b", creds["project"] + "\u0000", "\u0001\u001f\u007f", "\ud800", "\udfff",
        "x" * rnd.choice([300, 5000, 15000]), "proj_" + "a" * 100, "sess_" + "A" * 43, "\n\r\t", "%00", "%ZZ",
        "\u202e\u2028", "😀" * 50, "../../etc/passwd", "' OR 1=1 --", "<script>", "null", "1e999",
        creds["code"], creds["session"], creds["project"], "https://127.0.0.1/\u0000", "http://[::1", "javascript:1",
        "a@b", "a" * 64 + "@" + "b" * 255 + ".com",
    ])


def junk_value(rnd, creds, depth=0):
    kind = rnd.randrange(12 if depth < 2 else 8)
    if kind == 0:
        return rnd.choice([0, -1, 2**63, -(2**63) - 1, 10**30, 1.5, 1e308, -0.0])
    if kind == 1:
        return rnd.choice([True, False, None])
    if kind < 8:
        return junk_strings(rnd, creds)
    if kind < 10:
        return [junk_value(rnd, creds, depth + 1) for _ in range(rnd.randrange(4))]
    return {rnd.choice(FIELDS): junk_value(rnd, creds, depth + 1) for _ in range(rnd.randrange(4))}


def json_body(rnd, creds):
    kind = rnd.randrange(16)
    if kind == 0:
        return rnd.choice([b"{", b"}", b"[]", b"null", b"1", b'"s"', b"{'a':1}", b'{"a":}', b"{,}", b"",
                           b"\xef\xbb\xbf{}"])
    if kind == 1:
        return b"[" * rnd.choice([100, 3000, 7000]) + b"]" * rnd.choice([0, 100])
    if kind == 2:
        return ('{"project_id":"' + creds["project"] + '","session_token":"\\u0000"}').encode()
    if kind == 3:
        return b'{"project_id":"\xc0\xaf\xff\xfe"}'
    if kind == 4:
        return ('{"project_id":"' + creds["project"] + '","project_id":5}').encode()
    if kind == 5:
        return ('{"days":' + "9" * rnd.choice([20, 400, 5000]) + ',"wait":1e400}').encode()
    if kind == 6:
        return b'{"project_id":"\\ud800\\udc00\\udbff"}'
    if kind == 7:
        return ('{"name":"' + "\\n" * 2000 + '"}').encode()
    base = {"project_id": creds["project"], "session_token": creds["session"]}
    for _ in range(rnd.randrange(1, 5)):
        base[rnd.choice(FIELDS)] = junk_value(rnd, creds)
    if rnd.random() < 0.2:
        base = rnd.choice([[base], "str", 5, None])
    return json.dumps(base, ensure_ascii=rnd.random() < 0.5).encode("utf-8", "surrogatepass")


def bad_path(rnd, path, creds):
    path = path.replace("{id}", rnd.choice([creds["project"], "proj_nope12345", "%00", "%ZZ", "%C0%AF", "x" * 3000,
                                            "proj_%00abc", "..", "%2F", "%5C", "proj_\u00e9".encode().decode("latin1"),
                                            creds["project"] + ";jsessionid=1", "%E2%80%AE"]))
    kind = rnd.randrange(14)
    if kind == 0:
        return "/" + path
    if kind == 1:
        return path.replace("/", "//")
    if kind == 2:
        return path + rnd.choice(["%2F", "%00", "%5C", "/%2e%2e/", "/..;/", "/.", "%", "%Z", "%C0%AF", "#x", "/x"])
    if kind == 3:
        return path.replace("a", "%61", 1).replace("s", "%73", 1)
    if kind == 4:
        return path.upper()
    if kind == 5:
        return path + "/" + "a" * rnd.choice([1000, 9000, 70000])
    if kind == 6:
        return rnd.choice(["*", "http://127.0.0.1" + path, "", "/\u0000", path + " HTTP/1.1", "/actuator/" +
                           rnd.choice(["nope", "health/%00", "env", "heapdump", "health/x%ZZ", "prometheus?x=%ZZ"])])
    return path


def query(rnd, creds):
    params = ["days", "project_id", "status", "limit", "cursor", "start", "text", "wait"]
    values = ["%ZZ", "%C0%AF", "%00", "%", "1e999", "-1", "0", "91", "9" * 30, "abc", creds["project"], "%E0%A4%A",
              "eyJ0IjoiOTk5OTk5OTktMTItMzEiLCJpZCI6Ii0xIn0", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5fHg",
              "MjAyNi0wMS0wMVQwMDowMDowMFp8MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw", creds["code"],
              "x" * rnd.choice([100, 5000]), "+", "%2B%00", "a&b", "%u0041", "\u00ff", creds["session"]]
    parts = []
    for _ in range(rnd.randrange(1, 5)):
        parts.append(rnd.choice(params) + rnd.choice(["=", "=", "=", "==", "", "%5B%5D=", "[]="]) + rnd.choice(values))
    return "?" + "&".join(parts)


def build(rnd, creds, host):
    """One malformed request as raw bytes, plus a one-line description."""
    method, path = rnd.choice(creds["routes"])
    auth = rnd.choice([None, None, "Bearer " + creds["dev"], "Bearer " + creds["key"], "Bearer sk_live_" + "A" * 43,
                       "Bearer", "Bearer \u0000", "Basic Zm9vOmJhcg==", "Bearer " + "x" * 9000, "Bearer a.b.c",
                       "Bearer " + creds["dev"][:-3] + "abc", "bearer " + creds["key"]])
    headers = {"Host": host, "Connection": "close"}
    body = b""
    defect = rnd.randrange(12)
    if defect in (0, 1, 2, 3):  # bad JSON or wrong types
        method = rnd.choice([method, method, "POST", "PATCH"])
        headers["Content-Type"] = "application/json"
        body = json_body(rnd, creds)
    elif defect == 4:  # other content types, multipart
        method = rnd.choice([method, method, "POST", "PUT", "PATCH", "DELETE"])
        boundary = rnd.choice(["xyz", "", '"', "a" * 200, "\u0000"])
        headers["Content-Type"] = rnd.choice([
            "multipart/form-data; boundary=" + boundary, "multipart/form-data", "text/plain",
            "application/x-www-form-urlencoded", "application/json; charset=bogus", "application/json; charset=latin1",
            "application/xml", "*/*", ";;", "application/json; boundary=x", "image/png"])
        body = rnd.choice([b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n",
                           b"--xyz\r\nbroken", b"start=%ZZ&_csrf=1", b'{"project_id":"x"}', b"\x00\xff" * 50,
                           b"start=" + creds["code"].encode() + b"&telegramId=99999999999999999999&name=%00"])
    elif defect == 5:  # odd methods
        method = rnd.choice(METHODS)
    elif defect == 6:  # odd Accept
        headers["Accept"] = rnd.choice(["text/html", "image/png", "application/xml", "*/*;q=0", ";;;", "text/plain",
                                        "application/json;q=0, text/html", "\u0000", "x" * 5000, "image/*"])
    elif defect == 7:  # bad headers
        bad = rnd.randrange(10)
        if bad == 0:
            headers["Content-Length"] = rnd.choice(["abc", "-1", "99999999999999999999", "1, 2", " "])
        elif bad == 1:
            headers["X-Forwarded-For"] = rnd.choice(["1.2.3.4:5678", "[::1]:80", "999.1.1.1", "junk", ",,", "\u00ff"])
        elif bad == 2:
            headers["Origin"] = rnd.choice(["null", "https://evil.example", "\u00e9", "http://[::1", "x" * 3000])
        elif bad == 3:
            headers["X-Big"] = "y" * rnd.choice([9000, 20000, 70000])
        elif bad == 4:
            headers["X-Ctl"] = rnd.choice(["a\x01b", "a\x7fb", "a\x00b", "a\rb"])
        elif bad == 5:
            headers["Transfer-Encoding"] = rnd.choice(["chunked", "gzip", "bogus", "chunked, chunked"])
            headers["Content-Type"] = "application/json"
            body = rnd.choice([b"zz\r\n{}\r\n0\r\n\r\n", b"2\r\n{}\r\n", b"{}", b"1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"])
        elif bad == 6:
            headers["Content-Encoding"] = "gzip"
            headers["Content-Type"] = "application/json"
            body = b"\x1f\x8bnot gzip"
        elif bad == 7:
            headers["Expect"] = rnd.choice(["100-continue", "bogus"])
        elif bad == 8:
            headers["X-Telegram-Bot-Api-Secret-Token"] = rnd.choice(["", "x", "\u00ff", "x" * 300])
        else:
            headers["Cookie"] = rnd.choice(["XSRF-TOKEN=%ZZ", "JSESSIONID=\u0000", "a" * 5000, ";;;="])
    elif defect == 8:  # broken request line
        line = rnd.choice([b"GARBAGE\r\n", b"GET\r\n", b"GET / HTTP/9.9\r\n", b"GET /\tHTTP/1.1\r\n",
                           b"GET / HTTP/1.1 extra\r\n", b"\x00\x01\x02 / HTTP/1.1\r\n", b"GET /%ZZ HTTP/1.1\r\n",
                           b"GET /\xff HTTP/1.1\r\n", b"POST /api/v1/verify/public HTTP/1.0\r\n",
                           b"GET " + b"/" * 10000 + b" HTTP/1.1\r\n", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\n",
                           b"GET /api/v1/dev/me\r\n", b"GET http://[::1 HTTP/1.1\r\n"])
        return (line + b"Host: " + host.encode() + b"\r\nConnection: close\r\n\r\n",
                "raw request line " + repr(line[:80]), "request line")
    elif defect == 9:  # header syntax
        raw = rnd.choice([b"NoColon\r\n", b" Folded: x\r\n", b"Bad Name: x\r\n", b": empty\r\n",
                          b"Authorization: Bearer sk_live_" + b"B" * 43 + b"\x01\r\n", b"X: \xff\xfe\r\n",
                          b"Host: a\r\nHost: b\r\n", b"Content-Length: 5\r\nContent-Length: 7\r\n"])
        target = bad_path(rnd, path, creds).encode("utf-8", "surrogatepass")
        return (method.upper().encode() + b" " + target + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\n" + raw
                + b"Connection: close\r\n\r\n", f"{method.upper()} {target[:80]!r} header {raw[:60]!r}",
                "header syntax")
    if path.startswith("/sandbox") and rnd.random() < 0.5:  # a form post that passes CSRF, with junk fields
        headers["Cookie"] = creds["cookie"]
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        fields = {"start": rnd.choice([creds["code"], "%ZZ", "x" * 70, "\u0000", creds["session"]]),
                  "_csrf": creds["csrf"], "telegramId": rnd.choice(["1", "0", "-5", "9" * 25, "abc", "1e3", ""]),
                  "name": junk_strings(rnd, creds)[:200], "username": junk_strings(rnd, creds)[:40],
                  "phone": rnd.choice(["+15555550100", "%00", "x", ""])}
        body = "&".join(k + "=" + (v if "%" in v else urllib.parse.quote(v.encode("utf-8", "surrogatepass"), safe=""))
                        for k, v in fields.items()).encode()
    if rnd.random() < (0.9 if defect >= 10 else 0.25):
        path = bad_path(rnd, path, creds)
    if rnd.random() < 0.3 or "{id}" in path:
        path = path.replace("{id}", creds["project"])
        path += query(rnd, creds)
    if auth:
        headers["Authorization"] = auth
    if body and "Content-Length" not in headers and "Transfer-Encoding" not in headers:
        headers["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    described = {k: (v[:60] + "…" if len(v) > 60 else v) for k, v in headers.items()
                 if k not in ("Host", "Connection")}
    return (head.encode("utf-8", "surrogatepass") + body,
            f"{method} {path[:120]!r} {described} body={body[:120]!r}{'…' if len(body) > 120 else ''}",
            LABELS[defect])


def send(host, port, raw):
    """Status, headers and body of the answer (None status when the server closed without one)."""
    with socket.create_connection((host, port), timeout=40) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before it read everything
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
    data = b"".join(chunks)
    while data.startswith(b"HTTP/1.1 1"):  # interim 100 Continue
        data = data.partition(b"\r\n\r\n")[2]
    if not data.startswith(b"HTTP/"):
        return None, {}, data  # no answer, or an HTTP/0.9 one (body only) to a request line Tomcat reads as 0.9
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        decoded, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            decoded, rest = decoded + rest[:size], rest[size + 2:]
        body = decoded
    return status, headers, body


def is_json_error(headers, body):
    if not headers.get("content-type", "").startswith("application/json"):
        return False
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and isinstance(parsed.get("error"), str) and isinstance(parsed.get("code"), str)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8080")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    base = urllib.parse.urlparse(args.base)
    if base.hostname not in LOOPBACK:
        sys.exit("only loopback targets (127.0.0.1, localhost, ::1) are allowed")
    creds = setup(base, args.seed)
    host = f"{base.hostname}:{base.port or 80}"
    rnd = random.Random(args.seed)
    requests = [build(rnd, creds, host) for _ in range(args.count)]
    counts = collections.Counter()
    by_defect = collections.defaultdict(collections.Counter)
    offenders = []
    pages = []
    lock = threading.Lock()

    def run(item):
        raw, described, label = item
        status, headers, body = send(base.hostname, base.port or 80, raw)
        problem = None
        if status is None and is_json_error({"content-type": "application/json"}, body):
            status = "HTTP/0.9 JSON error"
        elif status is None:
            problem = "no HTTP answer"
        elif status >= 500 and status != 503:
            problem = f"{status}"
        elif status >= 400 and not (raw.startswith(b"HEAD ") and not body) and not is_json_error(headers, body):
            problem = f"{status} non-JSON error ({headers.get('content-type')})"
            html = headers.get("content-type", "").startswith("text/html")
            if PAGE_FORM.match(raw) and html and status in (400, 409):
                # The sandbox page re-rendered for a person (form errors, "nothing changed"): listed, not failed.
                problem = None
                with lock:
                    pages.append((f"{status} sandbox page", described))
        with lock:
            counts[status if status is not None else "none"] += 1
            by_defect[label][status if status is not None else "none"] += 1
            if problem:
                offenders.append((problem, described, body[:300]))

    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(run, requests))
    print(f"{args.count} requests, seed {args.seed}, {len(creds['routes'])} documented routes")
    for status, n in sorted(counts.items(), key=lambda kv: str(kv[0])):
        print(f"  {status}: {n}")
    print("by defect:")
    for label, statuses in sorted(by_defect.items()):
        print(f"  {label}: " + ", ".join(f"{k}={v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    print(f"HTML pages of sandbox form posts (the page re-rendered, not counted as offending): {len(pages)}")
    for problem, described in pages[:10]:
        print(f"  {problem}: {described}")
    print(f"offending answers: {len(offenders)}")
    for problem, described, body in offenders:
        print(f"- {problem}: {described}\n    -> {body!r}")
    sys.exit(1 if offenders else 0)


if __name__ == "__main__":
    main()
