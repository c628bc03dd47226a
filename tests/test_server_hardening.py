"""HTTP hardening: security headers, the Host check, literal search text, UTF-8 tokens, only the UI's libraries
under /vendor, bounded offsets, and a coding queue that answers 429 instead of starving the reads."""
from __future__ import annotations

import threading
import time
import warnings

import pytest

from wirecoder.model import Article
from wirecoder.options import Options
from wirecoder.server import create_app
from wirecoder.server import app as app_module
from wirecoder.server.app import LOCAL_HOSTS, vendor_dir

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class SlowPipeline:
    """Stands in for the spaCy pipeline: codes nothing, slowly."""

    options = Options.build()

    def __call__(self, article: Article) -> Article:
        time.sleep(0.4)
        return article

    def run(self, articles, batch_size=None):
        for a in articles:
            yield self(a)


@pytest.fixture()
def client(tmp_path):
    app = create_app(str(tmp_path / "h.duckdb"), "clé-été", pipeline=SlowPipeline())
    with TestClient(app) as c:
        yield c


def test_every_answer_carries_the_security_headers(client):
    for r in (client.get("/api/info"), client.get("/api/nothing-here"), client.get("/api/docs")):
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in client.get("/api/info").headers["content-security-policy"].split(
        "script-src")[1].split(";")[0]


def test_a_foreign_host_name_is_refused(tmp_path):
    app = create_app(str(tmp_path / "h.duckdb"), allowed_hosts=LOCAL_HOSTS)
    with TestClient(app) as c:
        assert c.get("/api/info", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert c.get("/api/info", headers={"Host": "[::1]:8000"}).status_code == 200
        assert c.get("/api/info", headers={"Host": "localhost"}).status_code == 200
        r = c.get("/api/info", headers={"Host": "attacker.example:8000"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "H400" and "Host" in r.json()["error"]["message"]


def test_search_text_is_literal(client):
    from wirecoder.store import Store

    store: Store = client.app.state.wirecoder.store
    store.con.execute("INSERT INTO events (event_id, actor1, notes, date) VALUES ('e1', 'Armed group', 'plain', "
                      "'2024-01-01'), ('e2', '100% militia', 'x_y', '2024-01-02')")
    assert [e["event_id"] for e in client.get("/api/events", params={"q": "%"}).json()["events"]] == ["e2"]
    assert [e["event_id"] for e in client.get("/api/events", params={"q": "_"}).json()["events"]] == ["e2"]
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 1


def test_a_utf8_token_is_accepted_and_a_wrong_one_refused(client):
    doc = {"id": "t1", "text": "Rien ne s'est passé à Bamako lundi."}
    ok = client.post("/api/documents", json=doc, headers={"X-Token": "clé-été".encode()})
    assert ok.status_code == 200, ok.text
    assert client.post("/api/documents", json=doc, headers={"X-Token": "cle-ete"}).status_code == 401


def test_only_the_ui_libraries_are_served(client):
    assert client.get("/vendor/leaflet/package.json").status_code == 404
    assert client.get("/vendor/.package-lock.json").status_code == 404
    if (vendor_dir() / "leaflet" / "dist" / "leaflet.js").is_file():
        assert client.get("/vendor/leaflet/dist/leaflet.js").status_code == 200


def test_an_offset_beyond_any_store_is_a_422_not_a_500(client):
    r = client.get("/api/events", params={"offset": "9223372036854775808"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "H422"


def test_coding_requests_beyond_the_queue_get_429_and_reads_go_on(client, monkeypatch):
    monkeypatch.setattr(app_module, "CODING_QUEUE", 1)
    statuses, reads = [], []

    def code():
        r = client.post("/api/code", json={"text": "Des combats ont eu lieu lundi à Kidal."})
        statuses.append((r.status_code, r.headers.get("retry-after")))

    threads = [threading.Thread(target=code) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    start = time.perf_counter()
    reads.append(client.get("/api/info").status_code)
    read_s = time.perf_counter() - start
    for t in threads:
        t.join()
    assert sorted(s for s, _ in statuses).count(200) == 2  # one coded, one waiting, the rest refused at once
    assert all(retry == str(app_module.RETRY_AFTER_S) for s, retry in statuses if s == 429)
    assert reads == [200] and read_s < 0.4  # the read did not wait for the coding
