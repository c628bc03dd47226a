"""Command line: `code`, `ingest`, `watch`, `load`, `events`, `rejections`, `show`, `demo`, `places`, `geocode`, `eval`, `serve`. Each command parses
arguments and calls a plain function; errors reach the user as one line with a stable code.

Exit status: 0 everything coded; 1 some documents were rejected (each listed on stderr); 2 usage or setup error
(the run could not start); 3 the run failed once started (disk, database): what was stored before stays stored.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading

from . import __version__
from .api import IngestSummary, RunSummary, code_inputs, examples_dir, ingest
from .errors import Code, ConfigError, StoreError, WirecoderError
from .model import Article, Rejection
from .options import Options
from .pipeline import Pipeline
from .registry import writer_class
from .writers import event_table

PROGRESS_AFTER = 5  # documents; fewer than this and the run is quiet on stderr


def _progress(item, summary: RunSummary) -> None:
    rejection = item if isinstance(item, Rejection) else item.rejection
    if rejection is not None:
        sys.stderr.write(f"\rrejected {rejection.doc_id} ({rejection.stage}): {rejection.detail}\n")
    tty = sys.stderr.isatty()
    if summary.documents >= PROGRESS_AFTER and (tty or summary.documents % 50 == 0):
        rate = summary.documents / summary.seconds if summary.seconds else 0.0
        line = f"{summary.documents} documents, {summary.events} events, {len(summary.rejections)} rejected, " \
               f"{rate:.1f} docs/s"
        sys.stderr.write(f"\r{line}" if tty else f"{line}\n")  # a log file gets whole lines
        sys.stderr.flush()


def _open_output(path: str | None):
    if not path:
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="")


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    from .registry import PACKS

    parser.add_argument("--lang", metavar="CODE", help="read every document in this language (a registered pack: "
                        f"{', '.join(sorted(PACKS))}), whatever it looks like")


def _options(args) -> Options:
    """Packaged defaults, then the --config file, then the flags given (a flag left out changes nothing)."""
    lang = getattr(args, "lang", None)  # --lang: every document is read in this language, and only it is coded
    return Options.build(args.config, min_confidence=getattr(args, "min_confidence", None), force_language=lang,
                         languages=[lang] if lang else None, default_language=lang)


def _candidates_line(n: int, options: Options, what: str) -> str:
    return f"{n} events below min_confidence {options.min_confidence:g} {what}\n"


def _runner(args):
    """The worker processes or Dask cluster that --workers / --dask ask for, or None: code in this process."""
    from .parallel import runner_for

    return runner_for(getattr(args, "workers", None), getattr(args, "dask", None))


def _parquet_dir(path: str | None) -> bool:
    """-o DIR/ (or an existing directory): Parquet files of coded records, one per batch."""
    return bool(path) and (path.endswith(("/", os.sep)) or os.path.isdir(path))


def cmd_code(args) -> int:
    from .parallel import batches
    from .readers import read_inputs
    from .records import article_record

    options = _options(args)
    if _parquet_dir(args.output):
        return _code_parquet(args, options)
    runner = _runner(args)
    summary = RunSummary()
    candidates = 0
    out = _open_output(args.output)
    try:
        records = args.format == "records"
        writer = None if records else writer_class(args.format)(out)
        if runner is None:
            items = code_inputs(args.paths, Pipeline.from_options(options), summary, _progress)
        else:
            items = _coded_by(runner, options, batches(read_inputs(args.paths), options.batch_size), summary)
        for item in items:
            if records:
                out.write(json.dumps(article_record(item), ensure_ascii=False) + "\n")
            elif isinstance(item, Article):
                candidates += len(item.candidates)
                for event in item.events:
                    writer.write(event)
        if writer is not None:
            writer.close()
    finally:
        if out is not sys.stdout:
            out.close()
        if runner is not None:
            runner.close()
    sys.stderr.write(("\r" if summary.documents >= PROGRESS_AFTER and sys.stderr.isatty() else "")
                     + summary.line() + "\n")
    if candidates:
        sys.stderr.write(_candidates_line(candidates, options, "not written"))
    return 1 if summary.rejections else 0


def _coded_by(runner, options: Options, chunks, summary: RunSummary):
    """Read documents coded by the runner's workers, in input order, accounted as `code_inputs` accounts them."""
    import time

    from .api import _account
    from .parallel import coded_articles

    start = time.perf_counter()

    def jobs():
        for chunk in chunks:
            yield chunk, [a for a in chunk if isinstance(a, Article)]

    for chunk, done in coded_articles(runner, options, jobs()):
        coded = iter(done)
        for item in chunk:  # read-time rejections stay where they were read
            yield from _account(item if isinstance(item, Rejection) else next(coded), summary, _progress, start)


