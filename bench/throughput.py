"""Throughput of the full pipeline against spaCy alone, on dispatches generated from the bundled examples.

Usage: python bench/throughput.py [N_DOCS] [--batch-size B]
Prints documents/s and words/s for both, their ratio, and the peak resident memory. A script, not a test:
run it on a quiet machine and compare ratios, not absolute figures, across machines.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from wirecoder.api import examples_dir
from wirecoder.model import Article
from wirecoder.options import Options
from wirecoder.pipeline import Pipeline
from wirecoder.readers import make_article
from wirecoder.stages.nlp import load_model, parse_text


def generate(n: int, seed: int = 7) -> list[str]:
    """n dispatches: each keeps an example's header and headline and reorders and mixes its paragraphs with one
    paragraph from another example, so texts differ while staying in the same style and length range."""
    rng = random.Random(seed)
    examples = [p.read_text(encoding="utf-8") for p in sorted(examples_dir().glob("*.txt"))]
    split = []
    for text in examples:
        head, _, body = text.partition("\n\n")
        split.append((head, [p for p in body.split("\n\n") if p.strip()]))
    out = []
    for i in range(n):
        head, paras = split[i % len(split)]
        paras = paras[:]
        rng.shuffle(paras[1:])  # keep the lead first: it carries the main event
        other = split[rng.randrange(len(split))][1]
        paras.insert(rng.randrange(1, len(paras) + 1), rng.choice(other))
        out.append(head + "\n\n" + "\n\n".join(paras) + "\n")
    return out


def articles(texts: list[str]) -> list[Article]:
    return [make_article(t, id=f"bench-{i}") for i, t in enumerate(texts)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=32)
    a = ap.parse_args(argv)
    texts = generate(a.n)
    words = sum(len(t.split()) for t in texts)
    pipeline = Pipeline.from_options(Options.build(batch_size=a.batch_size))
    t0 = time.perf_counter()
    list(pipeline.run(articles(texts[:12])))  # warm-up: model, gazetteer and its fuzzy index, lexicons
    warm_s = time.perf_counter() - t0

    nlp = load_model("fr_core_news_md")
    t0 = time.perf_counter()
    for _ in nlp.pipe((parse_text(x) for x in articles(texts)), batch_size=a.batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    done = list(pipeline.run(articles(texts)))
    full_s = time.perf_counter() - t0
    events = sum(len(x.events) for x in done)
    rejected = sum(1 for x in done if x.rejection)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"documents {len(texts)}  words {words}  events {events}  rejected {rejected}")
    print(f"spaCy alone    {len(texts) / spacy_s:8.1f} docs/s  {words / spacy_s:9.0f} words/s  ({spacy_s:.2f} s)")
    print(f"full pipeline  {len(texts) / full_s:8.1f} docs/s  {words / full_s:9.0f} words/s  ({full_s:.2f} s)")
    print(f"full / spaCy time ratio {full_s / spacy_s:.2f}   peak RSS {rss_mb:.0f} MB   warm-up (12 docs, loads) {warm_s:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
