"""The API's read queries over the store: events (a page, a count, a histogram), one event with its reports,
one document.

They read through DuckDB cursors of the store's connection, one per server thread (a DuckDB connection must
not be shared across threads); writes stay with the `Store` gateway. The WHERE clause comes from
`wirecoder.store.event_filters`, so the API filters exactly as `wirecoder events` does. Events are returned with
the flat fields and values of `wirecoder.exports.flat_row` (no mentions), and as GeoJSON as
`wirecoder.exports.geojson_feature` makes them; DuckDB writes that JSON itself.
"""
from __future__ import annotations

import calendar
import json
import re
import threading
from dataclasses import dataclass

from ..exports import FLAT_COLUMNS
from ..store import Store, event_filters
from .errors import ApiError, HttpCode

# Sort keys of GET /api/events; event_id breaks ties so that pages are stable.
ORDER = {
    "date": "date ASC NULLS LAST, event_id",
    "-date": "date DESC NULLS LAST, event_id",
    "fatalities": "fatalities DESC NULLS LAST, event_id",
    "sources": "n_sources DESC, n_mentions DESC, event_id",
}
MAX_LIMIT = 5000
MAX_OFFSET = 10**12  # beyond any store; larger values (2**63) would overflow the database's integer
LATE_ROWS_AFTER = 1000  # from this offset on, a page is sorted by id first and its rows read after
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _flat_value(column: str) -> str:
    """SQL for one flat field with `exports.flat_row`'s values: lists never null, no NaN or infinite floats."""
    if column in ("latitude", "longitude", "confidence"):
        return f'CASE WHEN isfinite("{column}") THEN "{column}" END'
    if column in ("sources", "reported_by"):
        return f'coalesce("{column}", []::VARCHAR[])'
    return f'"{column}"'


def flat_struct(fields: list[str] | None = None) -> str:
    """A DuckDB struct of the flat fields (all, or event_id and `fields`), in `FLAT_COLUMNS` order."""
    wanted = set(fields or FLAT_COLUMNS) | {"event_id"}
    return "{" + ", ".join(f"'{c}': {_flat_value(c)}" for c in FLAT_COLUMNS if c in wanted) + "}"


def geojson_struct(properties: str) -> str:
    """A GeoJSON Point Feature as `exports.geojson_feature` makes it, NULL without valid coordinates."""
    valid = ("isfinite(latitude) AND isfinite(longitude) AND latitude BETWEEN -90 AND 90 "
             "AND longitude BETWEEN -180 AND 180")
    return (f"CASE WHEN {valid} THEN {{'type': 'Feature', 'id': event_id, 'geometry': {{'type': 'Point', "
            f"'coordinates': [longitude, latitude]}}, 'properties': {properties}}} END")


def period_bound(value: str, end: bool, name: str) -> str:
    """'2019', '2019-07' or '2019-07-23' as the first (or, with `end`, the last) day of that period."""
    m = _PERIOD.fullmatch(value.strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if day:
            calendar.weekday(year, int(month), int(day))  # raises on 2019-02-30
            return f"{year:04d}-{int(month):02d}-{int(day):02d}"
        if month:
            mo = int(month)
            last = calendar.monthrange(year, mo)[1]  # raises on month 13
            return f"{year:04d}-{mo:02d}-{last if end else 1:02d}"
        return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
    except ValueError:
        raise ApiError.of(HttpCode.H422, reason=f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}") \
            from None


def parse_fields(value: str) -> list[str]:
    """'event_id,latitude,longitude' as a list of flat fields, checked."""
    fields = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in fields if f not in FLAT_COLUMNS]
    if unknown or not fields:
        raise ApiError.of(HttpCode.H422, reason=f"fields: unknown {', '.join(map(repr, unknown)) or 'empty list'}; "
                                               f"known: {', '.join(FLAT_COLUMNS)}")
    return fields


