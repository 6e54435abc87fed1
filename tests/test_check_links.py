"""`genai roadmap check-links` against a local HTTP server the test starts: never the internet."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from test_validation import write

pytest.importorskip("httpx")


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        path = self.path
        if path == "/ok":
            self.send_response(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/missing":
            self.send_response(404)
        elif path == "/broken":
            self.send_response(500)
        elif path == "/no-head":
            self.send_response(405 if self.command == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 - the http.server protocol
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def roadmap_with(tmp_path, urls: list[str]):
    resources = "".join(f"    - {{title: R{n}, url: '{url}', kind: docs, free: true}}\n" for n, url in enumerate(urls))
    return write(tmp_path, "- id: a\n  title: A\n  kind: topic\n  resources:\n" + resources
                 + f"- id: b\n  title: B\n  kind: topic\n  resources:\n    - {{title: Same, url: '{urls[0]}'}}\n")


def test_broken_redirected_and_slow_links_are_reported(genai, tmp_path, server):
    https_to_plain = server.replace("http://", "https://") + "/ok"  # a TLS handshake with a server that has none
    path = roadmap_with(tmp_path, [f"{server}/ok", f"{server}/moved", f"{server}/missing", f"{server}/broken",
                                   f"{server}/no-head", f"{server}/slow", https_to_plain])
    r = genai("roadmap", "check-links", str(path), "--timeout", "2", "--json")  # slow: over 1 s
    assert r.code == 1, r
    data = r.json()
    assert data["schema"] == "genai.roadmap.check-links/1" and data["checked"] == 7 and not data["offline"]
    links = {link["url"].rsplit("/", 1)[-1] if not link["url"].startswith("https") else "tls": link
             for link in data["links"]}
    assert links["ok"]["ok"] and links["ok"]["status"] == 200 and links["ok"]["items"] == ["a", "b"]
    assert links["moved"]["ok"] and links["moved"]["final_url"] == f"{server}/ok"
    assert (links["missing"]["ok"], links["missing"]["status"]) == (False, 404)
    assert (links["broken"]["ok"], links["broken"]["status"]) == (False, 500)
    assert links["no-head"]["ok"] and links["no-head"]["status"] == 200  # GET after a refused HEAD
    assert links["slow"]["ok"] and links["slow"]["slow"] and links["slow"]["seconds"] >= 1.5
    assert not links["tls"]["ok"] and links["tls"]["error"]
    assert data["broken"] == 3 and data["slow"] == 1
    text = genai("roadmap", "check-links", str(path), "--timeout", "2").out
    assert f"✘ {server}/missing  HTTP 404  a" in text and f"→ {server}/moved  moved to {server}/ok" in text
    assert "7 links in 'broken': 4 ok, 3 broken, 1 slow, 1 redirected" in text


def test_a_timeout_is_a_broken_link(genai, tmp_path, server):
    path = roadmap_with(tmp_path, [f"{server}/slow"])
    data = genai("roadmap", "check-links", str(path), "--timeout", "0.5", "--json").json()
    assert data["links"][0]["error"] == "timed out" and data["broken"] == 1


def test_all_good_exits_0(genai, tmp_path, server):
    path = roadmap_with(tmp_path, [f"{server}/ok", f"{server}/moved"])
    r = genai("roadmap", "check-links", str(path), "--jobs", "2")
    assert r.code == 0 and "2 links in 'broken': 2 ok, 0 broken" in r.out, r


def test_offline_it_says_it_cannot_reach_the_network(genai, tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    path = roadmap_with(tmp_path, [f"http://127.0.0.1:{closed}/a", f"http://127.0.0.1:{closed}/b"])
    r = genai("roadmap", "check-links", str(path))
    assert r.code == 1 and "cannot reach the network" in r.err, r


@pytest.mark.parametrize("args,message", [(["--jobs", "0"], "--jobs must be from 1"),
                                          (["--timeout", "0"], "--timeout must be more than 0")])
def test_bad_bounds_are_usage_errors(genai, tmp_path, args, message):
    path = roadmap_with(tmp_path, ["http://127.0.0.1:9/"])
    r = genai("roadmap", "check-links", str(path), *args)
    assert r.code == 2 and message in r.err
