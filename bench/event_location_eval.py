"""Where did it happen? The place wirecoder chooses for an event against human labels, on English news sentences.

    .venv/bin/python bench/event_location_eval.py [--data ZIP] [--source RELABEL] [--errors N]

Reads ../shared/data/dev/event_location_labeled_text.jsonl.zip (sentences from AFP, APW, Xinhua... each with
its event verb and the words naming where that event happened) and keeps the adjudicated ones ("source":
"RELABEL" by default). Each sentence is coded alone by the English pack. The event scored is the one whose
trigger is the labelled verb (else the one whose trigger is nearest to it); its place is right when its evidence
overlaps one of the labelled location words. Prints: sentences with a location, right, wrong place, no place,
no event for the verb, and the share right; then sentences without a location for which wirecoder still gave a
place (placed where the labels say the text does not tell).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

from wirecoder.api import code_text
from wirecoder.options import Options
from wirecoder.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "event_location_labeled_text.jsonl.zip"


def char_span(row: dict, span: dict) -> tuple[int, int]:
    """A span's character offsets: some labels give token indices in `start`/`end`, so read the tokens."""
    tokens = row.get("tokens") or []
    if tokens and "token_start" in span:
        return tokens[span["token_start"]]["start"], tokens[span["token_end"]]["end"]
    return span["start"], span["end"]


def read(path: Path, source: str) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".jsonl") and not n.startswith("__MACOSX"))
        rows = json.loads(z.read(name).decode("utf-8"))
    out = []
    for row in rows:
        if row.get("source") != source or row.get("answer") not in (None, "accept"):
            continue
        spans = row.get("spans") or []
        verbs = [char_span(row, s) for s in spans if s["label"] == "VERB"]
        if not verbs:
            continue
        out.append({"text": row["text"], "verb": verbs[0],
                    "places": [char_span(row, s) for s in spans if s["label"] == "LOCATION"]})
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--source", default="RELABEL")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong or missing places")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}")
    rows = read(args.data, args.source)
    pipeline = Pipeline.from_options(Options.build(languages=["en"], default_language="en", force_language="en",
                                                   min_confidence=0.0))
    counts = {"located": 0, "right": 0, "wrong": 0, "no place": 0, "no event": 0, "unlocated": 0, "placed anyway": 0}
    errors = []
    started = time.perf_counter()
    for row in rows:
        article = code_text(row["text"], published=None, pipeline=pipeline)
        events = article.events + article.candidates
        on_verb = [e for e in events if overlaps((e.evidence["trigger"].start, e.evidence["trigger"].end), row["verb"])]
        event = on_verb[0] if on_verb else min(
            events, key=lambda e: abs(e.evidence["trigger"].start - row["verb"][0]), default=None)
        where = event.evidence.get("location") if event is not None else None
        if not row["places"]:
            counts["unlocated"] += 1
            counts["placed anyway"] += where is not None
            continue
        counts["located"] += 1
        if event is None:
            verdict = "no event"
        elif where is None:
            verdict = "no place"
        elif any(overlaps((where.start, where.end), p) for p in row["places"]):
            verdict = "right"
        else:
            verdict = "wrong"
        counts[verdict] += 1
        if verdict != "right" and len(errors) < args.errors:
            gold = ", ".join(row["text"][s:e] for s, e in row["places"])
            errors.append(f"{verdict:8} gold [{gold}] got [{where.text if where else ''}] | {row['text'][:160]}")
    seconds = time.perf_counter() - started
    located = counts["located"] or 1
    print(f"{args.source} sentences {len(rows)}: with a location {counts['located']}, without {counts['unlocated']}")
    print(f"place right {counts['right']} ({counts['right'] / located:.3f}), wrong {counts['wrong']}, no place "
          f"{counts['no place']}, no event on the verb {counts['no event']}")
    print(f"without a labelled location, placed anyway: {counts['placed anyway']} of {counts['unlocated']}")
    print(f"{len(rows) / seconds:.1f} sentences/s on one core")
    for line in errors:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
