"""Pairwise evaluation of de-duplication against a gold file whose events carry a `cluster` id.

Usage: python bench/dedup_eval.py [GOLD.jsonl] [--db FILE]
GOLD: one document per line in the gold format (../shared/eval/ANNOTATION.md) plus `cluster` on each event;
defaults to tests/fixtures/dedup_gold.jsonl. The documents are ingested into a fresh store; each gold event is
matched to one coded mention of its document as `wirecoder eval` matches events (`match_document`); then, over every
pair of gold events, "same cluster" is compared with "ended in the same wirecoder event". Prints pairwise
precision, recall and F1, and how many gold events found a mention.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

from wirecoder.api import ingest
from wirecoder.evaluate import match_events
from wirecoder.store import Store

ROOT = Path(__file__).resolve().parent.parent


def match_document(golds: list[dict], mentions: list[dict]) -> dict[int, dict]:
    """Gold events to mentions of one document, as `wirecoder eval` and the reference scorer match them (the
    best assignment by similarity of type, place, actors and date); optional gold events take part, so that they
    do not steal a mention from another."""
    records = [json.loads(m["record"]) for m in mentions]
    return {i: mentions[j] for i, j in match_events(golds, records)}


def evaluate(gold_path: str, db_path: str) -> dict:
    docs = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    with Store(db_path) as store:
        ingest([gold_path], store)
        return score_store(docs, store)


def score_store(docs: list[dict], store: Store) -> dict:
    """Pairwise precision and recall of the store's events against the gold clusters of `docs`."""
    cols = ["doc_id", "event_id", "record"]
    rows = [dict(zip(cols, r)) for r in store.con.execute(f"SELECT {', '.join(cols)} FROM mentions").fetchall()]
    n_events = store.counts()["events"]
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    items = []  # (cluster, predicted event id or None)
    for d in docs:
        golds = d.get("events", [])
        matched = match_document(golds, by_doc.get(str(d["id"]), []))
        for i, g in enumerate(golds):
            if not g.get("optional"):
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
