"""Exports of merged events in formats users load next to their own data.

Every exporter takes the store's merged events (plain dicts, one per real-world event; see `FLAT_COLUMNS` and
`MENTION_FIELDS` for the keys) and a path or an open stream, writes one file, and returns how many events it
wrote. They are registered by name in `EXPORTERS`:

- ``acled-csv``: ACLED's 31 columns, names, order and value formats (see `ACLED_COLUMNS` and `acled_row`).
- ``geojson``: an RFC 7946 FeatureCollection of Points ([longitude, latitude]); events without valid coordinates
  are skipped and the number skipped is logged.
- ``parquet``: the flat fields with proper types, an ``event_date`` DATE column and the mentions as a LIST of
  STRUCT; written by DuckDB, readable by DuckDB, pandas/pyarrow, polars and R's arrow.
- ``plover``: one JSON array of PLOVER-style records (the field names of PLOVER's gold-standard records).
- ``jsonl``: one JSON object a line, every field including the nested mentions.
- ``csv``: the flat fields, with the list fields (sources, reported_by) JSON-encoded in their cells.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import logging
import math
import os
import re
import shutil
import tempfile
import time
from datetime import date as Date
from typing import IO, Any, Callable, Iterable, Iterator

import duckdb
import pycountry

from .errors import Code, ConfigError

log = logging.getLogger(__name__)

# The merged event's scalar and list fields, in output order (everything but the nested mentions).
FLAT_COLUMNS = ["event_id", "event_type", "sub_event_type", "plover", "actor1", "inter1", "actor2", "inter2",
                "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonames_id", "date",
                "time_precision", "fatalities", "fatalities_max", "count", "n_mentions", "n_documents", "n_sources",
                "sources", "reported_by", "notes", "first_published", "confidence"]
LIST_COLUMNS = ("sources", "reported_by")
MENTION_FIELDS = ["doc_id", "source", "published", "sentence_start", "sentence_end", "trigger_start", "trigger_end",
                  "sentence"]

# ACLED's export columns, in ACLED's order (the layout in force since ACLED's March 2023 column changes).
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]

INTER_LABELS = {1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
                5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}

# ACLED's country names where they differ from pycountry's common name.
ACLED_COUNTRY_NAMES = {
    "BHS": "Bahamas", "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Ivory Coast", "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo", "CPV": "Cape Verde", "CZE": "Czech Republic", "FSM": "Micronesia", "GMB": "Gambia",
    "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine",
    "RUS": "Russia", "SWZ": "eSwatini", "SYR": "Syria", "TLS": "East Timor", "TUR": "Turkey", "TWN": "Taiwan",
    "TZA": "Tanzania", "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam", "XKX": "Kosovo",
}

# ACLED's regions (ISO3 members). ACLED's own assignment is followed where known; a few borderline countries
# (Cyprus, Sudan, Madagascar, Angola) are best guesses.
_REGION_MEMBERS = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MUS MYT REU RWA SYC SOM SSD TZA UGA",
    "Southern Africa": "BWA SWZ LSO MWI MOZ NAM ZAF ZMB ZWE",
    "Northern Africa": "DZA EGY LBY MAR TUN SDN ESH",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG JPN MAC MNG PRK KOR TWN",
    "Europe": "ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA XKX LVA LIE LTU LUX "
              "MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK SVN ESP SWE CHE UKR GBR VAT GIB FRO IMN JEY "
              "GGY ALA",
    "North America": "CAN USA BMU GRL SPM",
    "Central America": "MEX BLZ CRI SLV GTM HND NIC PAN",
    "South America": "ARG BOL BRA CHL COL ECU GUF GUY PRY PER SUR URY VEN FLK",
    "Caribbean": "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA LCA MAF VCT "
                 "SXM TTO TCA VIR",
    "Oceania": "ASM AUS COK FJI PYF GUM KIR MHL FSM NRU NCL NZL NIU NFK MNP PLW PNG PCN WSM SLB TKL TON TUV VUT WLF",
    "Antarctica": "ATA",
}
ACLED_REGIONS = {iso3: region for region, members in _REGION_MEMBERS.items() for iso3 in members.split()}

_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
# Event types where civilians as actor 2 are the target of the violence (ACLED's civilian_targeting).
_TARGETING_TYPES = {"Violence against civilians", "Explosions/Remote violence", "Riots"}


# --- field helpers -----------------------------------------------------------------------------------------

def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _one_line(value: Any) -> str:
    """Collapse runs of whitespace (newlines included) so that a cell reads as one line in any tool."""
    return re.sub(r"\s+", " ", _text(value)).strip()


def day_date(value: str | None) -> str | None:
    """The event date as a day: 'YYYY-MM-DD' as is, 'YYYY-MM' as its first day, 'YYYY' as 1 January."""
    if not value:
        return None
    parts = str(value).strip()[:10].split("-")
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    return Date(year, month, day).isoformat()


def time_precision(event: dict) -> int | None:
    """The event's time precision (1 day, 2 week, 3 month); read off the date when the event lacks one."""
    tp = _int(event.get("time_precision"))
    if tp is not None:
        return tp
    d = event.get("date")
    if not d:
        return None
    return 1 if len(str(d)) >= 10 else 3


