"""The embedded store (DuckDB) behind one gateway object that owns the connection and makes every write.

Tables: `documents` (one row per document, with a content hash and its status), `mentions` (one row per coded
event per document, every field as coded, with its evidence offsets), `events` (mentions merged into real-world
events by `dedup`), `links` (pairs of mentions of different documents whose comparison reaches the merge
threshold: the graph `dedup.cluster` groups), `candidates` (events coded below the `min_confidence` option: the
columns of `mentions`, never merged into events, so queries and exports leave them out), `rejections` (document,
stage, code, detail) and `runs`.

Writes are serialised by one lock (one writer), and each batch of documents is written in one transaction:
documents, their mentions and the events they join. A run killed at any point loses at most the batch in
flight, which the next run codes again; a document already stored with the same content is skipped, so
ingesting the same input twice adds nothing.

Merging is incremental and order-free: a batch links its new mentions to the stored ones they may tell (the
candidate search is blocked by family, country and date window in SQL), then regroups only the connected part of
the link graph the batch touched. Any order of the same reports gives the same events.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from .dedup import DedupRules, cluster, compare, conflict, date_range, family, merge, profile
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
    trigger_start INTEGER, trigger_end INTEGER, record JSON, joined JSON);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, family VARCHAR, event_type VARCHAR, sub_event_type VARCHAR, plover VARCHAR,
    actor1 VARCHAR, inter1 INTEGER, actor2 VARCHAR, inter2 INTEGER, country VARCHAR, admin1 VARCHAR,
    location VARCHAR, latitude DOUBLE, longitude DOUBLE, geo_precision INTEGER, geonames_id BIGINT,
    date VARCHAR, time_precision INTEGER, day_from DATE, day_to DATE, fatalities INTEGER, fatalities_max INTEGER,
    count INTEGER, n_mentions INTEGER, n_documents INTEGER, n_sources INTEGER, sources VARCHAR[],
    reported_by VARCHAR[], notes VARCHAR, confidence DOUBLE, first_published VARCHAR);
CREATE TABLE IF NOT EXISTS candidates AS SELECT * FROM mentions LIMIT 0;
CREATE TABLE IF NOT EXISTS links (a VARCHAR, b VARCHAR, score DOUBLE, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS rejections (
    doc_id VARCHAR PRIMARY KEY, stage VARCHAR, code VARCHAR, detail VARCHAR, run_id VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR, documents INTEGER,
    skipped INTEGER, mentions INTEGER, rejections INTEGER, status VARCHAR);
"""

NEAR_MISS_DAYS = 31  # how far apart in time `near_misses` looks for reports kept apart ('a week later')
MENTION_COLUMNS = ["mention_id", "doc_id", "event_id", "family", "event_type", "sub_event_type", "plover",
                   "actor1", "actor1_text", "inter1", "actor2", "actor2_text", "inter2", "country", "admin1",
                   "location", "location_text", "latitude", "longitude", "geo_precision", "geonames_id", "date",
                   "time_precision", "date_text", "day_from", "day_to", "fatalities", "count", "reported_by",
                   "confidence", "source", "published", "sentence_start", "sentence_end", "sentence",
                   "trigger_start", "trigger_end", "record", "joined"]
EVENT_COLUMNS = ["event_id", "family", "event_type", "sub_event_type", "plover", "actor1", "inter1", "actor2",
                 "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonames_id",
                 "date", "time_precision", "day_from", "day_to", "fatalities", "fatalities_max", "count",
                 "n_mentions", "n_documents", "n_sources", "sources", "reported_by", "notes", "confidence",
                 "first_published"]


def new_event_id(mention_id: str) -> str:
    """An event is named after its smallest mention id (so the name does not depend on the order of ingest)."""
    return "evt-" + hashlib.sha1(mention_id.encode()).hexdigest()[:14]


