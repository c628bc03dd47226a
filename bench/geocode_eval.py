"""Toponym resolution on gold spans: GeoWebNews and LGL (../shared/data/dev/geo/), through the same function as
``wirecoder geocode`` (`wirecoder.geo.geocode.geocode_records`).

    .venv/bin/python bench/geocode_eval.py [--data DIR] [--errors N] [--only gwn|lgl]

Prints, per dataset: toponyms scored, accuracy within 161 km (100 miles), median error, exact GeoNames id
matches where the gold has an id, toponyms the resolver left unresolved (counted wrong), and toponyms/s on one
core (the gazetteer loaded beforehand). Scored toponyms are those with gold coordinates whose offsets match
the text. --errors N prints N wrong resolutions per dataset for inspection.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from wirecoder.geo.gazetteer import Gazetteer
from wirecoder.geo.geocode import geocode_records

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "geo"
KM_OK = 161.0
NO_ANSWER_KM = 20_038.0  # half the Earth's circumference: an unresolved toponym is as wrong as can be


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def read_gwn(path: Path) -> tuple[list[dict], dict, int]:
    """GeoWebNews: <article><text/><toponyms><toponym><start/><end/><geonamesID/><latitude/><longitude/>."""
    docs, gold, skipped = [], {}, 0
    for art in ET.parse(path).getroot().iter("article"):
        doc_id, text = art.get("file"), art.findtext("text") or ""
        spans = []
        for t in art.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue  # non-locational or unannotated
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if s < 0 or text[s:e] != t.findtext("extractedName"):
                skipped += 1
                continue
            gid = t.findtext("geonamesID")
            spans.append({"start": s, "end": e})
            gold[(doc_id, s, e)] = (float(lat), float(lon), int(gid) if gid else None, text[s:e])
        docs.append({"id": doc_id, "text": text, "toponyms": spans})
    return docs, gold, skipped


def read_lgl(path: Path) -> tuple[list[dict], dict, int]:
    """LGL: <article docid><text/><toponyms><toponym><start/><end/><phrase/><gaztag geonameid><lat/><lon/>."""
    docs, gold, skipped = [], {}, 0
    for art in ET.parse(path).getroot().iter("article"):
        doc_id, text = art.get("docid"), art.findtext("text") or ""
        spans = []
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            if tag is None or not tag.findtext("lat"):
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if text[s:e] != t.findtext("phrase"):
                skipped += 1
                continue
            spans.append({"start": s, "end": e})
            gid = tag.get("geonameid")
            gold[(doc_id, s, e)] = (float(tag.findtext("lat")), float(tag.findtext("lon")),
                                    int(gid) if gid else None, text[s:e])
        docs.append({"id": doc_id, "text": text, "toponyms": spans})
    return docs, gold, skipped


def evaluate(name: str, docs: list[dict], gold: dict, skipped: int, show_errors: int) -> dict:
    t0 = time.process_time()
    rows = list(geocode_records(docs))
    seconds = time.process_time() - t0
    errors, exact, with_id, unresolved, wrong = [], 0, 0, 0, []
    for r in rows:
        key = (r["id"], r["start"], r["end"])
        glat, glon, gid, surface = gold[key]
        if r["lat"] is None:
            unresolved += 1
            d = NO_ANSWER_KM
        else:
            d = km(glat, glon, r["lat"], r["lon"])
        errors.append(d)
        if gid is not None:
            with_id += 1
            exact += r["geonames_id"] == gid
        if d > KM_OK:
            wrong.append((surface, r["name"], r["country"], r["admin1"], round(d), r["id"]))
    n = len(errors)
    acc = sum(d <= KM_OK for d in errors) / n if n else 0.0
    print(f"{name}: {n} toponyms ({skipped} skipped: offsets do not match the text)")
    print(f"  accuracy@161km  {acc:.3f}")
    print(f"  median error    {statistics.median(errors):.1f} km")
    print(f"  exact id        {exact / with_id if with_id else 0:.3f} ({exact}/{with_id} with a gold GeoNames id)")
    print(f"  unresolved      {unresolved} (counted wrong)")
    print(f"  speed           {n / seconds:,.0f} toponyms/s ({seconds:.2f} s CPU)")
    if show_errors:
        random.Random(0).shuffle(wrong)
        for w in wrong[:show_errors]:
            print("   x", w)
    return {"n": n, "acc": acc, "exact": exact, "with_id": with_id, "unresolved": unresolved}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong resolutions per dataset")
    ap.add_argument("--only", choices=["gwn", "lgl"])
    args = ap.parse_args(argv)
    sets = [("GeoWebNews", "gwn", args.data / "GWN.xml", read_gwn), ("LGL", "lgl", args.data / "lgl.xml", read_lgl)]
    t0 = time.perf_counter()
    Gazetteer.default()
    print(f"gazetteer loaded in {time.perf_counter() - t0:.2f} s")
    missing = 0
    for title, key, path, reader in sets:
        if args.only and args.only != key:
            continue
        if not path.exists():
            print(f"{title}: {path} not found, skipped")
            missing += 1
            continue
        evaluate(title, *reader(path), show_errors=args.errors)
    return 1 if missing == len(sets) else 0


if __name__ == "__main__":
    sys.exit(main())