def coordinates(event: dict) -> tuple[float, float] | None:
    """(longitude, latitude) when both are present, finite and within range, else None."""
    lat, lon = _float(event.get("latitude")), _float(event.get("longitude"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lon, lat


def flat_row(event: dict) -> dict:
    """The event's flat fields (no mentions), typed, lists as lists, missing keys as None."""
    row = {}
    for key in FLAT_COLUMNS:
        v = event.get(key)
        if key in LIST_COLUMNS:
            v = [str(x) for x in (v or [])]
        elif key in ("latitude", "longitude", "confidence"):
            v = _float(v)
        elif key in ("inter1", "inter2", "geo_precision", "geonames_id", "time_precision", "fatalities",
                     "fatalities_max", "count", "n_mentions", "n_documents", "n_sources"):
            v = _int(v)
        row[key] = v
    return row


def mention_rows(event: dict) -> list[dict]:
    """The event's mentions with exactly `MENTION_FIELDS`, offsets as ints."""
    rows = []
    for m in event.get("mentions") or []:
        row = {k: m.get(k) for k in MENTION_FIELDS}
        for k in ("sentence_start", "sentence_end", "trigger_start", "trigger_end"):
            row[k] = _int(row[k])
        rows.append(row)
    return rows


# --- output targets ------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _text_out(target: str | os.PathLike | IO[str]) -> Iterator[IO[str]]:
    """A text stream to write to: a path is opened (UTF-8) and closed; a stream is used as is and left open."""
    if hasattr(target, "write"):
        yield target
        return
    with open(target, "w", encoding="utf-8", newline="") as f:
        yield f


def _json_array(out: IO[str], items: Iterable[dict | None], head: str, tail: str) -> tuple[int, int]:
    """Stream the non-None items as a JSON array between `head` and `tail`; return (written, skipped)."""
    written = skipped = 0
    out.write(head)
    for item in items:
        if item is None:
            skipped += 1
            continue
        out.write((",\n" if written else "") + json.dumps(item, ensure_ascii=False))
        written += 1
    out.write(tail)
    return written, skipped


# --- ACLED CSV -----------------------------------------------------------------------------------------------

def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder category for an event (sub-)type; empty for an unknown type."""
    if sub_event_type in ("Excessive force against protesters", "Excessive force against protestors"):
        return "Political violence; Demonstrations"
    return _DISORDER.get(event_type or "", "")


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's two-digit interaction code: the smaller inter first (1 and 2 -> '12'); one actor alone -> 'X0'."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{codes[0]}0"
    return f"{codes[0]}{codes[1]}"


@functools.lru_cache(maxsize=None)
def country_name(iso3: str | None) -> str:
    """The country's English name as ACLED writes it (pycountry's common name otherwise)."""
    if not iso3:
        return ""
    if iso3 in ACLED_COUNTRY_NAMES:
        return ACLED_COUNTRY_NAMES[iso3]
    c = pycountry.countries.get(alpha_3=iso3)
    return (getattr(c, "common_name", None) or c.name) if c else ""


@functools.lru_cache(maxsize=None)
def iso_numeric(iso3: str | None) -> str:
    """ISO 3166-1 numeric code without leading zeros (ACLED's `iso`), empty when unknown."""
    c = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return str(int(c.numeric)) if c else ""


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def acled_row(event: dict, timestamp: int) -> dict:
    """One merged event as an ACLED row (every value a string, ACLED's formats).

    Values ACLED always fills but we may not know: `fatalities` is 0 when no toll was reported (ACLED's own
    convention for "no report"; our `fatalities` field keeps the null), `inter2` is 0 without a second actor.
    A month-precision date becomes the first day of that month with time_precision 3.
    """
    e = flat_row(event)
    iso3 = (e["country"] or "").upper() or None
    event_date = day_date(e["date"])
    inter1, inter2 = e["inter1"], e["inter2"]
    has_actor = bool(e["actor1"] or e["actor2"] or inter1 or inter2)
    targeting = inter2 == 7 and e["event_type"] in _TARGETING_TYPES
    sources = list(e["sources"])
    sources += [s for s in e["reported_by"] if s not in sources]
    tags = ""
    if e["event_type"] in ("Protests", "Riots") and e["count"] is not None:
        tags = f"crowd size={e['count']}"
    coords = coordinates(event)
    return {
        "event_id_cnty": f"{iso3 or ''}{e['event_id'] or ''}",
        "event_date": event_date or "",
        "year": event_date[:4] if event_date else "",
        "time_precision": _text(time_precision(event)),
        "disorder_type": disorder_type(e["event_type"], e["sub_event_type"]),
        "event_type": _text(e["event_type"]),
        "sub_event_type": _text(e["sub_event_type"]),
        "actor1": _text(e["actor1"]),
        "assoc_actor_1": "",
        "inter1": str(inter1 or 0) if has_actor else "",
        "actor2": _text(e["actor2"]),
        "assoc_actor_2": "",
        "inter2": str(inter2 or 0) if has_actor else "",
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targeting else "",
        "iso": iso_numeric(iso3),
        "region": ACLED_REGIONS.get(iso3 or "", ""),
        "country": country_name(iso3),
        "admin1": _text(e["admin1"]),
        "admin2": "",
        "admin3": "",
        "location": _text(e["location"]),
        "latitude": _coordinate(coords[1] if coords else None),
        "longitude": _coordinate(coords[0] if coords else None),
        "geo_precision": _text(e["geo_precision"]),
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": _one_line(e["notes"]),
        "fatalities": str(e["fatalities"] or 0),
        "tags": tags,
        "timestamp": str(timestamp),
    }


def write_acled_csv(events: Iterable[dict], target: str | os.PathLike | IO[str], *,
                    timestamp: int | None = None) -> int:
    """Write an ACLED-compatible CSV (ACLED's columns and formats, UTF-8, header row); return the rows written."""
    stamp = int(time.time()) if timestamp is None else int(timestamp)
    n = 0
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for event in events:
            writer.writerow(acled_row(event, stamp))
            n += 1
    return n


# --- GeoJSON -------------------------------------------------------------------------------------------------

def geojson_feature(event: dict) -> dict | None:
    """A GeoJSON Point Feature with the flat fields as properties; None without valid coordinates."""
    coords = coordinates(event)
    if coords is None:
        return None
    props = flat_row(event)
    return {"type": "Feature", "id": props["event_id"],
            "geometry": {"type": "Point", "coordinates": [coords[0], coords[1]]},
            "properties": props}


def write_geojson(events: Iterable[dict], target: str | os.PathLike | IO[str]) -> int:
    """Write a GeoJSON FeatureCollection of the located events; return the features written.

    Events without valid coordinates cannot be placed on a map: they are skipped and counted in a log line.
    """
    with _text_out(target) as out:
        written, skipped = _json_array(out, (geojson_feature(e) for e in events),
                                       '{"type": "FeatureCollection", "features": [\n', "\n]}\n")
    if skipped:
        log.info("GeoJSON export: %d event(s) without coordinates skipped, %d written", skipped, written)
    return written


# --- Parquet -------------------------------------------------------------------------------------------------

_MENTION_TYPE = ("STRUCT(doc_id VARCHAR, source VARCHAR, published VARCHAR, sentence_start INTEGER, "
                 "sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER, sentence VARCHAR)[]")
PARQUET_TYPES = {
    "event_id": "VARCHAR", "event_type": "VARCHAR", "sub_event_type": "VARCHAR", "plover": "VARCHAR",
    "actor1": "VARCHAR", "inter1": "INTEGER", "actor2": "VARCHAR", "inter2": "INTEGER", "country": "VARCHAR",
    "admin1": "VARCHAR", "location": "VARCHAR", "latitude": "DOUBLE", "longitude": "DOUBLE",
    "geo_precision": "INTEGER", "geonames_id": "BIGINT", "date": "VARCHAR", "event_date": "DATE",
    "time_precision": "INTEGER", "fatalities": "INTEGER", "fatalities_max": "INTEGER", "count": "INTEGER",
    "n_mentions": "INTEGER", "n_documents": "INTEGER", "n_sources": "INTEGER", "sources": "VARCHAR[]",
    "reported_by": "VARCHAR[]", "notes": "VARCHAR", "first_published": "VARCHAR", "confidence": "DOUBLE",
    "mentions": _MENTION_TYPE,
}
# `date` keeps the coded precision ('YYYY-MM' stays so); `event_date` is the day ACLED would use.
PARQUET_COLUMNS = FLAT_COLUMNS[:FLAT_COLUMNS.index("date") + 1] + ["event_date"] + \
    FLAT_COLUMNS[FLAT_COLUMNS.index("date") + 1:] + ["mentions"]


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def write_parquet(events: Iterable[dict], target: str | os.PathLike | IO[bytes]) -> int:
    """Write a Parquet file (flat fields, `event_date` DATE, mentions as LIST<STRUCT>); return the rows written.

    DuckDB writes it from a temporary JSON Lines file read with explicit column types, so no pyarrow is needed.
    A binary stream target gets the file's bytes.
    """
    if isinstance(target, io.TextIOBase):
        raise TypeError("Parquet is binary: pass a path or a stream opened in binary mode")
    with tempfile.TemporaryDirectory(prefix="wirecoder-parquet-") as tmp:
        rows_path = os.path.join(tmp, "rows.jsonl")
        n = 0
        with open(rows_path, "w", encoding="utf-8") as f:
            for event in events:
                row = flat_row(event)
                row["event_date"] = day_date(row["date"])
                row["mentions"] = mention_rows(event)
                f.write(json.dumps({k: row[k] for k in PARQUET_COLUMNS}, ensure_ascii=False) + "\n")
                n += 1
        out_path = os.path.join(tmp, "events.parquet") if hasattr(target, "write") else os.fspath(target)
        columns = "{" + ", ".join(f"{_sql_string(k)}: {_sql_string(PARQUET_TYPES[k])}" for k in PARQUET_COLUMNS) + "}"
        select = ", ".join(f'"{k}"' for k in PARQUET_COLUMNS)
        con = duckdb.connect()
        try:
            con.execute(
                f"COPY (SELECT {select} FROM read_json({_sql_string(rows_path)}, format = 'newline_delimited', "
                f"columns = {columns})) TO {_sql_string(out_path)} (FORMAT parquet, COMPRESSION snappy)")
        finally:
            con.close()
        if hasattr(target, "write"):
            with open(out_path, "rb") as f:
                shutil.copyfileobj(f, target)
    return n


# --- PLOVER --------------------------------------------------------------------------------------------------

def _plover_actor(name: str | None, inter: int | None) -> list[dict]:
    if not name:
        return []
    return [{"actorText": name, "name": name, "agent": INTER_LABELS.get(inter, ""), "inter": inter}]


def _event_text(event: dict) -> str:
    """The trigger words of the first mention whose offsets fall inside its sentence."""
    for m in mention_rows(event):
        s0, t0, t1, sentence = m["sentence_start"], m["trigger_start"], m["trigger_end"], m["sentence"]
        if None in (s0, t0, t1) or not sentence:
            continue
        if 0 <= t0 - s0 < t1 - s0 <= len(sentence):
            return sentence[t0 - s0:t1 - s0]
    return ""


def plover_record(event: dict, coded: str) -> dict | None:
    """One event as a PLOVER-style record (None when it has no PLOVER category).

    Field names follow PLOVER's gold-standard records (id, date, event, mode, context, source, target, eventText,
    text); `dead` and `size` are PLOVER's magnitude fields; agent types are ACLED's inter labels; `location`,
    `timePrecision`, `fatalitiesMax`, `reportedBy` and `publication` are wirecoder extensions.
    """
    e = flat_row(event)
    if not e["plover"]:
        return None
    coords = coordinates(event)
    return {
        "id": e["event_id"],
        "date": e["date"] or "",
        "timePrecision": time_precision(event),
        "event": e["plover"],
        "eventText": _event_text(event),
        "mode": "",
        "context": "",
        "source": _plover_actor(e["actor1"], e["inter1"]),
        "target": _plover_actor(e["actor2"], e["inter2"]),
        "dead": e["fatalities"],
        "fatalitiesMax": e["fatalities_max"],
        "size": e["count"],
        "location": {"placeName": e["location"] or "", "admin1": e["admin1"] or "", "countryCode": e["country"] or "",
                     "lat": coords[1] if coords else None, "lon": coords[0] if coords else None,
                     "geonamesID": e["geonames_id"], "geoPrecision": e["geo_precision"]},
        "text": _one_line(e["notes"]),
        "publication": "; ".join(e["sources"]),
        "reportedBy": e["reported_by"],
        "coder": "wirecoder",
        "dateCoded": coded,
    }


def write_plover(events: Iterable[dict], target: str | os.PathLike | IO[str]) -> int:
    """Write one JSON array of PLOVER-style records; events without a PLOVER category are left out."""
    coded = Date.today().isoformat()
    with _text_out(target) as out:
        written, skipped = _json_array(out, (plover_record(e, coded) for e in events), "[\n", "\n]\n")
    if skipped:
        log.info("PLOVER export: %d event(s) without a PLOVER category skipped, %d written", skipped, written)
    return written


# --- JSON Lines and plain CSV --------------------------------------------------------------------------------

def write_jsonl(events: Iterable[dict], target: str | os.PathLike | IO[str]) -> int:
    """Write one JSON object a line: the flat fields plus the nested mentions."""
    n = 0
    with _text_out(target) as out:
        for event in events:
            row = flat_row(event)
            row["mentions"] = mention_rows(event)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(events: Iterable[dict], target: str | os.PathLike | IO[str]) -> int:
    """Write the flat fields as CSV; list fields are JSON arrays in their cells, unknowns are empty cells."""
    n = 0
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for event in events:
            row = flat_row(event)
            for key in LIST_COLUMNS:
                row[key] = json.dumps(row[key], ensure_ascii=False)
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            n += 1
    return n


EXPORTERS: dict[str, Callable[..., int]] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
    "plover": write_plover,
    "jsonl": write_jsonl,
    "csv": write_csv,
}


def exporter(name: str) -> Callable[..., int]:
    """The exporter registered under `name`; a ConfigError names the known formats otherwise."""
    if name not in EXPORTERS:
        raise ConfigError(Code.E204, name="format", value=name, reason="known formats: " + ", ".join(EXPORTERS))
    return EXPORTERS[name]


def export(events: Iterable[dict], fmt: str, target: str | os.PathLike | IO) -> int:
    """Write `events` in format `fmt` to `target` (a path or an open stream); return the records written."""
    return exporter(fmt)(events, target)