def is_interrupt(e: BaseException) -> bool:
    """Ctrl-C: KeyboardInterrupt, or the error DuckDB raises instead when the signal comes during a query."""
    import duckdb

    return (isinstance(e, (KeyboardInterrupt, duckdb.InterruptException))
            or isinstance(e, RuntimeError) and str(e) == "Query interrupted")


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
                older = self._tables() and "links" not in self._tables()
                self.con.execute(SCHEMA)
                for table in ("mentions", "candidates"):
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS joined JSON")
                # the database admits one writer: a run still 'running' when it is opened for writing was killed
                self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        except Exception as e:  # duckdb's IOException, CatalogException...: one line for the user
            raise StoreError(Code.E401, path=self.path, reason=str(e).splitlines()[0]) from e
        if not read_only and older:
            self.rebuild_events()  # a store written before mentions were linked: link and group them once
        if read_only and self._tables() and "links" not in self._tables():
            self.con.close()
            raise StoreError(Code.E401, path=self.path, reason="written by an older wirecoder; open it once "
                             "for writing ('wirecoder dedup --db FILE') to link its reports")

    def _tables(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables "
                                               "WHERE table_schema = 'main'").fetchall()}

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
        rows: list[dict] = []
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                touched: set[str] = set()  # stored mentions whose events must be regrouped
                documents, candidates = [], []
                stored_at = datetime.now(timezone.utc).replace(tzinfo=None)
                known = self._known([r.doc_id for r in rejections] + [a.id for a in articles])
                for r in rejections:
                    touched |= self._forget(r.doc_id) if r.doc_id in known else set()
                    con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
                                [r.doc_id, r.stage, r.code, r.detail, run_id])
                for a in articles:
                    # a document coded again first leaves the events it was part of, so they are grouped afresh
                    touched |= self._forget(a.id) if a.id in known else set()
                    status = "rejected" if a.rejection else "coded"
                    documents.append([a.id, content_hash(a.text), a.source, a.url, published_text(a), a.lang,
                                      status, len(a.events), run_id, stored_at, a.text])
                    if a.rejection:
                        r = a.rejection
                        con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
                                    [r.doc_id, r.stage, r.code, r.detail, run_id])
                        continue
                    rows += [mention_row(a, e, self.rules) for e in a.events]
                    candidates += [mention_row(a, e, self.rules) for e in a.candidates]
                self._values("INSERT INTO documents VALUES", documents)
                self._insert_many("candidates", MENTION_COLUMNS, candidates)
                self._insert_many("mentions", MENTION_COLUMNS, rows)
                self._regroup({r["mention_id"] for r in rows}, touched)
                con.execute("COMMIT")
            except BaseException:
                try:
                    con.execute("ROLLBACK")
                except Exception:  # the failure itself ended the transaction (a full disk): keep its own error
                    pass
                raise
        return len(rows)

    def _known(self, doc_ids: list[str]) -> set[str]:
        """Which of these documents the store holds (coded, or rejected when read)."""
        if not doc_ids:
            return set()
        marks = ", ".join("?" * len(doc_ids))
        return {r[0] for r in self.con.execute(
            f"SELECT doc_id FROM documents WHERE doc_id IN ({marks}) UNION "
            f"SELECT doc_id FROM rejections WHERE doc_id IN ({marks})", doc_ids + doc_ids).fetchall()}

    def _forget(self, doc_id: str) -> set[str]:
        """Remove what was stored for a document (before storing it again); returns the stored mentions of other
        documents that shared an event or a link with it."""
        con = self.con
        near = {r[0] for r in con.execute(
            "SELECT o.mention_id FROM mentions m JOIN mentions o ON o.event_id = m.event_id "
            "WHERE m.doc_id = ? AND o.doc_id <> ?", [doc_id, doc_id]).fetchall()}
        near |= {r[0] for r in con.execute(
            "SELECT CASE WHEN l.a = m.mention_id THEN l.b ELSE l.a END FROM links l JOIN mentions m "
            "ON m.mention_id IN (l.a, l.b) WHERE m.doc_id = ?", [doc_id]).fetchall()}
        con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM mentions WHERE doc_id = ?)", [doc_id])
        con.execute("DELETE FROM links WHERE a IN (SELECT mention_id FROM mentions WHERE doc_id = ?) "
                    "OR b IN (SELECT mention_id FROM mentions WHERE doc_id = ?)", [doc_id, doc_id])
        con.execute("DELETE FROM mentions WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM candidates WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM rejections WHERE doc_id = ?", [doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
        return near

    def _values(self, sql: str, rows: list[list], chunk: int = 200) -> None:
        """Run `sql`, which ends in 'VALUES', with many rows: one statement per chunk of rows (duckdb's
        executemany runs one statement per row, which made 60% of a batch's storing time)."""
        for i in range(0, len(rows), chunk):
            part = rows[i:i + chunk]
            marks = "(" + ", ".join("?" * len(part[0])) + ")"
            self.con.execute(f"{sql} {', '.join([marks] * len(part))}", [v for row in part for v in row])

    def _id_table(self, name: str, ids) -> None:
        """A temporary table `name` (id) of these ids, for the queries that join on a set of mentions or events."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (id VARCHAR PRIMARY KEY)")
        self._values(f"INSERT INTO {name} VALUES", [[i] for i in sorted(ids)], chunk=1000)

    def _insert(self, table: str, columns: list[str], row: dict) -> None:
        self._insert_many(table, columns, [row])

    def _insert_many(self, table: str, columns: list[str], rows: list[dict]) -> None:
        self._values(f"INSERT INTO {table} ({', '.join(columns)}) VALUES", [[row.get(c) for c in columns]
                                                                             for row in rows])

    # -- dedup ------------------------------------------------------------------------------------------------
    def _rows(self, mention_ids) -> dict[str, dict]:
        """Stored mentions by id (without their record), each with its document's language (for
        `dedup.words_of`)."""
        if not mention_ids:
            return {}
        self._id_table("wanted", mention_ids)
        cols = [c for c in MENTION_COLUMNS if c != "record"]  # the record is never compared: it is large
        cur = self.con.execute(f"SELECT {', '.join('m.' + c for c in cols)}, d.lang FROM wanted w JOIN mentions m "
                               "ON m.mention_id = w.id JOIN documents d ON d.doc_id = m.doc_id")
        return {r[0]: dict(zip(cols + ["lang"], r)) for r in cur.fetchall()}

    def _candidate_pairs(self, new_ids: set[str], outside: str = "") -> list[tuple[str, str]]:
        """Pairs (new mention, stored or new mention of another document) that may tell one event: same family,
        no two different countries, date windows within `day_tolerance` of each other (undated ones pass). With
        `outside`, only the pairs whose second mention is not in that event, within NEAR_MISS_DAYS."""
        if not new_ids:
            return []
        self._id_table("new_mentions", new_ids)
        slack = NEAR_MISS_DAYS if outside else int(self.rules.day_tolerance)
        where = ("o.event_id IS DISTINCT FROM ?" if outside else
                 "o.mention_id NOT IN (SELECT id FROM new_mentions) OR o.mention_id > n.mention_id")
        return self.con.execute(
            "SELECT n.mention_id, o.mention_id FROM new_mentions x JOIN mentions n ON n.mention_id = x.id "
            "JOIN mentions o ON o.family = n.family AND o.doc_id <> n.doc_id "
            "AND (n.country IS NULL OR o.country IS NULL OR o.country = n.country) "
            "AND (n.day_from IS NULL OR o.day_from IS NULL OR "
            f"(o.day_from <= n.day_to + INTERVAL {slack} DAY AND o.day_to >= n.day_from - INTERVAL {slack} DAY)) "
            f"WHERE {where}", [outside] if outside else []).fetchall()

    def near_misses(self, event_id: str, limit: int = 10) -> list[dict]:
        """The stored mentions of other events that could have joined this one, closest first, each with the
        comparison that decided (`deciding`: the field in conflict, or the one that weighed least) and why."""
        own = {r[0] for r in self.con.execute("SELECT mention_id FROM mentions WHERE event_id = ?",
                                              [event_id]).fetchall()}
        pairs = self._candidate_pairs(own, outside=event_id)
        rows = self._rows(own | {o for _, o in pairs})
        comparisons = {(m, o): compare(rows[m], rows[o], self.rules) for m, o in pairs}

        def compared(m: str, o: str):
            if (m, o) not in comparisons:  # an own mention outside the other's window: the date will conflict
                comparisons[(m, o)] = compare(rows[m], rows[o], self.rules)
            return comparisons[(m, o)]

        best: dict[str, tuple] = {}
        for (m, o), c in comparisons.items():
            key = (c.conflict is None, c.score)
            if o not in best or key > best[o][0]:
                best[o] = (key, m, c)
        out = []
        for o, ((_, score), m, c) in best.items():
            clash = next((x for x in sorted(own) if compared(x, o).conflict), None)
            if c.conflict is None and clash is not None:
                cc = compared(clash, o)
                why = f"{cc.conflict} against {clash}: {cc.parts[cc.conflict].why}"
                deciding = cc.conflict
            elif c.conflict is None and score >= self.rules.threshold:
                why = f"linked (score {score}), but {rows[o]['event_id']} holds it by a better link"
                deciding = "link"
            else:
                deciding = c.deciding()
                ev = c.parts[deciding]
                why = (f"{deciding}: {ev.why}" if c.conflict else
                       f"score {score} < {self.rules.threshold}; weakest {deciding}: {ev.why}")
            out.append({"mention_id": o, "event_id": rows[o]["event_id"], "doc_id": rows[o]["doc_id"],
                        "closest": m, "score": score, "deciding": deciding, "why": why,
                        "comparison": c.as_dict()})
        out.sort(key=lambda x: (x["comparison"]["conflict"] is not None, -x["score"], x["mention_id"]))
        return out[:limit]

    def _component(self, seeds: set[str]) -> tuple[set[str], list[tuple[float, str, str]]]:
        """The mentions connected to the seeds through links, within `rules.window_days` of the seed they were
        reached from (so a town's ten years of reports are not regrouped for each new one), with every mention
        of the events these are in; and the links among them. One recursive query."""
        if not seeds:
            return set(), []
        con, w = self.con, int(self.rules.window_days)
        self._id_table("seeds", seeds)  # (a seed no longer stored drops out in the join with mentions)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE reached AS WITH RECURSIVE reach(id, lo, hi) AS ("
            f"SELECT m.mention_id, m.day_from - INTERVAL {w} DAY, m.day_to + INTERVAL {w} DAY "
            "FROM seeds s JOIN mentions m ON m.mention_id = s.id "
            "UNION SELECT e.y, reach.lo, reach.hi FROM reach JOIN "
            "(SELECT a AS x, b AS y FROM links UNION ALL SELECT b, a FROM links) e ON e.x = reach.id "
            "JOIN mentions n ON n.mention_id = e.y "
            "WHERE reach.lo IS NULL OR n.day_from IS NULL OR (n.day_from <= reach.hi AND n.day_to >= reach.lo)) "
            "SELECT DISTINCT id FROM reach UNION SELECT o.mention_id FROM reach JOIN mentions m ON m.mention_id = "
            "reach.id JOIN mentions o ON o.event_id = m.event_id")
        members = {r[0] for r in con.execute("SELECT id FROM reached").fetchall()}
        links = con.execute("SELECT score, a, b FROM links WHERE a IN (SELECT id FROM reached) "
                            "AND b IN (SELECT id FROM reached)").fetchall()
        return members, [tuple(x) for x in links]

    def _regroup(self, new_ids: set[str], touched: set[str]) -> None:
        """Link the new mentions to the ones they may tell, then regroup the part of the link graph they reach."""
        pairs = self._candidate_pairs(new_ids)
        rows = self._rows(new_ids | {m for p in pairs for m in p})
        comparisons: dict[tuple[str, str], object] = {}

        def compared(x: str, y: str):
            key = (x, y) if x < y else (y, x)
            if key not in comparisons:
                comparisons[key] = compare(rows[key[0]], rows[key[1]], self.rules)
            return comparisons[key]

        links = []
        for x, y in pairs:
            c = compared(x, y)
            if c.conflict is None and c.score >= self.rules.threshold:
                links.append((min(x, y), max(x, y), c.score))
        self._values("INSERT OR REPLACE INTO links VALUES", [list(x) for x in links])
        members, component_links = self._component(new_ids | touched)
        rows.update(self._rows(members - set(rows)))
        root, joined = cluster(sorted(members), component_links, lambda p, q: conflict(p, q, self.rules),
                               profile=lambda m: profile(rows[m]), document=lambda m: rows[m]["doc_id"])
        before: dict[str, set] = {}  # the events as stored: only the ones whose reports changed are rewritten
        for m in members:
            if rows[m].get("event_id"):
                before.setdefault(rows[m]["event_id"], set()).add(m)
        updates, groups = [], {}
        for m in sorted(members):
            row = rows[m]
            event_id, link = new_event_id(root[m]), joined.get(m)
            old = json.loads(row["joined"]) if row.get("joined") else None
            if link is None:
                link_json = None
            elif old and (old["score"], old["a"], old["b"]) == link:
                link_json = row["joined"]
            else:
                link_json = json.dumps({"score": link[0], "a": link[1], "b": link[2],
                                        "comparison": compared(link[1], link[2]).as_dict()}, ensure_ascii=False)
            if (event_id, link_json) != (row.get("event_id"), row.get("joined")):
                updates.append([event_id, link_json, m])
            row["event_id"], row["joined"] = event_id, link_json
            groups.setdefault(event_id, []).append(row)
        changed = {e for e, group in groups.items() if before.get(e) != {r["mention_id"] for r in group}}
        stale = [e for e in before if e in changed or e not in groups]
        if stale:
            self._id_table("stale", stale)
            self.con.execute("DELETE FROM events WHERE event_id IN (SELECT id FROM stale)")
        if updates:
            self.con.execute("CREATE OR REPLACE TEMP TABLE regrouped (event_id VARCHAR, joined JSON, "
                             "mention_id VARCHAR)")
            self._values("INSERT INTO regrouped VALUES", updates)
            self.con.execute("UPDATE mentions SET event_id = r.event_id, joined = r.joined FROM regrouped r "
                             "WHERE mentions.mention_id = r.mention_id")
        self._insert_many("events", EVENT_COLUMNS, [self._event(e, groups[e]) for e in sorted(changed)])

    def _event(self, event_id: str, mentions: list[dict]) -> dict:
        """An event's row, merged from its mentions."""
        merged = merge(mentions)
        merged["event_id"] = event_id
        merged["family"] = mentions[0]["family"]
        days = date_range(merged["date"], merged["time_precision"], self.rules)
        merged["day_from"], merged["day_to"] = days if days else (None, None)
        return merged

    def rebuild_events(self) -> int:
        """Re-run dedup over every stored mention (after changing the rules); returns the number of events."""
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM events")
                con.execute("DELETE FROM links")
                con.execute("UPDATE mentions SET event_id = NULL, joined = NULL")
                ids = {r[0] for r in con.execute("SELECT mention_id FROM mentions").fetchall()}
                self._regroup(ids, set())
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
            "m.trigger_end, m.sentence, m.record, m.mention_id, m.joined FROM mentions m WHERE m.event_id IN "
            f"({', '.join('?' * len(ids))}) ORDER BY m.published, m.doc_id, m.trigger_start", ids)
        by_event: dict[str, list[dict]] = {}
        keys = ["event_id", "doc_id", "source", "published", "sentence_start", "sentence_end", "trigger_start",
                "trigger_end", "sentence", "record", "mention_id", "joined"]
        for r in cur.fetchall():
            m = dict(zip(keys, r))
            m["evidence"] = json.loads(m.pop("record"))["evidence"]
            m["joined"] = json.loads(m["joined"]) if m["joined"] else None
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
        clauses.append(_contains(("actor1", "actor2")))
        params += [str(f["actor"])] * 2
    if f.get("bbox"):
        x0, y0, x1, y1 = [float(v) for v in f["bbox"]]
        clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
        params += [x0, x1, y0, y1]
    if f.get("min_sources"):
        clauses.append("n_sources >= ?")
        params.append(int(f["min_sources"]))
    if f.get("q"):
        clauses.append(_contains(("notes", "actor1", "actor2", "location")))
        params += [str(f["q"])] * 4
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _contains(columns: tuple[str, ...]) -> str:
    """SQL: one of `columns` holds the parameter's text anywhere, whatever the case, taken literally ('q=%' finds
    a '%'). contains() of lowercased text rather than ILIKE with ESCAPE: three times faster on 100,000 events."""
    return "(" + " OR ".join(f"contains(lower({c}), lower(?))" for c in columns) + ")"