def _code_parquet(args, options: Options) -> int:
    """code -o DIR/: Parquet files of coded records, each written by the worker that coded its batch."""
    import hashlib

    from .parallel import batches, in_order, write_batch
    from .readers import read_inputs
    from .records import article_record, write_parquet

    out = args.output
    os.makedirs(out, exist_ok=True)
    runner = _runner(args) or _InProcess()
    documents = events = 0
    rejected: list[Rejection] = []
    read_rejections: list[Rejection] = []

    def jobs():
        for chunk in batches(read_inputs(args.paths), options.batch_size):
            read_rejections.extend(r for r in chunk if isinstance(r, Rejection))
            yield None, [a for a in chunk if isinstance(a, Article)]

    try:
        for _, part in in_order(runner, jobs(), write_batch, options, os.path.abspath(out)):
            if part:
                documents += part["documents"]
                events += part["events"]
                rejected += [Rejection(**r) for r in part["rejections"]]
        if read_rejections:  # documents rejected when read are records too: nothing is lost
            name = hashlib.sha1("\x00".join(r.doc_id for r in read_rejections).encode()).hexdigest()[:16]
            write_parquet([article_record(r) for r in read_rejections],
                          os.path.join(out, f"part-read-{name}.parquet"))
    finally:
        runner.close()
    for r in read_rejections + rejected:
        sys.stderr.write(f"rejected {r.doc_id} ({r.stage}): {r.detail}\n")
    sys.stderr.write(f"{documents + len(read_rejections)} documents, {events} events, "
                     f"{len(read_rejections) + len(rejected)} rejected: Parquet records in {out}\n")
    return 1 if read_rejections or rejected else 0


class _InProcess:
    """A runner that codes in this process (code -o DIR/ without --workers or --dask)."""

    workers = 1

    def submit(self, fn, *args):
        from .parallel import _Done

        return _Done(fn(*args))

    def close(self) -> None:
        pass


def _ingest_progress(s: IngestSummary) -> None:
    """documents, docs/s, events, rejections, ETA: on one refreshed line on a terminal, every 50 in a log."""
    if (s.total or s.documents) < PROGRESS_AFTER:
        return
    rate = s.documents / s.seconds if s.seconds else 0.0
    eta = (s.total - s.documents) / rate if rate else 0.0
    line = (f"{s.documents}/{s.total} documents  {rate:.1f} docs/s  {s.mentions} event mentions  "
            f"{len(s.rejections)} rejected  ETA {eta:.0f} s" if s.total else  # stdin: no total to count first
            f"{s.documents} documents  {rate:.1f} docs/s  {s.mentions} event mentions  {len(s.rejections)} rejected")
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line)
    elif s.documents // 50 != getattr(_ingest_progress, "_last", -1) or s.documents == s.total:
        _ingest_progress._last = s.documents // 50  # a log gets a whole line every 50 documents
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def cmd_ingest(args) -> int:
    """Code and store documents; a re-run adds nothing; one line per rejected document."""
    from .dedup import DedupRules
    from .store import Store

    options = _options(args)
    runner = _runner(args)
    pipeline = Pipeline.from_options(options) if runner is None else None
    try:
        with _writable_store(args.db, DedupRules.from_dict(options.dedup), getattr(args, "wait", None)) as store:
            with _run_failures():
                summary = ingest(args.paths, store, pipeline, progress=_ingest_progress, runner=runner,
                                 options=options)
                counts = store.counts()
    finally:
        if runner is not None:
            runner.close()
    return _stored(args, summary, counts, options)


LOCK_RETRY_S = 0.5  # how often a writer asks again for a store another process holds


