"""The embedded store (DuckDB) behind one gateway object that owns the connection and makes every write.

Tables: `documents` (one row per document, with a content hash and its status), `mentions` (one row per coded
event per document, every field as coded, with its evidence offsets), `events` (mentions merged into real-world
events by `dedup`), `candidates` (events coded below the `min_confidence` option: the columns of `mentions`,
never merged into events, so queries and exports leave them out), `rejections` (document, stage, code, detail)
and `runs`.

Writes are serialised by one lock (one writer), and each batch of documents is written in one transaction:
documents, their mentions and the events they join. A run killed at any point loses at most the batch in
flight, which the next run codes again; a document already stored with the same content is skipped, so
ingesting the same input twice adds nothing.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from .dedup import DedupRules, date_range, family, match_score, merge
from .errors import Code, StoreError
from .model import Article, Event, Rejection

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR, source VARCHAR, url VARCHAR, published VARCHAR,
    lang VARCHAR, status VARCHAR, n_mentions INTEGER, run_id VARCHAR, stored_at TIMESTAMP, text VARCHAR);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY, doc_id VARCHAR, event_id VARCHAR, family VARCHAR,
    event_type VARCHAR, sub_event_type VARCHAR, plover VARCHAR,
    actor1 VARCHAR, actor1_text VARCHAR, inter1 INTEGER, actor2 VARCHAR, actor2_text VARCHAR, inter2 INTEGER,
    country VARCHAR, admin1 VARCHAR, location VARCHAR, location_text VARCHAR, latitude DOUBLE, longitude DOUBLE,
    geo_precision INTEGER, geonames_id BIGINT, date VARCHAR, time_precision INTEGER, date_text VARCHAR,
    day_from DATE, day_to DATE, fatalities INTEGER, count INTEGER, reported_by VARCHAR, confidence DOUBLE,
    source VARCHAR, published VARCHAR, sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR,
    trigger_start INTEGER, trigger_end INTEGER, record JSON);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, family VARCHAR, event_type VARCHAR, sub_event_type VARCHAR, plover VARCHAR,
    actor1 VARCHAR, inter1 INTEGER, actor2 VARCHAR, inter2 INTEGER, country VARCHAR, admin1 VARCHAR,
    location VARCHAR, latitude DOUBLE, longitude DOUBLE, geo_precision INTEGER, geonames_id BIGINT,
    date VARCHAR, time_precision INTEGER, day_from DATE, day_to DATE, fatalities INTEGER, fatalities_max INTEGER,
    count INTEGER, n_mentions INTEGER, n_documents INTEGER, n_sources INTEGER, sources VARCHAR[],
    reported_by VARCHAR[], notes VARCHAR, confidence DOUBLE, first_published VARCHAR);
CREATE TABLE IF NOT EXISTS candidates AS SELECT * FROM mentions LIMIT 0;
CREATE TABLE IF NOT EXISTS rejections (
    doc_id VARCHAR PRIMARY KEY, stage VARCHAR, code VARCHAR, detail VARCHAR, run_id VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR, documents INTEGER,
    skipped INTEGER, mentions INTEGER, rejections INTEGER, status VARCHAR);
"""

MENTION_COLUMNS = ["mention_id", "doc_id", "event_id", "family", "event_type", "sub_event_type", "plover",
                   "actor1", "actor1_text", "inter1", "actor2", "actor2_text", "inter2", "country", "admin1",
                   "location", "location_text", "latitude", "longitude", "geo_precision", "geonames_id", "date",
                   "time_precision", "date_text", "day_from", "day_to", "fatalities", "count", "reported_by",
                   "confidence", "source", "published", "sentence_start", "sentence_end", "sentence",
                   "trigger_start", "trigger_end", "record"]
EVENT_COLUMNS = ["event_id", "family", "event_type", "sub_event_type", "plover", "actor1", "inter1", "actor2",
                 "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonames_id",
                 "date", "time_precision", "day_from", "day_to", "fatalities", "fatalities_max", "count",
                 "n_mentions", "n_documents", "n_sources", "sources", "reported_by", "notes", "confidence",
                 "first_published"]


def new_event_id(mention_id: str) -> str:
    """A new event is named after its first mention."""
    return "evt-" + hashlib.sha1(mention_id.encode()).hexdigest()[:14]


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def published_text(article: Article) -> str | None:
    """The publication date at its own precision ('2018-02' stays a month)."""
    if article.published is None:
        return None
    iso = article.published.isoformat()
    return iso[:7] if article.published_precision == 3 else iso


