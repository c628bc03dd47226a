"""Scale-out figures in one run: spaCy alone, `code`, `ingest` with 1 and 2 workers, and a Dask LocalCluster of 2
workers, on the same generated corpus, as ratios.

Usage: python bench/scale.py [--n 5000] [--modes spacy,code,ingest1,ingest2,dask2] [--keep DIR]
       python bench/scale.py --memory 500,8000

The corpus: N dispatches generated from the bundled examples (as bench/throughput.py mixes their paragraphs), each
with its own publication day (2015-2024), its numbers redrawn, its towns replaced by other towns of 20,000 people
or more of the same country, and its named armed groups swapped among those of the examples in its language.
Every mode runs as its own command (python -m wirecoder ...), timed from start to end, and once more on the first
START_DOCS documents: the difference is the throughput without the fixed start-up (loading models, starting
workers), which is printed too. Memory: the peak resident set of the main process and of the largest worker,
sampled every 0.1 s with psutil. Run on a quiet machine and compare ratios, not absolute figures.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import generate  # noqa: E402

START_DOCS = 16
_MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre january february "
           "march april may june july august september october november december").split()
_NUMBER_RE = re.compile(r"\b\d{1,3}\b(?!\s+(?:" + "|".join(_MONTHS) + r")\b)(?<!\d{4}-\d\d-\d\d)", re.IGNORECASE)
PYTHON = sys.executable


def _named_groups_and_towns():
    """Per example language: the named armed groups its events name; per country: its towns of 20,000+ people;
    per example text: the town names it mentions (with their countries)."""
    from store_growth import towns_by_country

    from wirecoder.api import examples_dir
    from wirecoder.options import Options
    from wirecoder.pipeline import Pipeline
    from wirecoder.readers import read_inputs

    pipeline = Pipeline.from_options(Options.build(min_confidence=0.0))
    groups: dict[str, set[str]] = {}
    named_towns: dict[str, str] = {}
    for a in pipeline.run(read_inputs([str(examples_dir())])):
        if a.rejection:
            continue
        for e in a.events:
            for actor in (e.actor1, e.actor2):
                if actor and actor.inter in (2, 3) and actor.text and actor.text[:1].isupper() and len(actor.text) < 40:
                    groups.setdefault(a.lang, set()).add(actor.text)
        for p in a.places:
            if p.feature == "city" and p.text and p.country:
                named_towns[p.text] = p.country
    towns = {iso: [t.name for t in ts] for iso, ts in towns_by_country().items()}
    return groups, named_towns, towns


def corpus(n: int, seed: int = 5) -> list[dict]:
    """n varied dispatches as JSON Lines records."""
    rng = random.Random(seed)
    groups, named_towns, towns = _named_groups_and_towns()
    all_groups = sorted(g for gs in groups.values() for g in gs)
    group_re = re.compile("|".join(re.escape(g) for g in sorted(all_groups, key=len, reverse=True))) \
        if all_groups else None
    town_re = re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(named_towns, key=len, reverse=True)) + r")\b")
    out = []
    for i, text in enumerate(generate(n, seed=seed)):
        head, _, body = text.partition("\n\n")
        day = f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        moved: dict[str, str] = {}

        def town(m):
            name = m.group(1)
            if name not in moved:
                choices = towns.get(named_towns[name]) or [name]
                moved[name] = rng.choice(choices)
            return moved[name]

        body = town_re.sub(town, body)
        if group_re is not None:
            swapped: dict[str, str] = {}
            body = group_re.sub(lambda m: swapped.setdefault(m.group(), rng.choice(all_groups)), body)
        body = _NUMBER_RE.sub(lambda m: str(rng.randrange(1, 100)), body)  # tolls and counts, not days of months
        head = re.sub(r"^\s*date\s+\S+", "", head).strip()
        out.append({"id": f"scale-{i:06d}", "published": day, "text": head + "\n\n" + body})
    return out


class Peak:
    """Peak resident memory of a process and of each of its descendants, sampled until stopped."""

    def __init__(self, pid: int):
        import psutil

        self.proc = psutil.Process(pid)
        self.main = 0
        self.children: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                self.main = max(self.main, self.proc.memory_info().rss)
                for c in self.proc.children(recursive=True):
                    try:
                        self.children[c.pid] = max(self.children.get(c.pid, 0), c.memory_info().rss)
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()


def _spacy_alone(path: str) -> None:
    """Mode 'spacy': parse each text with its language's model alone, as the nlp stage calls it. The languages are
    read from the file `languages()` wrote beside the corpus (identifying them is coding's work, not spaCy's)."""
    from wirecoder.lang import get_pack
    from wirecoder.readers import read_inputs
    from wirecoder.registry import PACKS
    from wirecoder.stages.nlp import load_model, parse_text

    langs = Path(path + ".langs").read_text(encoding="utf-8").split()
    texts: dict[str, list[str]] = {}
    for article, lang in zip((a for a in read_inputs([path]) if hasattr(a, "text")), langs):
        texts.setdefault(lang, []).append(parse_text(article))
    for lang, group in texts.items():
        if lang in PACKS:  # (the pipeline rejects the others before parsing)
            for _ in load_model(get_pack(lang).spacy_model, lang).pipe(group, batch_size=32):
                pass


def languages(path: Path) -> None:
    """Write each document's language, as the language stage finds it, one a line, beside the corpus."""
    from wirecoder.options import Options
    from wirecoder.readers import read_inputs
    from wirecoder.stages.language import identify

    default = Options.build().default_language
    found = [identify(a.text[a.body_start:])[0] or default for a in read_inputs([str(path)]) if hasattr(a, "text")]
    path.with_name(path.name + ".langs").write_text("".join(lang + "\n" for lang in found), encoding="utf-8")