def _writable_store(path: str, rules, wait: float | None):
    """The store opened for writing. While another process holds it (a running `wirecoder serve`, another
    ingest), say so once and wait for it, asking again every LOCK_RETRY_S seconds, for `wait` seconds at most
    (None: until it is free); then [E401]."""
    import time

    from .store import Store

    start, told = time.monotonic(), False
    while True:
        try:
            return Store(path, rules)
        except StoreError as e:
            held = "lock" in str(e).lower()
            if not held or (wait is not None and time.monotonic() - start >= wait):
                raise
            if not told:
                sys.stderr.write(f"wirecoder: {path} is held by another process (a running `wirecoder serve`?); "
                                 f"waiting for it{f' up to {wait:g} s' if wait is not None else ''} (Ctrl-C to "
                                 "stop; a server started with --watch DIR ingests the files dropped in DIR)\n")
                sys.stderr.flush()
                told = True
            time.sleep(LOCK_RETRY_S)


def cmd_watch(args) -> int:
    """Ingest the files that arrive in a folder, as they arrive, until interrupted."""
    import threading

    from .api import ingest
    from .dedup import DedupRules
    from .server.app import watch_folder

    options = _options(args)
    pipeline = Pipeline.from_options(options)
    with _writable_store(args.db, DedupRules.from_dict(options.dedup), getattr(args, "wait", None)) as store:
        sys.stderr.write(f"wirecoder: watching {args.folder} every {args.interval:g} s into {args.db} "
                         "(Ctrl-C to stop)\n")

        def told(paths, summary):
            for r in summary.rejections:
                sys.stderr.write(f"rejected {r.doc_id} ({r.stage}): {r.detail}\n")
            sys.stderr.write(f"{len(paths)} new or changed files: {summary.line()}\n")
            sys.stderr.flush()

        with _run_failures():
            watch_folder(args.folder, lambda paths: ingest(paths, store, pipeline), args.interval,
                         threading.Event(), on_batch=told)
    return 0


@contextlib.contextmanager
def _run_failures():
    """A run that fails once started (a full disk, the database) stops with one line and exit status 3; what was
    stored before stays stored, and a re-run resumes."""
    import duckdb

    try:
        yield
    except (duckdb.Error, OSError) as e:
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        raise StoreError(Code.E402, reason=reason) from e


def cmd_load(args) -> int:
    """Store coded records (code --format records, or code -o DIR/) as ingest would store those documents."""
    from .api import load
    from .dedup import DedupRules
    from .store import Store

    options = _options(args)
    with _writable_store(args.db, DedupRules.from_dict(options.dedup), getattr(args, "wait", None)) as store:
        with _run_failures():
            summary = load(args.paths, store, progress=_ingest_progress)
            counts = store.counts()
    return _stored(args, summary, counts, options)


def _stored(args, summary: IngestSummary, counts: dict, options: Options) -> int:
    if sys.stderr.isatty() and summary.total >= PROGRESS_AFTER:
        sys.stderr.write("\n")
    for r in summary.rejections:
        sys.stderr.write(f"rejected {r.doc_id} ({r.stage}): {r.detail}\n")
    sys.stderr.write(summary.line() + "\n")
    sys.stderr.write(f"{args.db}: {counts['documents']} documents, {counts['mentions']} mentions, "
                     f"{counts['events']} events, {counts['rejections']} rejections\n")
    if counts["candidates"]:
        sys.stderr.write(_candidates_line(counts["candidates"], options, "stored as candidates, not as events"))
    return 1 if summary.rejections else 0


def _filters(args) -> dict:
    """The query filters, checked by the same functions as the HTTP API's ('2020-01' is January's first or last
    day; a malformed box is refused) and reported as one line."""
    from .server.errors import ApiError
    from .server.queries import parse_bbox, period_bound

    try:
        date_from = period_bound(args.date_from, False, "from") if args.date_from else None
        date_to = period_bound(args.date_to, True, "to") if args.date_to else None
        bbox = parse_bbox(args.bbox) if args.bbox else None
    except ApiError as e:
        raise ConfigError(Code.E204, name="filter", value=args.date_from or args.date_to or args.bbox,
                          reason=str(e)) from None
    return {"date_from": date_from, "date_to": date_to, "country": args.country, "admin1": args.admin1,
            "type": args.type, "actor": args.actor, "bbox": bbox, "min_sources": args.min_sources, "q": args.q}


def _read_store(path: str, rules=None):
    """A store opened for reading only; a missing file is an error, never a new empty store."""
    from .store import Store

    if not os.path.exists(path):
        raise StoreError(Code.E401, path=path, reason="no such file (read commands never create a store)")
    return Store(path, rules, read_only=True)


