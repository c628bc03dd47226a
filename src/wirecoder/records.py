"""Coded records: one article's text, metadata, rejection and coded events as plain data, and back.

A record holds everything the store needs, so coding can run anywhere (other processes, a Dask cluster) and
storing stays with the store's single writer: `wirecoder code --format records` writes them as JSON Lines,
`wirecoder code --dask ... -o DIR/` as Parquet files, and `wirecoder load` stores them as `ingest` would.

    {"id", "text", "published", "published_precision", "source", "url", "lang",
     "rejection": {"doc_id", "stage", "code", "detail"} | null,
     "events": [event, ...], "candidates": [event, ...]}

An event is `Event.to_dict()` with the actors' spans, the place's feature and population, and the signals its
confidence rests on. A document rejected when read has only `id` and `rejection` (its `text` is null).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import Code
from .model import Actor, Article, Event, Place, Rejection, Span

# The columns of a Parquet file of records; events, candidates and rejection are JSON text.
PARQUET_COLUMNS = ("id", "text", "published", "published_precision", "source", "url", "lang", "rejection",
                   "events", "candidates")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".parquet")


# -- to records ---------------------------------------------------------------------------------------------------

def _span(s: Span | None) -> dict | None:
    return s.to_dict() if s is not None else None


def _actor(a: Actor | None) -> dict | None:
    return None if a is None else {**a.to_dict(), "span": _span(a.span)}


def _place(p: Place | None) -> dict | None:
    return None if p is None else {**p.to_dict(), "feature": p.feature, "population": p.population,
                                   "span": _span(p.span)}


def event_record(e: Event) -> dict:
    """An event as plain data, with all it holds (`Event.to_dict` leaves out spans and signals)."""
    return {**e.to_dict(), "actor1": _actor(e.actor1), "actor2": _actor(e.actor2), "location": _place(e.location),
            "signals": dict(e.signals)}


def article_record(item: Article | Rejection) -> dict:
    """One coded article (or a document rejected when read) as a record."""
    if isinstance(item, Rejection):
        return {"id": item.doc_id, "text": None, "published": None, "published_precision": None, "source": None,
                "url": None, "lang": None, "rejection": item.to_dict(), "events": [], "candidates": []}
    a = item
    return {"id": a.id, "text": a.text, "published": a.published.isoformat() if a.published else None,
            "published_precision": a.published_precision, "source": a.source, "url": a.url, "lang": a.lang,
            "rejection": a.rejection.to_dict() if a.rejection else None,
            "events": [event_record(e) for e in a.events], "candidates": [event_record(e) for e in a.candidates]}


# -- from records -------------------------------------------------------------------------------------------------

def _span_of(d: dict | None) -> Span | None:
    return None if d is None else Span(int(d["start"]), int(d["end"]), d["text"])


def _actor_of(d: dict | None) -> Actor | None:
    if d is None:
        return None
    return Actor(d["name"], d.get("text") or "", d.get("inter"), d.get("country"), _span_of(d.get("span")))


def _place_of(d: dict | None) -> Place | None:
    if d is None:
        return None
    return Place(d["name"], d.get("country"), d.get("admin1"), d.get("lat"), d.get("lon"), d.get("geonames_id"),
                 d.get("feature") or "city", d.get("population") or 0, d.get("geo_precision") or 1,
                 d.get("text") or "", _span_of(d.get("span")))


def event_of(d: dict) -> Event:
    return Event(d["event_id"], d["doc_id"], d["event_type"], d["sub_event_type"], d.get("plover"),
                 _actor_of(d.get("actor1")), _actor_of(d.get("actor2")), _place_of(d.get("location")), d.get("date"),
                 d.get("time_precision"), d.get("date_text"), d.get("fatalities"), d.get("count"),
                 d.get("reported_by"), {k: _span_of(v) for k, v in (d.get("evidence") or {}).items()},
                 _span_of(d["sentence"]), float(d["confidence"]), dict(d.get("signals") or {}))


def article_of(rec: dict, origin: str = "records") -> Article | Rejection:
    """The article a record describes (a document rejected when read comes back as its Rejection). A record that
    is not one is a Rejection with code E106, so that one bad line never stops a load."""
    rid = str(rec.get("id")) if isinstance(rec, dict) and rec.get("id") is not None else origin
    try:
        rej = rec.get("rejection")
        rejection = Rejection(rej["doc_id"], rej["stage"], rej["code"], rej["detail"]) if rej else None
        if rec.get("text") is None:
            if rejection is None:
                raise ValueError("a record without text must carry its rejection")
            return rejection
        published = rec.get("published")
        a = Article(str(rec["id"]), rec["text"], date.fromisoformat(published) if published else None,
                    rec.get("published_precision"), rec.get("source"), rec.get("url"), rec.get("lang"))
        a.rejection = rejection
        a.events = [event_of(e) for e in rec.get("events") or ()]
        a.candidates = [event_of(e) for e in rec.get("candidates") or ()]
        return a
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        return Rejection(rid, "load", Code.E107.name, Code.E107.format(origin=origin, reason=f"{type(e).__name__}: {e}"))


# -- files ----------------------------------------------------------------------------------------------------------

def parquet_row(rec: dict) -> dict:
    """A record as one row of a Parquet file of records (nested parts as JSON text)."""
    row = {k: rec.get(k) for k in PARQUET_COLUMNS}
    for k in ("rejection", "events", "candidates"):
        row[k] = json.dumps(rec.get(k), ensure_ascii=False)
    return row


def write_parquet(records: Iterable[dict], path: str | Path) -> int:
    """Write records to one Parquet file (written to a temporary name, then renamed: a reader never sees half a
    file); returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [parquet_row(r) for r in records]
    schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("published", pa.string()),
                        ("published_precision", pa.int64()), ("source", pa.string()), ("url", pa.string()),
                        ("lang", pa.string()), ("rejection", pa.string()), ("events", pa.string()),
                        ("candidates", pa.string())])
    table = pa.Table.from_pylist(rows, schema=schema)
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    pq.write_table(table, tmp)
    tmp.replace(path)
    return len(rows)


