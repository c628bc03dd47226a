"""Output writers: JSON Lines (one event a line), CSV (flat columns), and a terminal table."""
from __future__ import annotations

import csv
import json
from typing import IO

from .model import Event

CSV_COLUMNS = ["event_id", "doc_id", "event_type", "sub_event_type", "plover", "actor1", "inter1", "actor2",
               "inter2", "location", "country", "admin1", "latitude", "longitude", "geo_precision", "date",
               "time_precision", "fatalities", "count", "reported_by", "confidence", "evidence"]


def flat(e: Event) -> dict:
    """One event as a flat row (CSV, table, database)."""
    loc = e.location
    return {
        "event_id": e.event_id, "doc_id": e.doc_id, "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "plover": e.plover or "",
        "actor1": e.actor1.name if e.actor1 else "", "inter1": e.actor1.inter if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else "", "inter2": e.actor2.inter if e.actor2 else None,
        "location": loc.name if loc else "", "country": loc.country if loc else "",
        "admin1": (loc.admin1 or "") if loc else "", "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None, "geo_precision": loc.geo_precision if loc else None,
        "date": e.date or "", "time_precision": e.time_precision, "fatalities": e.fatalities,
        "count": e.count, "reported_by": e.reported_by or "", "confidence": e.confidence,
        "evidence": e.sentence.text.strip(),
    }


class JsonlWriter:
    def __init__(self, out: IO[str]):
        self.out = out

    def write(self, event: Event) -> None:
        self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class CsvWriter:
    def __init__(self, out: IO[str]):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        self.writer.writeheader()

    def write(self, event: Event) -> None:
        self.writer.writerow(flat(event))

    def close(self) -> None:
        self.out.flush()


def table_line(columns: list[tuple[str, int]], row: dict) -> str:
    """One row of a fixed-width table: each value cut or padded to its column's width."""
    return " ".join(("" if row.get(k) is None else str(row.get(k)))[:w].ljust(w) for k, w in columns).rstrip()


def table_head(columns: list[tuple[str, int]], heads: dict[str, str], out: IO[str]) -> None:
    out.write(table_line(columns, {k: heads.get(k, k) for k, _ in columns}) + "\n")
    out.write(" ".join("-" * w for _, w in columns) + "\n")


class TableWriter:
    """A fixed-width table for people reading a terminal."""

    COLUMNS = [("doc_id", 22), ("date", 10), ("sub_event_type", 30), ("actor1", 30), ("actor2", 26),
               ("location", 18), ("admin1", 14), ("country", 3), ("fatalities", 4)]
    HEADS = {"sub_event_type": "event", "fatalities": "dead"}

    def __init__(self, out: IO[str]):
        self.out = out
        self.rows = 0
        table_head(self.COLUMNS, self.HEADS, out)

    def write(self, event: Event) -> None:
        self.out.write(table_line(self.COLUMNS, flat(event)) + "\n")
        self.rows += 1

    def close(self) -> None:
        self.out.flush()


EVENT_TABLE = [("event_id", 18), ("date", 10), ("sub_event_type", 28), ("actor1", 28), ("actor2", 24),
               ("location", 16), ("admin1", 14), ("country", 3), ("fatalities", 4), ("n_sources", 3)]


def event_table(rows: list[dict], out: IO[str]) -> None:
    """Merged events (store rows) as a fixed-width table."""
    table_head(EVENT_TABLE, {"sub_event_type": "event", "fatalities": "dead", "n_sources": "src"}, out)
    for r in rows:
        out.write(table_line(EVENT_TABLE, r) + "\n")
