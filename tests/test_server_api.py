"""The HTTP API through an in-process client: filters, pages, sorting, GeoJSON, stats, one event with its reports,
documents, coding and ingesting, the token rules and the body limit; and `wirecoder serve` itself.

The fast tests run on a small store of events written here by hand; the tests marked slow run on the bundled
examples coded by the real pipeline."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from datetime import date, timedelta

import pytest

from wirecoder.api import examples_dir, ingest
from wirecoder.cli import build_parser
from wirecoder.exports import geojson_feature
from wirecoder.server import create_app
from wirecoder.store import EVENT_COLUMNS, MENTION_COLUMNS, Store

with warnings.catch_warnings():  # starlette nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FLAT_FIELDS = {"event_id", "date", "time_precision", "event_type", "sub_event_type", "plover", "actor1", "inter1",
               "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
               "fatalities", "fatalities_max", "count", "n_mentions", "n_documents", "n_sources", "sources", "notes"}
TOKEN = "s3cret-token"
ORDERS = ("date", "-date", "fatalities", "sources")
DOC_TEXT = (" date 2019-07-23\nAu moins 11 personnes ont été tuées mardi dans un attentat suicide à Mogadiscio, "
            "a indiqué la police somalienne.")


def _days(d: str | None) -> tuple[date | None, date | None]:
    if not d:
        return None, None
    if len(d) == 10:
        day = date.fromisoformat(d)
        return day, day
    first = date.fromisoformat(d + "-01")
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _event(event_id, date_, type_, sub, country, admin1, location, lat, lon, actor1, actor2=None, dead=None,
           sources=1, notes="", count=None):
    day_from, day_to = _days(date_)
    row = dict.fromkeys(EVENT_COLUMNS)
    row.update(event_id=event_id, family=type_, event_type=type_, sub_event_type=sub, plover="ASSAULT",
               actor1=actor1, inter1=2, actor2=actor2, inter2=7 if actor2 else None, country=country,
               admin1=admin1, location=location, latitude=lat, longitude=lon, geo_precision=1 if lat else None,
               date=date_, time_precision=(1 if date_ and len(date_) == 10 else 3) if date_ else None,
               day_from=day_from, day_to=day_to, fatalities=dead, fatalities_max=dead, count=count,
               n_mentions=sources, n_documents=sources, n_sources=sources,
               sources=[f"source-{i}" for i in range(sources)], reported_by=[], notes=notes, confidence=0.9)
    return row


EVENTS = [
    _event("e1", "2019-07-23", "Explosions/Remote violence", "Suicide bomb", "SOM", "Banadir", "Mogadishu", 2.037,
           45.344, "Al Shabaab", "Civilians (Somalia)", dead=11, sources=2,
           notes="Au moins 11 personnes ont été tuées mardi dans un attentat suicide à Mogadiscio"),
    _event("e2", "2019-07-21", "Battles", "Government regains territory", "SOM", "Shabeele Hoose", "Mubaarak", 1.9,
           44.8, "Military Forces of Somalia", "Al Shabaab"),
    _event("e3", "2018-02", "Strategic developments", "Non-violent transfer of territory", "SYR", "Idlib",
           "Al-Khowein", 35.9, 36.6, "Hayat Tahrir al-Sham", count=400),
    _event("e4", "2019-06-10", "Violence against civilians", "Attack", "MLI", "Mopti", "Sobane", 14.5, -4.1,
           "Unidentified Armed Group (Mali)", "Civilians (Mali)", dead=12, sources=3),
    _event("e5", "2021-03-09", "Protests", "Peaceful protest", "SEN", "Dakar", "Dakar", 14.69, -17.44,
           "Protesters (Senegal)", dead=0),
    _event("e6", None, "Riots", "Mob violence", "NGA", None, None, None, None, "Rioters (Nigeria)", dead=2),
]


def _span(text: str, words: str) -> dict:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def _write_small_store(path) -> None:
    """Six events, one document reporting the first one."""
    with Store(path) as store:
        for row in EVENTS:
            store.con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
                              f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})", [row[c] for c in EVENT_COLUMNS])
        sentence = _span(DOC_TEXT, DOC_TEXT.strip().split("\n")[1])
        evidence = {"trigger": _span(DOC_TEXT, "attentat"), "location": _span(DOC_TEXT, "Mogadiscio"),
                    "fatalities": _span(DOC_TEXT, "Au moins 11 personnes"), "date": _span(DOC_TEXT, "mardi"),
                    "reported_by": _span(DOC_TEXT, "la police somalienne")}
        mention = dict.fromkeys(MENTION_COLUMNS)
        mention.update(mention_id="som-1#x", doc_id="som-1", event_id="e1", sentence_start=sentence["start"],
                       sentence_end=sentence["end"], sentence=sentence["text"], published="2019-07-23",
                       source="AFP", trigger_start=evidence["trigger"]["start"],
                       trigger_end=evidence["trigger"]["end"],
                       record=json.dumps({"event_id": "x", "fatalities": 11, "evidence": evidence,
                                          "sentence": sentence}))
        store.con.execute(f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) "
                          f"VALUES ({', '.join('?' * len(MENTION_COLUMNS))})", [mention[c] for c in MENTION_COLUMNS])
        store.con.execute("INSERT INTO documents (doc_id, text, source, url, published, lang, status, n_mentions) "
                          "VALUES ('som-1', ?, 'AFP', 'https://example.org/som-1', '2019-07-23', 'fr', 'coded', 1)",
                          [DOC_TEXT])


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    _write_small_store(path)
    app = create_app(str(path), token=TOKEN)
    yield TestClient(app)
    app.state.wirecoder.close()


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


# -- events: the page, filters, sorting, pages ----------------------------------------------------------------

def test_server_events_default_page_is_flat_events_with_total(small):
    body = small.get("/api/events").json()
    assert body["total"] == 6 and body["limit"] == 100 and body["offset"] == 0
    assert len(body["events"]) == 6
    for e in body["events"]:
        assert FLAT_FIELDS <= set(e) and "mentions" not in e
    e1 = next(e for e in body["events"] if e["event_id"] == "e1")
    assert e1["sources"] == ["source-0", "source-1"] and e1["fatalities"] == 11 and e1["latitude"] == 2.037


@pytest.mark.parametrize("query, expected", [
    ("country=som", ["e2", "e1"]),
    ("country=SOM&from=2019-07-22", ["e1"]),
    ("type=Suicide%20bomb", ["e1"]),
    ("type=battles", ["e2"]),
    ("actor=shabaab", ["e2", "e1"]),
    ("bbox=40,-5,50,5", ["e2", "e1"]),
    ("min_sources=2", ["e4", "e1"]),
    ("q=mogadiscio", ["e1"]),
    ("admin1=banadir", ["e1"]),
    ("from=2019-07", ["e2", "e1", "e5"]),
    ("to=2019-06", ["e3", "e4"]),
    ("from=2019-06-10&to=2019-06-10", ["e4"]),
    ("from=2018&to=2018", ["e3"]),
])
def test_server_events_filters(small, query, expected):
    assert ids(small.get(f"/api/events?{query}")) == expected
    assert small.get(f"/api/events?{query}&limit=1").json()["total"] == len(expected)


@pytest.mark.parametrize("sort, expected", [
    ("date", ["e3", "e4", "e2", "e1", "e5", "e6"]),
    ("-date", ["e5", "e1", "e2", "e4", "e3", "e6"]),
    ("fatalities", ["e4", "e1", "e6", "e5", "e2", "e3"]),
    ("sources", ["e4", "e1", "e2", "e3", "e5", "e6"]),
])
def test_server_events_sorting(small, sort, expected):
    assert sort in ORDERS
    assert ids(small.get(f"/api/events?sort={sort}")) == expected


def test_server_events_pages_keep_the_total(small):
    page = small.get("/api/events?limit=2&offset=2").json()
    assert [e["event_id"] for e in page["events"]] == ["e2", "e1"]
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 2)
    assert small.get("/api/events?offset=10").json() == {"events": [], "total": 6, "limit": 100, "offset": 10}
    assert small.get("/api/events?limit=0").json()["total"] == 6


def test_server_events_deep_pages_read_the_same_rows(small, monkeypatch):
    from wirecoder.server import queries

    shallow = [small.get(f"/api/events?sort={s}&limit=2&offset=1&country=SOM").json() for s in ORDERS]
    shallow += [small.get(f"/api/events?sort={s}&limit=3&offset=2").json() for s in ORDERS]
    monkeypatch.setattr(queries, "LATE_ROWS_AFTER", 1)  # what offsets from 1000 on take
    deep = [small.get(f"/api/events?sort={s}&limit=2&offset=1&country=SOM").json() for s in ORDERS]
    deep += [small.get(f"/api/events?sort={s}&limit=3&offset=2").json() for s in ORDERS]
    assert deep == shallow


def test_server_events_only_the_fields_asked_for(small):
    body = small.get("/api/events?fields=latitude,longitude,fatalities&sort=fatalities&limit=1").json()
    assert body["events"] == [{"event_id": "e4", "latitude": 14.5, "longitude": -4.1, "fatalities": 12}]
    geo = small.get("/api/events?fields=fatalities&format=geojson&limit=1&sort=fatalities").json()
    assert geo["features"][0]["properties"] == {"event_id": "e4", "fatalities": 12}
    assert geo["features"][0]["geometry"]["coordinates"] == [-4.1, 14.5]
    assert small.get("/api/events?fields=password").status_code == 422


def test_server_events_geojson_by_parameter_and_by_accept(small):
    for r in (small.get("/api/events?format=geojson"),
              small.get("/api/events", headers={"Accept": "application/geo+json"})):
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
        body = r.json()
        assert body["type"] == "FeatureCollection" and body["total"] == 6
        assert len(body["features"]) == 5  # e6 has no coordinates
        f = next(f for f in body["features"] if f["id"] == "e1")
        assert f["geometry"] == {"type": "Point", "coordinates": [45.344, 2.037]}
        assert FLAT_FIELDS <= set(f["properties"])
        assert f == geojson_feature(small.get("/api/events/e1").json())  # as `wirecoder events --format geojson`
    plain = small.get("/api/events?format=json", headers={"Accept": "application/geo+json"}).json()
    assert "events" in plain


# -- stats, one event, documents ----------------------------------------------------------------------------

def test_server_stats_counts_by_type_country_and_month(small):
    s = small.get("/api/stats").json()
    assert s["total"] == 6 and s["fatalities"] == 25
    assert s["by_country"] == {"SOM": 2, "SYR": 1, "MLI": 1, "SEN": 1, "NGA": 1}
    assert s["by_type"]["Battles"] == 1 and sum(s["by_type"].values()) == 6
    assert list(s["by_month"].items()) == [("2018-02", 1), ("2019-06", 1), ("2019-07", 2), ("2021-03", 1)]
    som = small.get("/api/stats?country=SOM").json()
    assert som["total"] == 2 and som["by_month"] == {"2019-07": 2} and som["by_country"] == {"SOM": 2}


def test_server_event_detail_has_reports_with_document_and_evidence(small):
    e = small.get("/api/events/e1").json()
    assert FLAT_FIELDS <= set(e) and len(e["mentions"]) == 1
    m = e["mentions"][0]
    assert m["doc_id"] == "som-1" and m["source"] == "AFP" and m["coded"]["fatalities"] == 11
    text = m["document"]["text"]
    assert text == DOC_TEXT and m["document"]["url"] == "https://example.org/som-1"
    assert text[m["sentence_start"]:m["sentence_end"]] == m["sentence"]
    assert set(m["evidence"]) == {"trigger", "location", "fatalities", "date", "reported_by"}
    for span in m["evidence"].values():
        assert text[span["start"]:span["end"]] == span["text"]
    assert small.get("/api/events/e6").json()["mentions"] == []


def test_server_document_lists_its_events(small):
    d = small.get("/api/documents/som-1").json()
    assert d["events"] == ["e1"] and d["text"] == DOC_TEXT and d["status"] == "coded" and d["lang"] == "fr"
    assert d["rejection"] is None
    assert small.get("/api/documents/nope").status_code == 404


def test_server_info_says_whether_documents_are_accepted(small, tmp_path):
    info = small.get("/api/info").json()
    assert info["writable"] is True and info["counts"]["events"] == 6
    ro = create_app(str(tmp_path / "ro.duckdb"))
    assert TestClient(ro).get("/api/info").json()["writable"] is False
    ro.state.wirecoder.close()


# -- writes and limits ------------------------------------------------------------------------------------

def test_server_documents_need_the_token(small, tmp_path):
    doc = {"id": "x", "text": "Des manifestants ont défilé à Dakar."}
    assert small.post("/api/documents", json=doc).status_code == 401
    assert small.post("/api/documents", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert small.post("/api/documents", json=doc, headers={"X-Token": "wrong"}).status_code == 401
    r = small.post("/api/documents", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 401  # refused before the body is even read
    assert r.headers["www-authenticate"] == "Bearer"
    read_only = create_app(str(tmp_path / "ro.duckdb"))
    r = TestClient(read_only).post("/api/documents", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "H403"
    read_only.state.wirecoder.close()


def test_server_code_body_over_100kb_is_refused(small):
    text = "a" * 100_001
    r = small.post("/api/code", json={"text": text})
    assert r.status_code == 413 and r.json()["error"]["code"] == "H413"

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 4096

    r = small.post("/api/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_server_docs_page_and_schema_work_offline(small):
    spec = small.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/stats", "/api/code",
                 "/api/documents"):
        assert path in spec["paths"], path
    page = small.get("/api/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assert "<script src" not in page.text and "<link" not in page.text  # nothing loaded from anywhere else
    assert small.get("/docs").status_code == 404  # FastAPI's CDN-backed page is off
    assert small.get("/").status_code == 200


# -- the command --------------------------------------------------------------------------------------------

def test_cli_serve_options_and_token_from_the_environment_or_a_file(monkeypatch, tmp_path, capsys):
    from wirecoder.cli import main
    from wirecoder.server import app as app_module

    args = build_parser().parse_args(["serve"])
    assert (args.db, args.host, args.port) == ("wirecoder.duckdb", "127.0.0.1", 8000)
    served = []
    monkeypatch.setattr(app_module, "serve", lambda db, **kw: served.append(kw["token"]))
    monkeypatch.setenv("WIRECODER_TOKEN", "from-env")
    assert main(["serve", "--port", "9000"]) == 0
    secret = tmp_path / "token"
    secret.write_text("from-file\n", encoding="utf-8")
    assert main(["serve", "--token-file", str(secret)]) == 0
    monkeypatch.delenv("WIRECODER_TOKEN")
    assert main(["serve"]) == 0
    assert served == ["from-env", "from-file", None]
    assert main(["serve", "--token-file", str(tmp_path / "absent")]) == 2
    assert capsys.readouterr().err.strip().startswith("wirecoder: [E204] Invalid option --token-file")


def test_cli_serve_answers_on_loopback(tmp_path):
    db = tmp_path / "small.duckdb"
    _write_small_store(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "WIRECODER_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "wirecoder.cli", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?country=SOM", timeout=2) as r:
                    body = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None and body["total"] == 2
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in err and "read-only" in err


# -- on the bundled examples, coded by the pipeline -----------------------------------------------------------

@pytest.fixture(scope="module")
def examples_client(pipeline, tmp_path_factory):
    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    with Store(path) as store:
        ingest([str(examples_dir())], store, pipeline)
    app = create_app(str(path), token=TOKEN, pipeline=pipeline)
    yield TestClient(app)
    app.state.wirecoder.close()


@pytest.mark.slow
def test_server_examples_every_evidence_offset_slices_the_document_text(examples_client):
    events = examples_client.get("/api/events?limit=5000").json()["events"]
    assert len(events) >= 12
    spans = 0
    for flat in events:
        e = examples_client.get(f"/api/events/{flat['event_id']}").json()
        assert e["mentions"], e["event_id"]
        for m in e["mentions"]:
            text = m["document"]["text"]
            assert text[m["sentence_start"]:m["sentence_end"]].strip() == m["sentence"]
            assert "trigger" in m["evidence"]
            for field, span in m["evidence"].items():
                assert text[span["start"]:span["end"]] == span["text"], (e["event_id"], field)
                spans += 1
            doc = examples_client.get(f"/api/documents/{m['doc_id']}").json()
            assert e["event_id"] in doc["events"] and doc["text"] == text
    assert spans > 3 * len(events)


@pytest.mark.slow
def test_server_examples_filters_and_stats_agree(examples_client):
    bombs = examples_client.get("/api/events?type=Suicide%20bomb").json()
    assert bombs["total"] >= 1 and {e["sub_event_type"] for e in bombs["events"]} == {"Suicide bomb"}
    assert "Mogadishu" in {e["location"] for e in bombs["events"]}
    som = examples_client.get("/api/stats?country=SOM").json()
    assert som["by_country"] == {"SOM": som["total"]} and som["total"] >= 3
    everything = examples_client.get("/api/stats").json()
    assert everything["total"] == examples_client.get("/api/events").json()["total"]
    assert sum(everything["by_type"].values()) == everything["total"]


@pytest.mark.slow
def test_server_code_returns_events_and_stores_nothing(examples_client):
    before = examples_client.get("/api/info").json()["counts"]
    text = ("Au moins 11 personnes ont été tuées mardi dans un attentat suicide à la voiture piégée à "
            "Mogadiscio, a indiqué la police somalienne.")
    r = examples_client.post("/api/code", json={"text": text, "published": "2019-07-23"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rejection"] is None
    bomb = next(e for e in body["events"] if e["sub_event_type"] == "Suicide bomb")
    assert bomb["date"] == "2019-07-23" and bomb["fatalities"] == 11
    assert text[bomb["evidence"]["trigger"]["start"]:bomb["evidence"]["trigger"]["end"]] == \
        bomb["evidence"]["trigger"]["text"]
    assert examples_client.get("/api/info").json()["counts"] == before
    empty = examples_client.post("/api/code", json={"text": "   "}).json()
    assert empty["events"] == [] and empty["rejection"]["code"] == "E104"
    bad_date = examples_client.post("/api/code", json={"text": text, "published": "23/07/2019"}).json()
    assert bad_date["rejection"]["code"] == "E105"


@pytest.mark.slow
def test_server_documents_with_the_token_are_coded_and_stored(pipeline, tmp_path):
    app = create_app(str(tmp_path / "w.duckdb"), token=TOKEN, pipeline=pipeline)
    client = TestClient(app)
    docs = [{"id": "dakar-1", "text": "La police a arrêté mardi à Dakar vingt manifestants.",
             "published": "2021-03-10", "source": "APS"},
            {"id": "bad-date", "text": "Des manifestants ont défilé à Dakar.", "published": "hier"}]
    r = client.post("/api/documents", json=docs, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["documents"] == 2 and out["doc_ids"] == ["dakar-1", "bad-date"] and out["mentions"] >= 1
    assert [x["code"] for x in out["rejections"]] == ["E105"]
    doc = client.get("/api/documents/dakar-1").json()
    assert doc["source"] == "APS" and doc["events"]
    assert client.get(f"/api/events/{doc['events'][0]}").json()["mentions"][0]["doc_id"] == "dakar-1"
    again = client.post("/api/documents", json=docs[0], headers={"X-Token": TOKEN}).json()
    assert again["skipped"] == 1 and again["mentions"] == 0
    app.state.wirecoder.close()


@pytest.mark.slow
def test_server_code_reads_english_and_takes_a_language(examples_client):
    text = "Gunmen killed six villagers in an attack on a village in central Mali on Monday, officials said."
    body = examples_client.post("/api/code", json={"text": text, "published": "2024-03-12"}).json()
    assert body["rejection"] is None
    assert [(e["date"], e["fatalities"]) for e in body["events"]] == [("2024-03-11", 6)]
    forced = examples_client.post("/api/code", json={"text": text, "published": "2024-03-12", "lang": "de"}).json()
    assert forced["events"] == [] and forced["rejection"]["code"] == "E301"
