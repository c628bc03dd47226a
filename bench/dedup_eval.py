"""Pairwise evaluation of de-duplication against a gold file whose events carry a `cluster` id.

Usage: python bench/dedup_eval.py [GOLD.jsonl] [--db FILE]
GOLD: one document per line in the gold format (../shared/eval/ANNOTATION.md) plus `cluster` on each event;
defaults to tests/fixtures/dedup_gold.jsonl. The documents are ingested into a fresh store; each gold event is
matched to one coded mention of its document (same event type first, then place, then date); then, over every
pair of gold events, "same cluster" is compared with "ended in the same wirecoder event". Prints pairwise
precision, recall and F1, and how many gold events found a mention.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import unicodedata
from pathlib import Path

from wirecoder.api import ingest
from wirecoder.store import Store

ROOT = Path(__file__).resolve().parent.parent


def fold(s) -> str:
    s = unicodedata.normalize("NFKD", str(s or ""))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().replace("-", " ").split())


def similarity(g: dict, m: dict) -> float:
    loc = g.get("location") or {}
    s = 3.0 if g["event_type"] == m["event_type"] else 0.0
    s += 1.0 if g["sub_event_type"] == m["sub_event_type"] else 0.0
    if fold(loc.get("name")) and fold(loc.get("name")) in (fold(m["location"]), fold(m["location_text"])):
        s += 2.0
    elif fold(loc.get("admin1")) and fold(loc.get("admin1")) == fold(m["admin1"]):
        s += 1.0
    if g.get("date") and m.get("date") and str(m["date"])[:7] == str(g["date"])[:7]:
        s += 1.0 + (0.5 if str(m["date"]) == str(g["date"]) else 0.0)
    return s


def match_document(golds: list[dict], mentions: list[dict]) -> dict[int, dict]:
    """Greedy best-first assignment of gold events to mentions of one document (score >= 3: the type agrees)."""
    pairs = sorted(((similarity(g, m), i, j) for i, g in enumerate(golds) for j, m in enumerate(mentions)),
                   reverse=True)
    used_g, used_m, out = set(), set(), {}
    for s, i, j in pairs:
        if s < 3 or i in used_g or j in used_m:
            continue
        used_g.add(i)
        used_m.add(j)
        out[i] = mentions[j]
    return out


def evaluate(gold_path: str, db_path: str) -> dict:
    docs = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    with Store(db_path) as store:
        ingest([gold_path], store)
        cols = ["doc_id", "event_id", "event_type", "sub_event_type", "location", "location_text", "admin1", "date"]
        rows = [dict(zip(cols, r)) for r in store.con.execute(f"SELECT {', '.join(cols)} FROM mentions").fetchall()]
        n_events = store.counts()["events"]
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    items = []  # (cluster, predicted event id or None)
    for d in docs:
        golds = [g for g in d.get("events", []) if not g.get("optional")]
        matched = match_document(golds, by_doc.get(str(d["id"]), []))
        for i, g in enumerate(golds):
            items.append((g["cluster"], matched[i]["event_id"] if i in matched else None))
    tp = fp = fn = 0
    for (c1, e1), (c2, e2) in itertools.combinations(items, 2):
        same_gold = c1 == c2
        same_pred = e1 is not None and e1 == e2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"gold_events": len(items), "matched": sum(e is not None for _, e in items),
            "clusters": len({c for c, _ in items}), "stored_events": n_events, "pairs_gold": tp + fn,
            "pairs_pred": tp + fp, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", default=str(ROOT / "tests" / "fixtures" / "dedup_gold.jsonl"))
    ap.add_argument("--db", help="store to create (default: a temporary file)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        res = evaluate(a.gold, a.db or str(Path(tmp) / "dedup.duckdb"))
    print(f"gold events {res['gold_events']} (matched to a coded mention: {res['matched']}), "
          f"gold clusters {res['clusters']}, wirecoder events {res['stored_events']}")
    print(f"pairs: gold same-cluster {res['pairs_gold']}, predicted same-event {res['pairs_pred']}")
    print(f"pairwise precision {res['precision']:.3f}  recall {res['recall']:.3f}  F1 {res['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
