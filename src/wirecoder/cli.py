"""Command line: `wirecoder code PATH...`, `wirecoder demo`. Each command parses arguments and calls a plain
function; errors reach the user as one line with a stable code.

Exit status: 0 everything coded; 1 some documents were rejected (each listed on stderr); 2 usage or setup error.
"""
from __future__ import annotations

import argparse
import sys

from . import __version__
from .api import RunSummary, code_inputs, examples_dir
from .errors import Code, WirecoderError
from .model import Article, Rejection
from .options import Options
from .pipeline import Pipeline
from .registry import writer_class

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


def _store(store, item, summary: RunSummary) -> None:
    """Save one document; a document the store refuses becomes a rejection, and the run goes on."""
    if isinstance(item, Rejection):
        store.save_rejection(item)
        return
    try:
        store.save(item)
    except Exception as e:  # duckdb's errors have no common public base worth naming here
        rejection = Rejection(item.id, "store", Code.E402.name, Code.E402.format(doc_id=item.id, reason=e))
        store.save_rejection(rejection)
        summary.rejections.append(rejection)
        sys.stderr.write(f"rejected {item.id} (store): {rejection.detail}\n")


def cmd_code(args) -> int:
    options = Options.build(args.config)
    pipeline = Pipeline.from_options(options)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    summary = RunSummary()
    store = None
    if args.db:
        from .store import Store

        store = Store(args.db)
    try:
        writer = writer_class(args.format)(out)
        for item in code_inputs(args.paths, pipeline, summary, _progress):
            if store is not None:
                _store(store, item, summary)
            if isinstance(item, Article):
                for event in item.events:
                    writer.write(event)
        writer.close()
    finally:
        if out is not sys.stdout:
            out.close()
        if store is not None:
            store.close()
    sys.stderr.write(("\r" if summary.documents >= PROGRESS_AFTER and sys.stderr.isatty() else "")
                     + summary.line() + "\n")
    return 1 if summary.rejections else 0


def cmd_demo(args) -> int:
    """Code the bundled example dispatches into the database and print what was found."""
    args.paths = [str(examples_dir())]
    args.format = "table"
    args.output = None
    args.config = None
    status = cmd_code(args)
    sys.stderr.write(f"stored in {args.db}\n")
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wirecoder", description="Code conflict events from news dispatches.")
    p.add_argument("--version", action="version", version=f"wirecoder {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("code", help="code documents and write one event per line")
    c.add_argument("paths", nargs="+", help="files (.txt .jsonl .csv .html), directories, or - for stdin")
    c.add_argument("--format", choices=["jsonl", "csv", "table"], default="jsonl")
    c.add_argument("-o", "--output", help="write events here instead of standard output")
    c.add_argument("--db", help="also store documents, events and rejections in this DuckDB file")
    c.add_argument("--config", help="TOML file of options (see README)")
    c.set_defaults(func=cmd_code)
    d = sub.add_parser("demo", help="code the bundled example dispatches into a database and print a table")
    d.add_argument("--db", default="wirecoder.duckdb")
    d.set_defaults(func=cmd_demo)
    pl = sub.add_parser("places", help="print the gazetteer's ranked candidates for a place name")
    pl.add_argument("name")
    pl.add_argument("--country", help="ISO3 code of the country to favour")
    pl.add_argument("--kind", choices=["city", "admin1", "country", "admin2", "continent"])
    pl.add_argument("--limit", type=int, default=10)
    pl.set_defaults(func=cmd_places)
    g = sub.add_parser("geocode", help="resolve the toponym spans of JSON Lines documents")
    g.add_argument("path", help='JSON Lines file of {"id", "text", "toponyms": [{"start", "end"}]}, or -')
    g.add_argument("-o", "--output", help="write here instead of standard output")
    g.set_defaults(func=cmd_geocode)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except WirecoderError as e:
        sys.stderr.write(f"wirecoder: {e}\n")
        return 2
    except BrokenPipeError:  # 'wirecoder code ... | head': the reader left, nothing to report
        sys.stderr.close()
        return 0
    except OSError as e:
        sys.stderr.write(f"wirecoder: {Code.E106.format(path=e.filename or '', reason=e.strerror or e)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("wirecoder: interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
