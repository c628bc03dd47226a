"""Reads under load: the read API's answers are kept while the store does not change and revalidated by ETag, a
write makes every kept answer unreachable at once, and `wirecoder serve` closes a connection whose request does not
arrive in time (408) instead of holding it for ever."""
from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import warnings

import pytest

from wirecoder.cli import main
from wirecoder.server import app as app_module
from wirecoder.server import create_app
from wirecoder.server.app import KEEP_ALIVE_S
from wirecoder.server.cache import Generation, ResponseCache

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

GEOJSON = "application/geo+json"


def _event(store, event_id: str, day: str) -> None:
    store.con.execute("INSERT INTO events (event_id, country, actor1, notes, date, latitude, longitude) "
                      "VALUES (?, 'MLI', 'Armed group', 'test', ?, 16.27, -0.04)", [event_id, day])


@pytest.fixture()
def served(tmp_path):
    app = create_app(str(tmp_path / "c.duckdb"), "secret")
    with TestClient(app) as client:
        yield client, app.state.wirecoder


def test_an_answer_is_kept_and_revalidated_until_the_store_changes(served):
    client, state = served
    state.writer.submit(lambda: _event(state.store, "e1", "2024-03-01")).result()
    first = client.get("/api/events")
    etag = first.headers["etag"]
    assert first.json()["total"] == 1 and first.headers["cache-control"] == "no-cache"
    cache = _cache(client.app)
    hits = cache.hits
    again = client.get("/api/events")
    assert again.content == first.content and again.headers["etag"] == etag and cache.hits == hits + 1
    assert again.headers["x-content-type-options"] == "nosniff"  # a kept answer still passes the guards
    unchanged = client.get("/api/events", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""

    state.writer.submit(lambda: _event(state.store, "e2", "2024-03-02")).result()
    after = client.get("/api/events", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.json()["total"] == 2 and after.headers["etag"] != etag
    assert client.get("/api/stats").status_code == 200


def test_a_document_posted_is_read_at_once(served):
    client, _ = served
    assert client.get("/api/documents/fresh").status_code == 404
    before = client.get("/api/info").json()
    posted = client.post("/api/documents", headers={"X-Token": "secret"},
                         json={"id": "fresh", "text": "Rien ne s'est passé à Gao ce mardi.", "lang": "fr"})
    assert posted.status_code == 200, posted.text
    assert client.get("/api/documents/fresh").status_code == 200
    assert client.get("/api/info").json() != before


def test_json_and_geojson_of_one_url_are_kept_apart(served):
    client, state = served
    state.writer.submit(lambda: _event(state.store, "e1", "2024-03-01")).result()
    plain = client.get("/api/events")
    geo = client.get("/api/events", headers={"Accept": GEOJSON})
    assert "events" in plain.json() and geo.json()["type"] == "FeatureCollection"
    assert client.get("/api/events").json() == plain.json()
    assert client.get("/api/events", headers={"Accept": GEOJSON}).json() == geo.json()


def test_errors_and_writes_are_never_kept(served):
    client, state = served
    cache = _cache(client.app)
    assert client.get("/api/events/absent").status_code == 404
    assert client.get("/api/events", params={"limit": -1}).status_code == 422
    assert len(cache._entries) == 0
    client.get("/api/events")
    assert len(cache._entries) == 1


def test_the_cache_stays_within_its_size(served):
    client, state = served
    for i in range(30):
        state.writer.submit(lambda i=i: _event(state.store, f"e{i}", f"2024-03-{i + 1:02d}")).result()
    cache = _cache(client.app)
    cache.max_bytes = 3000
    for n in range(30):
        assert client.get("/api/events", params={"limit": 1, "offset": n}).json()["events"]
    assert 0 < cache._size <= 3000 and 1 < len(cache._entries) < 30
    last = client.get("/api/events", params={"limit": 1, "offset": 29})
    assert cache.hits and last.json()["events"][0]["event_id"]


def test_an_answer_made_across_a_write_is_not_kept():
    generation = Generation()
    writes_during = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        generation.advance()  # a write commits while this answer is being made
        writes_during.append(1)
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ResponseCache(app, generation)
    import asyncio

    async def ask():
        sent = []

        async def send(message):
            sent.append(message)

        await cache({"type": "http", "method": "GET", "path": "/api/events", "query_string": b"", "headers": []},
                    None, send)
        return sent

    asyncio.run(ask())
    assert writes_during and len(cache._entries) == 0


def _cache(app) -> ResponseCache:
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


# -- the request deadline ---------------------------------------------------------------------------------------

def test_serve_runs_uvicorn_with_the_deadline_and_a_long_keep_alive(monkeypatch, tmp_path):
    import uvicorn

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append(kw))
    app_module.serve(str(tmp_path / "s.duckdb"), request_timeout=3)
    protocol = runs[0]["http"]
    assert runs[0]["timeout_keep_alive"] == KEEP_ALIVE_S > 5  # longer than clients keep theirs (httpx: 5 s)
    assert protocol.__name__ == "DeadlineProtocol"
    assert main(["serve", "--db", str(tmp_path / "s.duckdb"), "--request-timeout", "0"]) == 2


@pytest.fixture()
def live_server(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "WIRECODER_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "wirecoder.cli", "serve", "--db", str(tmp_path / "t.duckdb"),
                             "--port", str(port), "--request-timeout", "1"], stderr=subprocess.PIPE, env=env)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def _answer(sock: socket.socket) -> tuple[bytes, float]:
    start, data = time.monotonic(), b""
    sock.settimeout(8)
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data, time.monotonic() - start
        data += chunk


def _one_answer(sock: socket.socket) -> bytes:
    """One whole answer on a kept-alive connection: its head, then as many bytes as its content-length says."""
    sock.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body


@pytest.mark.parametrize("sent", [b"", b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                  b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{\"te"])
def test_a_request_that_does_not_arrive_in_time_gets_408(live_server, sent):
    with socket.create_connection(("127.0.0.1", live_server)) as sock:
        sock.sendall(sent)
        answer, waited = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 408") and 0.8 < waited < 5


def test_a_slow_trickle_is_cut_at_the_deadline_and_whole_requests_are_answered(live_server):
    with socket.create_connection(("127.0.0.1", live_server)) as sock:
        start = time.monotonic()
        for byte in b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: aaaaaaaaaaaaaaaaaaaa\r\n":
            if select.select([sock], [], [], 0.1)[0]:  # the server has answered (or closed)
                break
            sock.sendall(bytes([byte]))
        answer, _ = _answer(sock)
        assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - start < 5
    with socket.create_connection(("127.0.0.1", live_server)) as sock:
        for _ in range(2):  # two requests on one kept-alive connection, idle longer than the deadline between them
            sock.sendall(b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _one_answer(sock).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)