def command(mode: str, path: str, work: Path) -> list[str]:
    db = str(work / f"{mode}-{time.perf_counter_ns()}.duckdb")
    wc = [PYTHON, "-m", "wirecoder.cli"]
    return {
        "spacy": [PYTHON, __file__, "--spacy-alone", path],
        "code": wc + ["code", path, "-o", os.devnull],
        "ingest1": wc + ["ingest", path, "--db", db],
        "ingest2": wc + ["ingest", path, "--db", db, "--workers", "2"],
        "dask2": wc + ["ingest", path, "--db", db, "--dask", "local:2"],
    }[mode]


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """Seconds, peak RSS of the main process and of its largest child (bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = Peak(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip().splitlines()[-1:]}")
    return seconds, peak.main, max(peak.children.values(), default=0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--modes", default="spacy,code,ingest1,ingest2,dask2")
    ap.add_argument("--keep", help="write the corpus here (else a temporary directory)")
    ap.add_argument("--memory", metavar="N,M", help="instead: peak RSS of a serial ingest of N documents against "
                    "one of M (streaming: the second should not need more), e.g. 500,8000")
    ap.add_argument("--spacy-alone", metavar="PATH", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.spacy_alone:
        _spacy_alone(a.spacy_alone)
        return 0
    if a.memory:
        return _memory([int(x) for x in a.memory.split(",")], a.keep)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(a.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        docs = corpus(a.n)
        full, small = work / "corpus.jsonl", work / "start.jsonl"
        for path, part in ((full, docs), (small, docs[:START_DOCS])):
            path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part), encoding="utf-8")
            languages(path)
        words = sum(len(d["text"].split()) for d in docs)
        print(f"corpus: {a.n} dispatches, {words} words ({words / a.n:.0f} a dispatch); start-up measured on "
              f"{START_DOCS}")
        rates = {}
        for mode in a.modes.split(","):
            t_small, _, _ = timed(command(mode, str(small), work))
            t, rss_main, rss_worker = timed(command(mode, str(full), work))
            rate = (a.n - START_DOCS) / max(t - t_small, 1e-9)
            rates[mode] = rate
            worker = f"  largest worker {rss_worker / 2**20:6.0f} MB" if rss_worker else ""
            print(f"{mode:8s} {t:7.1f} s  {a.n / t:6.1f} docs/s wall  {rate:6.1f} docs/s after start-up "
                  f"({t_small:.1f} s)  main {rss_main / 2**20:6.0f} MB{worker}", flush=True)
        ratios = []
        for num, den, what in (("code", "spacy", "code / spaCy alone"), ("ingest1", "code", "ingest / code"),
                               ("ingest2", "ingest1", "ingest 2 workers / 1"), ("dask2", "ingest1",
                                                                                 "Dask 2 workers / ingest 1")):
            if num in rates and den in rates:
                ratios.append(f"{what} {rates[num] / rates[den]:.2f}x")
        print("ratios (after start-up): " + "; ".join(ratios))
    return 0


def _memory(sizes: list[int], keep: str | None) -> int:
    """Peak RSS of `ingest` (one process) for each corpus size, the largest corpus's first documents each time."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        docs = corpus(max(sizes))
        peaks = []
        for n in sizes:
            path = work / f"corpus-{n}.jsonl"
            path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:n]), encoding="utf-8")
            t, rss, _ = timed(command("ingest1", str(path), work))
            peaks.append(rss)
            print(f"ingest of {n:6d} documents: {t:7.1f} s  peak RSS {rss / 2**20:6.0f} MB", flush=True)
        print(f"peak RSS ratio, {sizes[-1]} / {sizes[0]} documents: {peaks[-1] / peaks[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