def cmd_rejections(args) -> int:
    """Every stored rejection: document, stage, code and reason."""
    with _read_store(args.db) as store:
        rows = store.rejections()
    if args.format == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    else:
        for r in rows:
            sys.stdout.write(f"{r['doc_id']}\t{r['stage']}\t{r['code']}\t{r['detail']}\n")
    sys.stderr.write(f"{len(rows)} rejections in {args.db}\n")
    return 0


def cmd_events(args) -> int:
    """Query merged events and write them in one of the export formats."""
    from .exports import EXPORTERS
    from .store import Store

    with _read_store(args.db) as store:
        rows = store.events(_filters(args), limit=args.limit)
    if args.format == "table":
        event_table(rows, sys.stdout)
    elif args.format == "parquet" and not args.output:
        raise ConfigError(Code.E204, name="format", value="parquet", reason="needs -o FILE")
    else:
        target = args.output if args.output else sys.stdout
        EXPORTERS[args.format](rows, target)
    sys.stderr.write(f"{len(rows)} events\n")
    return 0


def cmd_dedup(args) -> int:
    """Re-run de-duplication over every stored mention with the current rules (after changing them)."""
    from .dedup import DedupRules
    from .store import Store

    options = Options.build(args.config)
    if args.explain:
        with _read_store(args.db, DedupRules.from_dict(options.dedup)) as store:
            return explain_event(store, args.explain)
    with Store(args.db, DedupRules.from_dict(options.dedup)) as store:
        before = store.counts()["events"]
        after = store.rebuild_events()
    sys.stderr.write(f"{args.db}: {before} events before, {after} after re-running dedup\n")
    return 0


def _link_line(joined: dict | None) -> str:
    """Why a report is in its event: the link that brought it (or its group) in."""
    if not joined:
        return "first report of the event"
    c = joined["comparison"]
    fields = "; ".join(f"{f} {v['value']:+.2f} ({v['why']})" for f, v in c["fields"].items())
    return f"joined through {joined['a']} ~ {joined['b']}, score {joined['score']}: {fields}"


def explain_event(store, event_id: str) -> int:
    """`dedup --explain`: why each report is in the event, and the near misses kept apart with the deciding
    field."""
    e = store.event(event_id)
    if e is None:
        sys.stderr.write(f"wirecoder: no event {event_id!r} in {store.path}\n")
        return 2
    print(f"{e['event_id']}  {e['date']}  {e['sub_event_type']}  {e['location']}  "
          f"({e['n_mentions']} mentions; merge threshold {store.rules.threshold})")
    for m in e["mentions"]:
        print(f"- {m['mention_id']}")
        print(f"    {_link_line(m['joined'])}")
    misses = store.near_misses(event_id)
    print(f"near misses kept apart: {len(misses)}")
    for x in misses:
        print(f"- {x['mention_id']} (event {x['event_id']}), closest to {x['closest']}, score {x['score']}")
        print(f"    deciding: {x['why']}")
    return 0


def cmd_show(args) -> int:
    """One event with each of its mentions and the sentence that reports it."""
    from .store import Store

    with _read_store(args.db) as store:
        e = store.event(args.event_id)
        if e is None:
            sys.stderr.write(f"wirecoder: no event {args.event_id!r} in {args.db}\n")
            return 2
        docs = {m["doc_id"]: store.document(m["doc_id"]) for m in e["mentions"]}
    print(f"{e['event_id']}  {e['date']}  {e['event_type']} / {e['sub_event_type']}")
    other = f"{e['actor2']} (inter {e['inter2']})" if e["actor2"] else "-"
    print(f"  actors     {e['actor1']} (inter {e['inter1']})  vs  {other}")
    print(f"  place      {e['location']}, {e['admin1'] or '-'}, {e['country'] or '-'}  "
          f"({e['latitude']}, {e['longitude']}) precision {e['geo_precision']}")
    print(f"  fatalities {e['fatalities']} (highest reported {e['fatalities_max']})  count {e['count']}")
    print(f"  reports    {e['n_mentions']} mentions in {e['n_documents']} documents from {e['n_sources']} sources: "
          f"{', '.join(e['sources'])}")
    for m in e["mentions"]:
        doc = docs.get(m["doc_id"]) or {}
        print(f"- {m['doc_id']} ({m['source'] or 'no source'}, {m['published'] or 'undated'})")
        print(f"  {m['sentence']}")
        print(f"  why here: {_link_line(m['joined'])}")
        for field, span in m["evidence"].items():
            print(f"    {field:<12} [{span['start']}:{span['end']}] {span['text']}")
        if doc.get("url"):
            print(f"  {doc['url']}")
    return 0


