"""How well the events' `confidence` predicts that they are right: precision by confidence bin, and the detection
figures each `min_confidence` threshold would give.

Usage: python bench/calibration.py [GOLD.jsonl[=PRED.jsonl] ...] [--bins 0.5,0.6,0.7,0.8,0.9,1.0]
Each GOLD is coded now with every event kept (min_confidence 0), unless a predictions file follows it after '='
(what `wirecoder code` wrote, with `confidence` on each event). Default: the two French dev sets in
../shared/data/dev. Predictions are matched to gold events with wirecoder.evaluate (the figures of
`wirecoder eval`). A prediction matched to an optional gold event is neither right nor wrong: it is counted apart
("opt") and left out of the precision. The thresholds are re-scored from scratch (fewer predictions can change
the best assignment), so their figures are exactly what `wirecoder eval` would print at that `--min-confidence`.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wirecoder.errors import WirecoderError
from wirecoder.evaluate import code_gold, evaluate, read_gold, read_predictions

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev"
DEFAULT_SETS = [str(DEV / "fr_dispatches_dev.jsonl"), str(DEV / "fr_dispatches_dev2.jsonl")]


def load_set(spec: str, pipeline_factory) -> tuple[str, list[dict], dict[str, list[dict]]]:
    """(name, gold documents, predictions by document) for 'GOLD' or 'GOLD=PRED'."""
    gold_path, _, pred_path = spec.partition("=")
    gold = read_gold(gold_path)
    predictions = read_predictions(pred_path) if pred_path else code_gold(gold_path, pipeline_factory())
    return Path(gold_path).stem, gold, predictions


def outcomes(gold: list[dict], predictions: dict[str, list[dict]]) -> list[tuple[float, str]]:
    """(confidence, 'right' | 'false' | 'opt') of every prediction filed under a gold document."""
    report = evaluate(gold, predictions)
    out = []
    for doc in report.docs:
        right = {id(m.pred) for m in doc.matched}
        false = {id(p) for p in doc.false}
        for p in predictions.get(doc.doc_id, []):
            verdict = "right" if id(p) in right else "false" if id(p) in false else "opt"
            out.append((float(p.get("confidence") or 0.0), verdict))
    return out


def bin_label(lo: float, hi: float, last: bool) -> str:
    return f"[{lo:.2f},{hi:.2f}{']' if last else ')'}"


def bin_table(name: str, rows: list[tuple[float, str]], edges: list[float]) -> list[str]:
    """One line per confidence bin: predictions, right, false, opt, precision (right / (right + false))."""
    bounds = [0.0] + edges
    lines = [f"{name}", f"  {'confidence':<13} {'events':>6} {'right':>6} {'false':>6} {'opt':>4} {'precision':>9}"]
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        last = k == len(bounds) - 2
        inside = [v for c, v in rows if lo <= c < hi or (last and c == hi)]
        right, false = inside.count("right"), inside.count("false")
        prec = f"{right / (right + false):.3f}" if right + false else "-"
        lines.append(f"  {bin_label(lo, hi, last):<13} {len(inside):>6} {right:>6} {false:>6} "
                     f"{inside.count('opt'):>4} {prec:>9}")
    right, false = sum(v == "right" for _, v in rows), sum(v == "false" for _, v in rows)
    lines.append(f"  {'all':<13} {len(rows):>6} {right:>6} {false:>6} {sum(v == 'opt' for _, v in rows):>4} "
                 f"{(right / (right + false) if right + false else 0):>9.3f}")
    return lines


def detection_cells(predicted: int, gold: int, matched: int, strict: int) -> str:
    """kept predictions, P, R, F1, strict F1 (defined as in wirecoder.evaluate)."""
    p, r = matched / predicted if predicted else 0.0, matched / gold if gold else 0.0
    sp, sr = strict / predicted if predicted else 0.0, strict / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    sf1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    return f"{predicted:>6} {p:5.3f} {r:5.3f} {f1:5.3f} {sf1:5.3f}"


def threshold_table(sets: list[tuple[str, list[dict], dict[str, list[dict]]]]) -> list[str]:
    """For each candidate min_confidence (every confidence seen): P, R, F1 and strict F1 per set and pooled."""
    seen = sorted({float(p.get("confidence") or 0.0) for _, _, preds in sets for ps in preds.values() for p in ps})
    candidates = [0.0] + [c for c in seen if c > 0.0]
    names = [name for name, _, _ in sets] + (["pooled"] if len(sets) > 1 else [])
    head = f"  {'min_conf':>8} " + " ".join(f"{n[:26]:>34}" for n in names)
    cols = f"{'kept':>6} {'P':>5} {'R':>5} {'F1':>5} {'sF1':>5}"
    sub = f"  {'':>8} " + " ".join(f"{cols:>34}" for _ in names)
    lines = ["if events below min_confidence were dropped (kept: predictions counted; sF1: strict F1)", head, sub]
    for t in candidates:
        counts = []
        for _, gold, preds in sets:
            kept = {d: [p for p in ps if float(p.get("confidence") or 0.0) >= t] for d, ps in preds.items()}
            r = evaluate(gold, kept)
            counts.append((r.predicted, r.gold_events, r.matched, r.strict_matched))
        if len(sets) > 1:  # summed, not merged: two sets may reuse a document id
            counts.append(tuple(sum(c[k] for c in counts) for k in range(4)))
        lines.append(f"  {t:>8.2f} " + " ".join(f"{detection_cells(*c):>34}" for c in counts))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS, help="GOLD.jsonl or GOLD.jsonl=PRED.jsonl")
    ap.add_argument("--bins", default="0.5,0.6,0.7,0.8,0.9,1.0",
                    help="upper edges of the confidence bins (the first starts at 0, the last includes its edge)")
    args = ap.parse_args(argv)
    edges = [float(x) for x in args.bins.split(",")]
    pipeline = None

    def pipeline_factory():
        nonlocal pipeline
        if pipeline is None:
            from wirecoder.options import Options
            from wirecoder.pipeline import Pipeline

            pipeline = Pipeline.from_options(Options.build(min_confidence=0.0))  # every event, to measure them all
        return pipeline

    try:
        sets = [load_set(spec, pipeline_factory) for spec in args.sets]
    except WirecoderError as e:
        sys.stderr.write(f"calibration: {e}\n")
        return 2
    pooled: list[tuple[float, str]] = []
    for name, gold, preds in sets:
        rows = outcomes(gold, preds)
        pooled += rows
        print("\n".join(bin_table(name, rows, edges)))
    if len(sets) > 1:
        print("\n".join(bin_table("pooled", pooled, edges)))
    print("\n".join(threshold_table(sets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
