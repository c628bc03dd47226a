"""Every error the HTTP API answers has one shape, {"error": {"status", "code", "message"}}, and stable codes.

Each kind is covered: unknown route or resource (404), wrong method (405), bad parameters (422), malformed body
(400), body too large (413), missing token (401), read-only server (403), and failures inside the server (500),
whether a catalogue error or a bug."""
from __future__ import annotations

import warnings

import pytest

from wirecoder.errors import Code, StoreError
from wirecoder.server import create_app
from wirecoder.server.errors import STATUS, HttpCode

with warnings.catch_warnings():  # starlette nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "shape-token"


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shape")
    # (two stores: one process cannot hold a file both read-only and for writing)
    read_only, writable = create_app(str(folder / "ro.duckdb")), create_app(str(folder / "rw.duckdb"), token=TOKEN)
    yield {"read-only": TestClient(read_only, raise_server_exceptions=False),
           "writable": TestClient(writable, raise_server_exceptions=False)}
    read_only.state.wirecoder.close()
    writable.state.wirecoder.close()


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status and error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


CASES = [
    # (app, method, path, request keywords, status, code)
    ("read-only", "GET", "/api/nothing-here", {}, 404, "H404"),
    ("read-only", "GET", "/not/a/page", {}, 404, "H404"),
    ("read-only", "GET", "/api/events/evt-unknown", {}, 404, "H404"),
    ("read-only", "GET", "/api/documents/no/such/doc", {}, 404, "H404"),
    ("read-only", "GET", "/static/missing.js", {}, 404, "H404"),
    ("read-only", "PUT", "/api/events", {}, 405, "H405"),
    ("read-only", "DELETE", "/api/events/evt-1", {}, 405, "H405"),
    ("read-only", "GET", "/api/events?limit=5001", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?offset=-1", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?sort=random", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?format=xml", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?from=2019-13", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?to=yesterday", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?bbox=1,2,3", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?bbox=10,0,5,5", {}, 422, "H422"),
    ("read-only", "GET", "/api/events?min_sources=zero", {}, 422, "H422"),
    ("read-only", "GET", "/api/stats?country=FRANCE", {}, 422, "H422"),
    ("read-only", "POST", "/api/code", {"json": {"published": "2020-01-01"}}, 422, "H422"),
    ("read-only", "POST", "/api/code", {"content": b"{oops", "headers": {"Content-Type": "application/json"}},
     400, "H400"),
    ("read-only", "POST", "/api/code", {"json": {"text": "x" * 100_001}}, 413, "H413"),
    ("read-only", "POST", "/api/documents", {"json": {"text": "x"}}, 403, "H403"),
    ("writable", "POST", "/api/documents", {"json": {"text": "x"}}, 401, "H401"),
    ("writable", "POST", "/api/documents", {"json": {"text": "x"}, "headers": {"X-Token": "nope"}}, 401, "H401"),
    ("writable", "POST", "/api/documents", {"json": [{"id": "no-text"}], "headers": {"X-Token": TOKEN}},
     422, "H422"),
    ("writable", "POST", "/api/documents", {"content": b"x" * 10_000_001, "headers": {"X-Token": TOKEN}},
     413, "H413"),
]


@pytest.mark.parametrize("app, method, path, kwargs, status, code", CASES,
                         ids=[f"{c[4]}-{c[1]}-{c[2][:40]}" for c in CASES])
def test_server_error_shape(apps, app, method, path, kwargs, status, code):
    assert_error_shape(apps[app].request(method, path, **kwargs), status, code)


def test_server_error_shape_of_a_bug_is_500(apps, monkeypatch):
    state = apps["read-only"].app.state.wirecoder

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(state.reader, "page", broken)
    error = assert_error_shape(apps["read-only"].get("/api/events"), 500, "H500")
    assert "boom" not in error["message"]  # details go to the log, not to the client


def test_server_error_shape_of_a_catalogue_error_keeps_its_code(apps, monkeypatch):
    state = apps["read-only"].app.state.wirecoder

    def unavailable(*args, **kwargs):
        raise StoreError(Code.E401, path="x.duckdb", reason="locked")

    monkeypatch.setattr(state.reader, "stats", unavailable)
    error = assert_error_shape(apps["read-only"].get("/api/stats"), 500, "E401")
    assert error["message"].startswith("[E401]")


def test_server_error_codes_are_stable():
    assert {c.name: STATUS[c] for c in HttpCode} == {"H400": 400, "H401": 401, "H403": 403, "H404": 404,
                                                     "H405": 405, "H413": 413, "H422": 422, "H429": 429,
                                                     "H500": 500}