def cmd_demo(args) -> int:
    """Ingest the bundled example dispatches into the database and print the events found."""
    args.paths = [str(examples_dir())]
    args.config = None
    status = cmd_ingest(args)
    from .store import Store

    with Store(args.db) as store:
        rows = store.events()
    event_table(rows, sys.stdout)
    sys.stderr.write(f"stored in {args.db}; try: wirecoder events --db {args.db} --format csv\n")
    return status


def cmd_places(args) -> int:
    """Print the gazetteer's ranked candidates for one name, with scores."""
    from .geo.geocode import place_candidates

    rows = place_candidates(args.name, country=args.country, kind=args.kind, limit=args.limit)
    print(f"{'name':<28} {'cou':<3} {'admin1':<22} {'feature':<9} {'population':>11} {'lat':>9} {'lon':>10} "
          f"{'geonames_id':>11} {'score':>7}")
    for p, score in rows:
        lat = f"{p.lat:.4f}" if p.lat is not None else ""
        lon = f"{p.lon:.4f}" if p.lon is not None else ""
        print(f"{p.name[:28]:<28} {p.country or '':<3} {(p.admin1 or '')[:22]:<22} {p.feature:<9} "
              f"{p.population:>11} {lat:>9} {lon:>10} {p.geonames_id or '':>11} {score:>7.3f}")
    if not rows:
        sys.stderr.write(f"no place called {args.name!r}\n")
    return 0 if rows else 1


def cmd_geocode(args) -> int:
    """Resolve gold toponym spans of JSON Lines documents; one output line per toponym."""
    from .geo.geocode import geocode_file

    src = sys.stdin if args.path == "-" else open(args.path, encoding="utf-8")
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        n = geocode_file(src, out)
    except ValueError as e:
        sys.stderr.write(f"wirecoder geocode: {args.path}: {e}\n")
        return 2
    finally:
        if src is not sys.stdin:
            src.close()
        if out is not sys.stdout:
            out.close()
    sys.stderr.write(f"{n} toponyms\n")
    return 0


def cmd_eval(args) -> int:
    """Score predicted events (a file, or the gold documents coded now) against gold annotations."""
    import json

    from .evaluate import code_gold, evaluate, format_report, read_gold, read_predictions

    gold = read_gold(args.gold)
    if args.pred:
        predictions = read_predictions(args.pred)
    else:
        summary = RunSummary()
        pipeline = Pipeline.from_options(_options(args))
        predictions = code_gold(args.gold, pipeline, summary, on_article=_progress)
        sys.stderr.write(("\r" if summary.documents >= PROGRESS_AFTER and sys.stderr.isatty() else "")
                         + summary.line() + "\n")
    report = evaluate(gold, predictions)
    if args.json:
        print(json.dumps(report.to_dict(details=args.details), ensure_ascii=False, indent=1))
    else:
        print(format_report(report, details=args.details))
    return 0


def cmd_serve(args) -> int:
    """Serve the HTTP API and the web UI over a store until interrupted."""
    from .server.app import serve

    token = args.token or os.environ.get("WIRECODER_TOKEN") or None
    if args.token:
        sys.stderr.write("wirecoder: --token shows in the process list; use --token-file or $WIRECODER_TOKEN\n")
    if args.token_file:
        try:
            with open(args.token_file, encoding="utf-8") as f:
                token = f.read().strip() or None
        except OSError as e:
            raise ConfigError(Code.E204, name="--token-file", value=args.token_file, reason=e.strerror) from None
        if token is None:
            raise ConfigError(Code.E204, name="--token-file", value=args.token_file, reason="the file is empty")
    if args.request_timeout is not None and not args.request_timeout > 0:
        raise ConfigError(Code.E204, name="--request-timeout", value=str(args.request_timeout),
                          reason="expected a number of seconds above 0")
    serve(args.db, host=args.host, port=args.port, token=token, config=args.config, watch=args.watch,
          watch_interval=args.watch_interval, request_timeout=args.request_timeout)
    return 0