def _parquet_records(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    f = pq.ParquetFile(path)
    for batch in f.iter_batches(batch_size=256):
        for row in batch.to_pylist():
            for k in ("rejection", "events", "candidates"):
                row[k] = json.loads(row[k]) if row.get(k) else None
            yield row


def record_files(paths: Iterable[str]) -> list[Path]:
    """The record files under `paths` (files, or directories searched recursively), in name order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(c for c in p.rglob("*") if c.is_file() and c.suffix.lower() in RECORD_SUFFIXES)
        else:
            out.append(p)
    return out


def read_records(paths: Iterable[str]) -> Iterator[Article | Rejection]:
    """Stream the articles of record files (JSON Lines or Parquet); a bad line or an unreadable file is a
    Rejection, and reading goes on."""
    for path in record_files(paths):
        origin = str(path)
        try:
            if path.suffix.lower() == ".parquet":
                for n, rec in enumerate(_parquet_records(path), 1):
                    yield article_of(rec, f"{origin} row {n}")
                continue
            with open(path, encoding="utf-8-sig") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except (json.JSONDecodeError, RecursionError) as e:
                        yield Rejection(f"{path.name}:{n}", "load", Code.E107.name,
                                        Code.E107.format(origin=f"{origin} line {n}", reason=str(e)[:200]))
                        continue
                    yield article_of(rec, f"{origin} line {n}")
        except Exception as e:  # OSError, UnicodeDecodeError, pyarrow's ArrowInvalid: the file is lost, not the run
            first = (str(e).strip().splitlines() or [""])[0][:200]
            yield Rejection(path.name, "load", Code.E107.name, Code.E107.format(origin=origin, reason=first))


def count_records(paths: Iterable[str]) -> int:
    """How many records the files under `paths` hold (non-empty lines; Parquet rows from the files' metadata),
    read without parsing them: the total of `load`'s progress line."""
    n = 0
    for path in record_files(paths):
        try:
            if path.suffix.lower() == ".parquet":
                import pyarrow.parquet as pq

                n += pq.ParquetFile(path).metadata.num_rows
            else:
                with open(path, "rb") as f:
                    n += sum(1 for line in f if line.strip())
        except Exception:  # unreadable: read_records reports it
            n += 1
    return n