def parse_bbox(value: str) -> list[float]:
    """'min_lon,min_lat,max_lon,max_lat' as four floats, checked."""
    try:
        box = [float(x) for x in value.split(",")]
    except ValueError:
        box = []
    if len(box) != 4 or any(x != x for x in box):
        raise ApiError.of(HttpCode.H422, reason=f"bbox: expected min_lon,min_lat,max_lon,max_lat, got {value!r}")
    x0, y0, x1, y1 = box
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise ApiError.of(HttpCode.H422, reason="bbox: needs -180 <= min_lon <= max_lon <= 180 and "
                                               f"-90 <= min_lat <= max_lat <= 90, got {value!r}")
    return box


@dataclass(frozen=True)
class EventFilters:
    """The filters of GET /api/events and /api/stats, already checked (see `event_filters` for the keys)."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_sources: int | None = None
    q: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


class Reader:
    """Read queries on one store, each server thread with its own DuckDB cursor."""

    def __init__(self, store: Store):
        self.store = store
        self._root = store.con.cursor()  # only spawns cursors, so the writer's connection is never touched here
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cursors = []

    def cursor(self):
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            with self._lock:
                cur = self._root.cursor()
                self._cursors.append(cur)
            self._local.cursor = cur
        return cur

    def close(self) -> None:
        with self._lock:
            for cur in self._cursors + [self._root]:
                try:
                    cur.close()
                except Exception:  # already closed with the database: nothing left to release
                    pass
            self._cursors = []

    # -- events -------------------------------------------------------------------------------------------------
    def page(self, filters: EventFilters, limit: int = 100, offset: int = 0, sort: str = "date",
             fields: list[str] | None = None, geojson: bool = False) -> tuple[str, int, int | None]:
        """One page of flat events as the text of a JSON array, the number of events in the page, and the number
        of matching events when the page's query told it (else None: `count`). The array holds the events, or
        with `geojson` the located ones as Point features; only `fields` (and event_id) when given.

        DuckDB writes the JSON (four times faster than Python objects for a page of 5,000 events)."""
        where, params = event_filters(filters.as_dict())
        record = flat_struct(fields)
        item = geojson_struct(record) if geojson else record
        page = f"ORDER BY {ORDER[sort]} LIMIT {int(limit)} OFFSET {int(offset)}"
        cur = self.cursor()
        total = None
        if offset < LATE_ROWS_AFTER and (filters.q or filters.actor):
            # a text search costs more than the rest of the query: the page and the count from one scan (twice
            # as fast; with cheap filters, counting apart is faster)
            rows = cur.execute(f"SELECT to_json({item}), n FROM (SELECT *, count(*) OVER () AS n FROM events "
                               f"{where} {page}) ORDER BY {ORDER[sort]}", params).fetchall()
            total = rows[0][1] if rows else None
        elif offset < LATE_ROWS_AFTER:
            # the page first, then its JSON: a projection next to ORDER BY would be computed for every row
            rows = cur.execute(f"SELECT to_json({item}) FROM (SELECT * FROM events {where} {page}) "
                               f"ORDER BY {ORDER[sort]}", params).fetchall()
        else:
            # a deep page: sort the ids alone, then read the page's rows (sorting whole rows costs twice as much)
            ids = [r[0] for r in cur.execute(f"SELECT event_id FROM events {where} {page}", params).fetchall()]
            rank = {event_id: i for i, event_id in enumerate(ids)}
            found = cur.execute(f"SELECT event_id, to_json({item}) FROM events WHERE event_id IN "
                                "(SELECT unnest(?))", [ids]).fetchall()
            rows = [r[1:] for r in sorted(found, key=lambda r: rank[r[0]])]
        return "[" + ",".join(r[0] for r in rows if r[0] is not None) + "]", len(rows), total

    def count(self, filters: EventFilters) -> int:
        where, params = event_filters(filters.as_dict())
        return self.cursor().execute(f"SELECT count(*) FROM events {where}", params).fetchone()[0]

    def stats(self, filters: EventFilters) -> dict:
        """Counts of the matching events by type, country and month (one scan, grouping sets)."""
        where, params = event_filters(filters.as_dict())
        sql = ("SELECT GROUPING(event_type, country, month) AS g, event_type, country, month, count(*) AS n, "
               "sum(fatalities) FROM (SELECT event_type, country, fatalities, "
               f"CASE WHEN length(date) >= 7 THEN left(date, 7) END AS month FROM events {where}) "
               "GROUP BY GROUPING SETS ((event_type), (country), (month), ()) ORDER BY n DESC, 2, 3, 4")
        out = {"total": 0, "fatalities": 0, "by_type": {}, "by_country": {}, "by_month": {}}
        months = {}
        for g, event_type, country, month, n, dead in self.cursor().execute(sql, params).fetchall():
            if g == 0b111:
                out["total"], out["fatalities"] = n, int(dead or 0)
            elif g == 0b011 and event_type is not None:
                out["by_type"][event_type] = n
            elif g == 0b101 and country is not None:
                out["by_country"][country] = n
            elif g == 0b110 and month is not None:
                months[month] = n
        out["by_month"] = dict(sorted(months.items()))
        return out

    def event(self, event_id: str) -> dict | None:
        """One flat event with its reports: sentence, evidence offsets (into the document's text), document."""
        row = self.cursor().execute(f"SELECT to_json({flat_struct()}) FROM events WHERE event_id = ?",
                                    [event_id]).fetchone()
        if row is None:
            return None
        event = json.loads(row[0])
        cur = self.cursor().execute(
            "SELECT m.mention_id, m.doc_id, m.source, m.published, m.sentence_start, m.sentence_end, m.sentence, "
            "m.trigger_start, m.trigger_end, m.record, d.text, d.url, d.source, d.published, m.joined "
            "FROM mentions m LEFT JOIN documents d ON d.doc_id = m.doc_id WHERE m.event_id = ? "
            "ORDER BY m.published NULLS LAST, m.doc_id, m.trigger_start", [event_id])
        event["mentions"] = [_mention(r) for r in cur.fetchall()]
        return event

    # -- documents ------------------------------------------------------------------------------------------------
    def document(self, doc_id: str) -> dict | None:
        """One stored document with the events it reports (in text order) and its rejection if it has one."""
        cur = self.cursor()
        cols = ["doc_id", "text", "source", "url", "published", "lang", "status"]
        row = cur.execute(f"SELECT {', '.join(cols)} FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        if row is None:
            return None
        doc = dict(zip(cols, row))
        doc["events"] = [r[0] for r in cur.execute(
            "SELECT event_id FROM mentions WHERE doc_id = ? AND event_id IS NOT NULL GROUP BY event_id "
            "ORDER BY min(trigger_start), event_id", [doc_id]).fetchall()]
        rej = cur.execute("SELECT stage, code, detail FROM rejections WHERE doc_id = ?", [doc_id]).fetchone()
        doc["rejection"] = dict(zip(["stage", "code", "detail"], rej)) if rej else None
        return doc


def _mention(r: tuple) -> dict:
    (mention_id, doc_id, source, published, s_start, s_end, sentence, t_start, t_end, record, text, url,
     doc_source, doc_published, joined) = r
    coded = json.loads(record) if record else {}
    evidence = coded.pop("evidence", {}) or {}
    coded.pop("sentence", None)
    return {
        "mention_id": mention_id, "doc_id": doc_id, "source": source, "published": published,
        "sentence_start": s_start, "sentence_end": s_end, "sentence": sentence,
        "trigger_start": t_start, "trigger_end": t_end,
        "evidence": evidence,
        "coded": coded,  # this report's own reading (its toll, its place...), before the merge
        "joined": json.loads(joined) if joined else None,  # the link that brought this report into the event
        "document": {"doc_id": doc_id, "text": text, "url": url, "source": doc_source, "published": doc_published},
    }
