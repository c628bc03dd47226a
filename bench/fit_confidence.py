"""Fit the confidence model (wirecoder/data/confidence.json) on gold sets, and show how it ranks held-out events.

Usage: python bench/fit_confidence.py [GOLD.jsonl ...] [--write FILE] [--l2 1.0]
Codes every gold set with all events kept, labels each prediction right or false against the gold (wirecoder.evaluate's
pairing; a prediction matched to an optional gold event is left out), and fits an L2-regularised logistic
regression of right/false on the events' signals (wirecoder.confidence.SIGNALS) with scipy. With two or more sets
it first fits on all sets but one and prints precision by confidence bin on the one held out, for each set in turn:
whether higher bins are more often right on documents the weights never saw. Then it fits on all the sets and
prints the weights (written to FILE with --write). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from wirecoder import confidence
from wirecoder.evaluate import evaluate, read_gold

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev"
DEFAULT_SETS = [str(DEV / "fr_dispatches_dev.jsonl"), str(DEV / "fr_dispatches_dev2.jsonl")]
EDGES = (0.3, 0.5, 0.7, 0.85, 1.0)


def labelled(path: str, pipeline) -> list[tuple[dict[str, float], int]]:
    """(signals, 1 right / 0 false) of every event the pipeline codes in the gold documents of `path`."""
    from wirecoder.api import code_inputs
    from wirecoder.model import Article

    gold = read_gold(path)
    preds: dict[str, list[dict]] = {}
    signals: dict[int, dict[str, float]] = {}
    for item in code_inputs([path], pipeline):
        if isinstance(item, Article):
            for e in item.events + item.candidates:
                d = e.to_dict()
                signals[id(d)] = e.signals
                preds.setdefault(e.doc_id, []).append(d)
    out = []
    for doc in evaluate(gold, preds).docs:
        right = {id(m.pred) for m in doc.matched}
        false = {id(p) for p in doc.false}
        for p in preds.get(doc.doc_id, []):
            if id(p) in right or id(p) in false:
                out.append((signals[id(p)], int(id(p) in right)))
    return out


def matrix(rows: list[tuple[dict[str, float], int]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[1.0] + [s.get(k, 0.0) for k in confidence.SIGNALS] for s, _ in rows])
    return x, np.array([y for _, y in rows], dtype=float)


def fit(rows: list[tuple[dict[str, float], int]], l2: float) -> dict[str, float]:
    """Weights minimising the mean log-loss plus l2/n times the squared weights (the bias is not penalised)."""
    x, y = matrix(rows)
    n = len(y)

    def loss(w):
        z = x @ w
        ll = np.sum(np.logaddexp(0, z) - y * z)
        grad = x.T @ (1 / (1 + np.exp(-z)) - y)
        ll += l2 * np.sum(w[1:] ** 2) / 2
        grad[1:] += l2 * w[1:]
        return ll / n, grad / n

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    return {"bias": round(float(w[0]), 3)} | {k: round(float(v), 3) for k, v in zip(confidence.SIGNALS, w[1:])}


def bins(name: str, rows: list[tuple[dict[str, float], int]], w: dict[str, float]) -> list[str]:
    scored = [(confidence.score(s, w), y) for s, y in rows]
    lines = [f"{name}: {len(rows)} events, {sum(y for _, y in rows)} right",
             f"  {'confidence':<12} {'events':>6} {'right':>6} {'precision':>9}"]
    lo = 0.0
    for hi in EDGES:
        inside = [y for c, y in scored if lo <= c < hi or (hi == EDGES[-1] and c == hi)]
        prec = f"{sum(inside) / len(inside):.3f}" if inside else "-"
        lines.append(f"  [{lo:.2f},{hi:.2f}{']' if hi == EDGES[-1] else ')'} {len(inside):>6} {sum(inside):>6} {prec:>9}")
        lo = hi
    return lines


def auc(scored: list[tuple[float, int]]) -> float:
    """The chance that a right event scores above a false one (ties count half)."""
    right = [c for c, y in scored if y]
    false = [c for c, y in scored if not y]
    if not right or not false:
        return float("nan")
    wins = sum((r > f) + 0.5 * (r == f) for r in right for f in false)
    return wins / (len(right) * len(false))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--write", metavar="FILE", help="write the weights fitted on all the sets to FILE")
    ap.add_argument("--l2", type=float, default=1.0, help="strength of the L2 penalty on the weights")
    args = ap.parse_args(argv)
    from wirecoder.options import Options
    from wirecoder.pipeline import Pipeline

    pipeline = Pipeline.from_options(Options.build(min_confidence=0.0))
    data = {Path(p).stem: labelled(p, pipeline) for p in args.sets}
    if len(data) > 1:
        pooled = []
        for held in data:
            train = [r for name, rows in data.items() if name != held for r in rows]
            w = fit(train, args.l2)
            pooled += [(confidence.score(s, w), y) for s, y in data[held]]
            print("\n".join(bins(f"held out {held} (fitted on the others)", data[held], w)))
        print(f"held-out ranking, pooled: AUC {auc(pooled):.3f} (0.5: no better than chance)")
    everything = [r for rows in data.values() for r in rows]
    w = fit(everything, args.l2)
    print("\n".join(bins("all sets (fitted on them: not a held-out figure)", everything, w)))
    print(json.dumps(w, indent=1))
    if args.write:
        doc = {"about": f"Logistic model of the chance that a coded event is right, fitted by bench/fit_confidence.py "
                        f"(l2 {args.l2}) on {', '.join(data)} on {date.today().isoformat()}; see wirecoder/confidence.py",
               "weights": w}
        Path(args.write).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
