"""How the store's cost per new report grows with the store: N new reports into an empty store against the same
N into a store of BASE reports.

Usage: python bench/store_growth.py [--base 8000] [--new 500] [--pool 120] [--batch-size 32] [--same-towns]
A pool of dispatches generated from the bundled examples (as bench/throughput.py does) is coded once; the store's
reports are copies of those coded reports, each moved to a random day of ten years and to a random town of 20,000
people or more of its country (GeoNames, through the gazetteer), as a monitor's store of a dozen countries holds
them. With --same-towns the copies stay in the pool's dozen towns: the hot-spot case, where each town gathers
hundreds of reports and every new report has many candidates. Only storing is timed (documents, mentions, links,
regrouping, events), then coding N dispatches is timed once, since it costs the same whatever the store holds:
the whole ingest of the N reports is coding plus storing. Prints seconds and reports/s for both stores, the
ratios of storing alone and of the whole ingest, and the peak memory.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import articles, generate  # noqa: E402

from wirecoder.model import Article  # noqa: E402
from wirecoder.options import Options  # noqa: E402
from wirecoder.pipeline import Pipeline  # noqa: E402
from wirecoder.store import Store  # noqa: E402


def shifted(iso: str | None, days: int) -> str | None:
    """An ISO date (day or month) moved by `days`."""
    if not iso:
        return iso
    if len(iso) >= 10:
        return (date.fromisoformat(iso[:10]) + timedelta(days=days)).isoformat()
    if len(iso) == 7:
        return (date.fromisoformat(iso + "-15") + timedelta(days=days)).isoformat()[:7]
    return iso


def towns_by_country(min_population: int = 20_000) -> dict[str, list]:
    from wirecoder.geo.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    out: dict[str, list] = {}
    for i in range(len(gaz)):
        if gaz.entry(i)[5] >= min_population:
            place = gaz.place(i)
            if place.feature == "city" and place.country:
                out.setdefault(place.country, []).append(place)
    return out


def copy_of(a: Article, n: int, days: int, town=None) -> Article:
    """Coded report `a` as another report, `days` later, its events moved to `town(place)` when given."""
    doc_id = f"{a.id}-{n}"
    out = Article(doc_id, a.text + f"\n[{n}]", published=a.published + timedelta(days=days) if a.published else None,
                  published_precision=a.published_precision, source=f"S{n % 7}", lang=a.lang)
    out.events = [replace(e, doc_id=doc_id, date=shifted(e.date, days),
                          location=town(e.location) if town and e.location else e.location) for e in a.events]
    return out


def store_all(store: Store, reports: list[Article], batch: int) -> float:
    start = time.perf_counter()
    for i in range(0, len(reports), batch):
        store.save_batch(reports[i:i + batch], [])
    return time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=8000)
    ap.add_argument("--new", type=int, default=500)
    ap.add_argument("--pool", type=int, default=120)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--same-towns", action="store_true", help="keep the pool's towns (the hot-spot case)")
    a = ap.parse_args(argv)
    pipeline = Pipeline.from_options(Options.build())
    pool = [x for x in pipeline.run(articles(generate(a.pool))) if not x.rejection]
    rng = random.Random(11)
    town = None
    if not a.same_towns:
        towns = towns_by_country()

        def town(place):
            choices = towns.get(place.country)
            if not choices:
                return place
            t = rng.choice(choices)
            return replace(t, text=t.name, geo_precision=place.geo_precision)
    copies = [copy_of(pool[i % len(pool)], i, rng.randrange(3650), town) for i in range(a.base + a.new)]
    base, new = copies[:a.base], copies[a.base:]
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "empty.duckdb") as store:
            t_empty = store_all(store, new, a.batch_size)
        with Store(Path(tmp) / "full.duckdb") as store:
            t_fill = store_all(store, base, a.batch_size)
            counts = store.counts()
            t_full = store_all(store, new, a.batch_size)
    print(f"{'the pool towns' if a.same_towns else 'towns of 20,000 or more'}: "
          f"store of {a.base} reports ({counts['mentions']} mentions, {counts['events']} events) filled in "
          f"{t_fill:.1f} s ({a.base / t_fill:.0f} reports/s)")
    print(f"{a.new} new reports into an empty store: {t_empty:.2f} s ({a.new / t_empty:.0f} reports/s)")
    print(f"{a.new} new reports into the store of {a.base}: {t_full:.2f} s ({a.new / t_full:.0f} reports/s)")
    texts = articles(generate(a.new, seed=3))
    start = time.perf_counter()
    list(pipeline.run(texts, batch_size=a.batch_size))
    t_code = time.perf_counter() - start
    print(f"coding {a.new} dispatches: {t_code:.2f} s; whole ingest (coding + storing) into the store of {a.base} "
          f"against the empty one: {(t_code + t_full) / (t_code + t_empty):.2f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"storing ratio {t_full / t_empty:.2f}x   peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