def mention_row(article: Article, e: Event, rules: DedupRules) -> dict:
    """One coded event of one document, flattened for the `mentions` table."""
    a1, a2, loc = e.actor1, e.actor2, e.location
    days = date_range(e.date, e.time_precision, rules)
    trig = e.evidence["trigger"]
    return {
        "mention_id": f"{article.id}#{e.event_id}", "doc_id": article.id, "event_id": None,
        "family": family(e.event_type, e.sub_event_type), "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "plover": e.plover,
        "actor1": a1.name if a1 else None, "actor1_text": a1.text if a1 else None, "inter1": a1.inter if a1 else None,
        "actor2": a2.name if a2 else None, "actor2_text": a2.text if a2 else None, "inter2": a2.inter if a2 else None,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "location": loc.name if loc else None, "location_text": loc.text if loc else None,
        "latitude": loc.lat if loc else None, "longitude": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None, "geonames_id": loc.geonames_id if loc else None,
        "date": e.date, "time_precision": e.time_precision, "date_text": e.date_text,
        "day_from": days[0] if days else None, "day_to": days[1] if days else None,
        "fatalities": e.fatalities, "count": e.count, "reported_by": e.reported_by, "confidence": e.confidence,
        "source": article.source, "published": published_text(article),
        "sentence_start": e.sentence.start, "sentence_end": e.sentence.end, "sentence": e.sentence.text.strip(),
        "trigger_start": trig.start, "trigger_end": trig.end,
        "record": json.dumps(e.to_dict(), ensure_ascii=False),
    }


