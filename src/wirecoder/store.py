"""The embedded store (DuckDB): one gateway object owns the connection and does every write.

Documents are keyed by id: coding a document again replaces its events and its rejection, so a re-run never
duplicates. (Issue 4 extends this into mentions, merged events and runs.)
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import Code, StoreError
from .model import Article, Event, Rejection
from .writers import flat

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, published VARCHAR, source VARCHAR, url VARCHAR, lang VARCHAR,
    status VARCHAR, n_events INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, event_type VARCHAR, sub_event_type VARCHAR, plover VARCHAR,
    actor1 VARCHAR, inter1 INTEGER, actor2 VARCHAR, inter2 INTEGER, location VARCHAR, country VARCHAR,
    admin1 VARCHAR, latitude DOUBLE, longitude DOUBLE, geo_precision INTEGER, date VARCHAR,
    time_precision INTEGER, fatalities INTEGER, count INTEGER, reported_by VARCHAR, confidence DOUBLE,
    evidence VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS rejections (
    doc_id VARCHAR PRIMARY KEY, stage VARCHAR, code VARCHAR, detail VARCHAR);
"""
EVENT_COLUMNS = ["event_id", "doc_id", "event_type", "sub_event_type", "plover", "actor1", "inter1", "actor2",
                 "inter2", "location", "country", "admin1", "latitude", "longitude", "geo_precision", "date",
                 "time_precision", "fatalities", "count", "reported_by", "confidence", "evidence"]


class Store:
    """Gateway to one DuckDB file; use as a context manager."""

    def __init__(self, path: str | Path):
        import duckdb

        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path)
            self.con.execute(SCHEMA)
        except Exception as e:  # duckdb raises its own IOException/CatalogException family
            raise StoreError(Code.E401, path=self.path, reason=str(e).splitlines()[0]) from e

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def save(self, article: Article) -> None:
        """Replace everything stored for this document with what this run coded."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM events WHERE doc_id = ?", [article.id])
            con.execute("DELETE FROM rejections WHERE doc_id = ?", [article.id])
            con.execute("DELETE FROM documents WHERE doc_id = ?", [article.id])
            status = "rejected" if article.rejection else "coded"
            con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [article.id, article.published.isoformat() if article.published else None,
                         article.source, article.url, article.lang, status, len(article.events), article.text])
            if article.rejection:
                self._reject(article.rejection)
            for e in article.events:
                self._event(e)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def save_rejection(self, rejection: Rejection) -> None:
        self.con.execute("DELETE FROM rejections WHERE doc_id = ?", [rejection.doc_id])
        self._reject(rejection)

    def _reject(self, r: Rejection) -> None:
        self.con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?)", [r.doc_id, r.stage, r.code, r.detail])

    def _event(self, e: Event) -> None:
        row = flat(e)
        values = [row[c] for c in EVENT_COLUMNS] + [json.dumps(e.to_dict(), ensure_ascii=False)]
        self.con.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(values))})", values)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "events", "rejections")}

    def events(self) -> list[dict]:
        cur = self.con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY doc_id, date, event_id")
        return [dict(zip(EVENT_COLUMNS, r)) for r in cur.fetchall()]