def _wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, metavar="S", help="when another process holds the store, wait at "
                        "most S seconds for it (default: until it is free)")


def _parallel_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--workers", type=int, metavar="N",
                       help="code in N worker processes on this machine (each loads the model once)")
    group.add_argument("--dask", metavar="SPEC",
                       help="code on a Dask cluster: local, local:N (a LocalCluster of N workers), or a scheduler "
                            "address such as tcp://HOST:8786")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wirecoder", description="Code conflict events from news dispatches.")
    p.add_argument("--version", action="version", version=f"wirecoder {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("code", help="code documents and write one event per line")
    c.add_argument("paths", nargs="+", help="files (.txt .jsonl .csv .html), directories, or - for stdin")
    c.add_argument("--format", choices=["jsonl", "csv", "table", "records"], default="jsonl",
                   help="records: one coded article a line, with all `wirecoder load` stores")
    c.add_argument("-o", "--output", help="write events here instead of standard output; a directory (DIR/): "
                   "Parquet files of coded records, one per batch, for `wirecoder load`")
    _parallel_arguments(c)
    c.add_argument("--config", help="TOML file of options (see README)")
    c.add_argument("--min-confidence", type=float, metavar="X",
                   help="leave out events whose confidence is below X (0-1; default: the configuration's, else 0.55)")
    _lang_argument(c)
    c.set_defaults(func=cmd_code)
    i = sub.add_parser("ingest", help="code documents and store them, merged into events, in a database")
    i.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
    i.add_argument("--db", default="wirecoder.duckdb")
    i.add_argument("--config", help="TOML file of options (see README)")
    i.add_argument("--min-confidence", type=float, metavar="X",
                   help="store events whose confidence is below X (0-1) as candidates, not as events")
    _lang_argument(i)
    _parallel_arguments(i)
    _wait_argument(i)
    i.set_defaults(func=cmd_ingest)
    w = sub.add_parser("watch", help="ingest the files that arrive in a folder, as they arrive, until interrupted")
    w.add_argument("folder")
    w.add_argument("--db", default="wirecoder.duckdb")
    w.add_argument("--config", help="TOML file of options (see README)")
    w.add_argument("--interval", type=float, default=2.0, metavar="S", help="look for new files every S seconds")
    _wait_argument(w)
    _lang_argument(w)
    w.set_defaults(func=cmd_watch)
    ld = sub.add_parser("load", help="store coded records (code --format records, code -o DIR/) in a database")
    ld.add_argument("paths", nargs="+", help="record files (.jsonl, .parquet) or directories of them")
    ld.add_argument("--db", default="wirecoder.duckdb")
    ld.add_argument("--config", help="TOML file of options (the de-duplication rules under [wirecoder.dedup])")
    _wait_argument(ld)
    ld.set_defaults(func=cmd_load)
    ev = sub.add_parser("events", help="query the stored events")
    ev.add_argument("--db", default="wirecoder.duckdb")
    ev.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    ev.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    ev.add_argument("--country", help="ISO3")
    ev.add_argument("--admin1")
    ev.add_argument("--type", help="event type or sub-event type")
    ev.add_argument("--actor", help="part of an actor's name")
    ev.add_argument("--bbox", help="min_lon,min_lat,max_lon,max_lat")
    ev.add_argument("--min-sources", type=int)
    ev.add_argument("--q", help="text to search in the evidence, actors and places")
    ev.add_argument("--limit", type=int)
    ev.add_argument("--format", default="table",
                    choices=["table", "csv", "jsonl", "geojson", "parquet", "acled-csv", "plover"])
    ev.add_argument("-o", "--output")
    ev.set_defaults(func=cmd_events)
    dd = sub.add_parser("dedup", help="re-run de-duplication over the stored mentions (after changing its rules)")
    dd.add_argument("--db", default="wirecoder.duckdb")
    dd.add_argument("--config", help="TOML file of options, with the rules under [wirecoder.dedup]")
    dd.add_argument("--explain", metavar="EVENT_ID",
                    help="change nothing: say why each report joined this event and which near misses stayed apart")
    dd.set_defaults(func=cmd_dedup)
    rj = sub.add_parser("rejections", help="list the documents that were rejected, with the stage and the reason")
    rj.add_argument("--db", default="wirecoder.duckdb")
    rj.add_argument("--format", choices=["table", "jsonl"], default="table")
    rj.set_defaults(func=cmd_rejections)
    sh = sub.add_parser("show", help="one event with its mentions and evidence")
    sh.add_argument("event_id")
    sh.add_argument("--db", default="wirecoder.duckdb")
    sh.set_defaults(func=cmd_show)
    d = sub.add_parser("demo", help="ingest the bundled example dispatches into a database and print the events")
    d.add_argument("--db", default="wirecoder.duckdb")
    d.set_defaults(func=cmd_demo)
    pl = sub.add_parser("places", help="print the gazetteer's ranked candidates for a place name")
    pl.add_argument("name")
    pl.add_argument("--country", help="ISO3 code of the country to favour")
    pl.add_argument("--kind", choices=["city", "admin1", "country", "admin2", "continent", "region", "site"])
    pl.add_argument("--limit", type=int, default=10)
    pl.set_defaults(func=cmd_places)
    g = sub.add_parser("geocode", help="resolve the toponym spans of JSON Lines documents")
    g.add_argument("path", help='JSON Lines file of {"id", "text", "toponyms": [{"start", "end"}]}, or -')
    g.add_argument("-o", "--output", help="write here instead of standard output")
    g.set_defaults(func=cmd_geocode)
    e = sub.add_parser("eval", help="score coded events against gold annotations")
    e.add_argument("gold", help='gold JSON Lines: one document a line, {"id", "text", "events": [...]}')
    e.add_argument("pred", nargs="?",
                   help="predicted events (JSON Lines, one event or one document a line); "
                        "default: code the gold documents now")
    e.add_argument("--details", action="store_true", help="list missed and false events and wrong fields")
    e.add_argument("--json", action="store_true", help="print the report as one JSON object")
    e.add_argument("--config", help="TOML file of options for coding the gold documents (see README)")
    e.add_argument("--min-confidence", type=float, metavar="X",
                   help="when coding the gold documents, leave out events whose confidence is below X (0-1)")
    _lang_argument(e)
    e.set_defaults(func=cmd_eval)
    sv = sub.add_parser("serve", help="serve the HTTP API and the web map over a database")
    sv.add_argument("--db", default="wirecoder.duckdb")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--token-file", metavar="FILE",
                    help="accept POST /api/documents with the token in this file (or set $WIRECODER_TOKEN; "
                         "neither: read-only)")
    sv.add_argument("--token", default=None, help=argparse.SUPPRESS)  # shows in `ps`: kept for old scripts
    sv.add_argument("--config", help="TOML file of options (see README)")
    sv.add_argument("--watch", metavar="DIR", help="ingest the files dropped in DIR as they arrive; the map shows "
                    "their events without a restart")
    sv.add_argument("--watch-interval", type=float, default=2.0, metavar="S")
    sv.add_argument("--request-timeout", type=float, default=None, metavar="S",
                    help="answer 408 and close a connection whose request has not arrived whole S seconds after "
                         "its first byte, or after the connection opened (default 10)")
    sv.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    interrupted = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, lambda signum, frame: _note_interrupt(interrupted))
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as e:
        # Ctrl-C inside a DuckDB query comes out as DuckDB's own error ('Query interrupted'), not KeyboardInterrupt
        return _interrupted() if interrupted.is_set() else _failure(e)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _note_interrupt(interrupted: threading.Event) -> None:
    interrupted.set()
    raise KeyboardInterrupt


def _interrupted() -> int:
    sys.stderr.write("wirecoder: interrupted\n")
    return 130


def _failure(e: Exception) -> int:
    """The one line and the exit status for a failure `main` knows; anything else is a bug and goes on up."""
    if isinstance(e, WirecoderError):
        sys.stderr.write(f"wirecoder: {e}\n")
        return 3 if e.code is Code.E402 else 2
    if isinstance(e, BrokenPipeError):  # 'wirecoder code ... | head': the reader left, nothing to report
        sys.stderr.close()
        return 0
    if isinstance(e, OSError):
        sys.stderr.write(f"wirecoder: {Code.E106.format(path=e.filename or '', reason=e.strerror or e)}\n")
        return 2
    raise e


if __name__ == "__main__":
    sys.exit(main())