class Store:
    """Gateway to one DuckDB file; use as a context manager. All writes go through `_lock`."""

    def __init__(self, path: str | Path, rules: DedupRules | None = None, read_only: bool = False):
        import duckdb

        self.path = str(path)
        self.rules = rules or DedupRules()
        self._lock = threading.Lock()
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            if not read_only:
                self.con.execute(SCHEMA)
        except Exception as e:  # duckdb's IOException, CatalogException...: one line for the user
            raise StoreError(Code.E401, path=self.path, reason=str(e).splitlines()[0]) from e

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- runs -------------------------------------------------------------------------------------------------
    def begin_run(self, inputs: Iterable[str]) -> str:
        run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + f"-{time.perf_counter_ns() % 10**6:06d}"
        with self._lock:
            self.con.execute("INSERT INTO runs VALUES (?, now(), NULL, ?, 0, 0, 0, 0, 'running')",
                             [run_id, json.dumps(list(inputs))])
        return run_id

    def finish_run(self, run_id: str, documents: int, skipped: int, mentions: int, rejections: int,
                   status: str = "finished") -> None:
        with self._lock:
            self.con.execute("UPDATE runs SET finished = now(), documents = ?, skipped = ?, mentions = ?, "
                             "rejections = ?, status = ? WHERE run_id = ?",
                             [documents, skipped, mentions, rejections, status, run_id])

    # -- documents ----------------------------------------------------------------------------------------------
    def stored_hashes(self, doc_ids: list[str]) -> dict[str, str]:
        """content hash of each of these documents already stored (coded or rejected)."""
        if not doc_ids:
            return {}
        rows = self.con.execute("SELECT doc_id, content_hash FROM documents WHERE doc_id IN "
                                f"({', '.join('?' * len(doc_ids))})", doc_ids).fetchall()
        return dict(rows)

    def save_batch(self, articles: list[Article], rejections: list[Rejection], run_id: str | None = None) -> int:
        """Store coded articles and read-time rejections in one transaction; returns the mentions added."""
        added = 0
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                for r in rejections:
                    self._refresh_all(self._forget(r.doc_id))
                    con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
                                [r.doc_id, r.stage, r.code, r.detail, run_id])
                for a in articles:
                    # a document coded again first leaves the events it was part of, so they are scored afresh
                    self._refresh_all(self._forget(a.id))
                    status = "rejected" if a.rejection else "coded"
                    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)",
                                [a.id, content_hash(a.text), a.source, a.url, published_text(a), a.lang, status,
                                 len(a.events), run_id, a.text])
                    if a.rejection:
                        r = a.rejection
                        con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
                                    [r.doc_id, r.stage, r.code, r.detail, run_id])
                        continue
                    added += self._store_mentions([mention_row(a, e, self.rules) for e in a.events])
                    for e in a.candidates:
                        self._insert("candidates", MENTION_COLUMNS, mention_row(a, e, self.rules))
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return added

    def _forget(self, doc_id: str) -> set[str]:
        """Remove what was stored for a document (before storing it again); returns the events it touched."""
        con = self.con
        events = {r[0] for r in con.execute("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?",
                                            [doc_id]).fetchall()}
        con.execute("DELETE FROM mentions WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM candidates WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM rejections WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
        return events

    def _store_mentions(self, rows: list[dict]) -> int:
        """Attach one document's mentions to events, store them, and recompute the events they joined."""
        for row in self._assign(rows):
            self._insert("mentions", MENTION_COLUMNS, row)
        self._refresh_all({row["event_id"] for row in rows})
        return len(rows)

    def _refresh_all(self, event_ids: set[str]) -> None:
        for event_id in sorted(event_ids):
            self._refresh(event_id)

    def _insert(self, table: str, columns: list[str], row: dict) -> None:
        self.con.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [row.get(c) for c in columns])

    # -- dedup ------------------------------------------------------------------------------------------------
    def _assign(self, rows: list[dict]) -> list[dict]:
        """Give each mention of one document its event: best (mention, event) pairs first, one mention per event
        (the events stage already kept this document's events apart)."""
        scored = []
        for i, row in enumerate(rows):
            for event in self._candidates(row):
                score = match_score(row, event, self.rules)
                if score is not None:
                    scored.append((score, i, event["event_id"]))
        taken_rows, taken_events = set(), set()
        for score, i, event_id in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
            if i in taken_rows or event_id in taken_events:
                continue
            rows[i]["event_id"] = event_id
            taken_rows.add(i)
            taken_events.add(event_id)
        for row in rows:
            if not row.get("event_id"):
                row["event_id"] = new_event_id(row["mention_id"])
        return rows

    def _candidates(self, row: dict) -> list[dict]:
        """Stored events of the mention's family, country and period (the SQL pre-filter of `match_score`)."""
        slack = self.rules.day_tolerance
        params = [row["family"], row["doc_id"]]
        where = ("family = ? AND event_id NOT IN "
                 "(SELECT event_id FROM mentions WHERE doc_id = ? AND event_id IS NOT NULL)")
        if row.get("country"):
            where += " AND (country = ? OR country IS NULL)"
            params.append(row["country"])
        if row.get("day_from") is not None:
            where += (f" AND (day_from IS NULL OR (day_from <= ? + INTERVAL {slack} DAY"
                      f" AND day_to >= ? - INTERVAL {slack} DAY))")
            params += [row["day_to"], row["day_from"]]
        cur = self.con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where}", params)
        return [dict(zip(EVENT_COLUMNS, r)) for r in cur.fetchall()]

    def _refresh(self, event_id: str) -> None:
        """Recompute an event from its mentions (or delete it when none is left)."""
        cur = self.con.execute(f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions WHERE event_id = ?", [event_id])
        mentions = [dict(zip(MENTION_COLUMNS, r)) for r in cur.fetchall()]
        self.con.execute("DELETE FROM events WHERE event_id = ?", [event_id])
        if not mentions:
            return
        merged = merge(mentions)
        merged["event_id"] = event_id
        merged["family"] = mentions[0]["family"]
        days = date_range(merged["date"], merged["time_precision"], self.rules)
        merged["day_from"], merged["day_to"] = days if days else (None, None)
        self._insert("events", EVENT_COLUMNS, merged)

    def rebuild_events(self) -> int:
        """Re-run dedup over every stored mention (after changing the rules); returns the number of events."""
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM events")
                cols = ", ".join(f"m.{c}" for c in MENTION_COLUMNS)
                cur = con.execute(f"SELECT {cols} FROM mentions m JOIN documents d USING (doc_id) "
                                  "ORDER BY d.stored_at, d.rowid, m.trigger_start")
                rows = [dict(zip(MENTION_COLUMNS, r)) for r in cur.fetchall()]
                con.execute("DELETE FROM mentions")
                by_doc: dict[str, list[dict]] = {}
                for row in rows:  # documents in the order they were stored, each assigned as ingest does
                    row["event_id"] = None
                    by_doc.setdefault(row["doc_id"], []).append(row)
                for doc_rows in by_doc.values():
                    self._store_mentions(doc_rows)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return self.counts()["events"]

    # -- reading ----------------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "mentions", "events", "rejections", "candidates")}

    def candidates(self, doc_id: str | None = None) -> list[dict]:
        """The events coded below `min_confidence` (of one document, or all), as `mentions` rows."""
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        cur = self.con.execute(f"SELECT {', '.join(MENTION_COLUMNS)} FROM candidates {where} "
                               "ORDER BY doc_id, trigger_start", params)
        return [dict(zip(MENTION_COLUMNS, r)) for r in cur.fetchall()]

    def events(self, filters: dict | None = None, limit: int | None = None, offset: int = 0,
               order: str = "date") -> list[dict]:
        """Merged events matching `filters` (see `event_filters`), each with its mentions."""
        where, params = event_filters(filters or {})
        order_sql = {"date": "date, event_id", "-date": "date DESC, event_id", "fatalities": "fatalities DESC NULLS "
                     "LAST, event_id", "sources": "n_sources DESC, event_id"}.get(order, "date, event_id")
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = [dict(zip(EVENT_COLUMNS, r)) for r in self.con.execute(sql, params).fetchall()]
        return self._with_mentions(rows)

    def event(self, event_id: str) -> dict | None:
        rows = self.events({"event_id": event_id})
        return rows[0] if rows else None

    def _with_mentions(self, rows: list[dict]) -> list[dict]:
        if not rows:
            return rows
        ids = [r["event_id"] for r in rows]
        cur = self.con.execute(
            "SELECT m.event_id, m.doc_id, m.source, m.published, m.sentence_start, m.sentence_end, m.trigger_start, "
            "m.trigger_end, m.sentence, m.record, m.mention_id FROM mentions m WHERE m.event_id IN "
            f"({', '.join('?' * len(ids))}) ORDER BY m.published, m.doc_id, m.trigger_start", ids)
        by_event: dict[str, list[dict]] = {}
        keys = ["event_id", "doc_id", "source", "published", "sentence_start", "sentence_end", "trigger_start",
                "trigger_end", "sentence", "record", "mention_id"]
        for r in cur.fetchall():
            m = dict(zip(keys, r))
            m["evidence"] = json.loads(m.pop("record"))["evidence"]
            by_event.setdefault(m.pop("event_id"), []).append(m)
        for r in rows:
            r["mentions"] = by_event.get(r["event_id"], [])
            for k in ("day_from", "day_to"):
                r[k] = r[k].isoformat() if r.get(k) is not None else None
            r["sources"] = list(r.get("sources") or [])
            r["reported_by"] = list(r.get("reported_by") or [])
        return rows

    def document(self, doc_id: str) -> dict | None:
        cols = ["doc_id", "content_hash", "source", "url", "published", "lang", "status", "n_mentions", "run_id",
                "text"]
        row = self.con.execute(f"SELECT {', '.join(cols)} FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return dict(zip(cols, row)) if row else None

    def rejections(self) -> list[dict]:
        cols = ["doc_id", "stage", "code", "detail", "run_id"]
        return [dict(zip(cols, r)) for r in
                self.con.execute(f"SELECT {', '.join(cols)} FROM rejections ORDER BY doc_id").fetchall()]


def event_filters(f: dict) -> tuple[str, list]:
    """SQL WHERE clause for the query filters shared by the CLI and the API.

    Keys: event_id, date_from, date_to (ISO), country (ISO3), admin1, type (event type or sub-type), actor
    (substring of actor1 or actor2), bbox (min_lon, min_lat, max_lon, max_lat), min_sources, q (text search in
    the notes and actors)."""
    clauses, params = [], []
    if f.get("event_id"):
        clauses.append("event_id = ?")
        params.append(f["event_id"])
    if f.get("date_from"):
        clauses.append("day_to >= CAST(? AS DATE)")
        params.append(f["date_from"])
    if f.get("date_to"):
        clauses.append("day_from <= CAST(? AS DATE)")
        params.append(f["date_to"])
    if f.get("country"):
        clauses.append("country = ?")
        params.append(str(f["country"]).upper())
    if f.get("admin1"):
        clauses.append("lower(admin1) = lower(?)")
        params.append(f["admin1"])
    if f.get("type"):
        clauses.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))")
        params += [f["type"], f["type"]]
    if f.get("actor"):
        clauses.append("(actor1 ILIKE ? OR actor2 ILIKE ?)")
        params += [f"%{f['actor']}%", f"%{f['actor']}%"]
    if f.get("bbox"):
        x0, y0, x1, y1 = [float(v) for v in f["bbox"]]
        clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
        params += [x0, x1, y0, y1]
    if f.get("min_sources"):
        clauses.append("n_sources >= ?")
        params.append(int(f["min_sources"]))
    if f.get("q"):
        clauses.append("(notes ILIKE ? OR actor1 ILIKE ? OR actor2 ILIKE ? OR location ILIKE ?)")
        params += [f"%{f['q']}%"] * 4
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
