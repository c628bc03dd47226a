"""The plain functions behind every interface: code some inputs, report what happened.

The CLI (and later the HTTP API and the distributed workers) are thin layers over `code_inputs`.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .model import Article, Rejection
from .options import Options
from .pipeline import Pipeline
from .readers import make_article, read_inputs


@dataclass
class RunSummary:
    documents: int = 0
    coded: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"{self.documents} documents, {self.events} events, {len(self.rejections)} rejected "
                f"in {self.seconds:.1f} s ({rate:.1f} docs/s)")


def code_inputs(paths: Iterable[str], pipeline: Pipeline | None = None, summary: RunSummary | None = None,
                on_article: Callable[[Article | Rejection, RunSummary], None] | None = None) -> Iterator[Article | Rejection]:
    """Read and code every document under `paths`; yields coded Articles and read-time Rejections in order."""
    pipeline = pipeline or Pipeline.from_options(Options.build())
    summary = summary if summary is not None else RunSummary()
    start = time.perf_counter()

    def articles() -> Iterator[Article]:
        for item in read_inputs(paths):
            if isinstance(item, Rejection):
                pending.append(item)
                continue
            yield item

    pending: list[Rejection] = []
    for article in pipeline.run(articles()):
        while pending:
            yield from _account(pending.pop(0), summary, on_article, start)
        yield from _account(article, summary, on_article, start)
    while pending:
        yield from _account(pending.pop(0), summary, on_article, start)
    summary.seconds = time.perf_counter() - start


def _account(item, summary: RunSummary, on_article, start: float):
    summary.documents += 1
    if isinstance(item, Rejection):
        summary.rejections.append(item)
    elif item.rejection is not None:
        summary.rejections.append(item.rejection)
        summary.words += len(item.text.split())
    else:
        summary.coded += 1
        summary.events += len(item.events)
        summary.words += len(item.text.split())
    summary.seconds = time.perf_counter() - start
    if on_article:
        on_article(item, summary)
    yield item


@dataclass
class IngestSummary:
    total: int = 0
    documents: int = 0
    skipped: int = 0
    mentions: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"{self.documents} documents ({self.skipped} already stored), {self.mentions} event mentions, "
                f"{len(self.rejections)} rejected in {self.seconds:.1f} s ({rate:.1f} docs/s)")


def ingest(paths: list[str], store, pipeline: Pipeline | None = None, batch_size: int | None = None,
           progress: Callable[[IngestSummary], None] | None = None, runner=None,
           options: Options | None = None) -> IngestSummary:
    """Code and store everything under `paths`, one transaction per batch; documents already stored with the
    same content are skipped, so running it again adds nothing and a killed run resumes where it stopped.

    Inputs are read as a stream (a first pass only counts them, for the progress line's ETA), so memory does
    not grow with the corpus. `runner` (`parallel.runner_for`): code in worker processes or on a Dask cluster,
    with `options` (else the pipeline's); batches are stored in input order, as a serial run stores them."""
    total = count_inputs(paths)
    return ingest_items(read_inputs(paths), store, pipeline, batch_size, progress, inputs=paths, total=total,
                        runner=runner, options=options)


def count_inputs(paths: Iterable[str]) -> int:
    """How many documents (and read-time rejections) `read_inputs(paths)` yields, keeping none; 0 when an input
    is standard input, which cannot be read twice."""
    paths = list(paths)
    if "-" in paths:
        return 0
    return sum(1 for _ in read_inputs(paths))


def load(paths: list[str], store, batch_size: int = 64, progress: Callable[[IngestSummary], None] | None = None
         ) -> IngestSummary:
    """Store coded records (`wirecoder code --format records`, or the Parquet files of `code --dask -o DIR/`)
    with `ingest`'s guarantees: one transaction per batch, a document stored with the same content is skipped,
    a bad record is a rejection and the load goes on."""
    from .records import count_records, read_records

    return ingest_items(read_records(paths), store, batch_size=batch_size, progress=progress, inputs=list(paths),
                        total=count_records(paths), coded=True)


def ingest_items(items: Iterable[Article | Rejection], store, pipeline: Pipeline | None = None,
                 batch_size: int | None = None, progress: Callable[[IngestSummary], None] | None = None,
                 inputs: list[str] | None = None, total: int | None = None, runner=None,
                 options: Options | None = None, coded: bool = False) -> IngestSummary:
    """`ingest` for documents already read (the HTTP API's posted records; `load`'s records, already `coded`):
    same batches, same skipping."""
    from .parallel import batches, coded_articles
    from .store import content_hash, is_interrupt

    if not coded and runner is None:
        pipeline = pipeline or Pipeline.from_options(options or Options.build())
    options = options or (pipeline.options if pipeline is not None else Options.build())
    size = batch_size or options.batch_size
    if total is None:
        total = len(items) if hasattr(items, "__len__") else 0
    summary = IngestSummary(total=total)
    run_id = store.begin_run(inputs or [])
    start = time.perf_counter()
    status = "failed"  # until the last batch is stored

    run_hashes: dict[str, str] = {}  # id -> content hash of the documents read in this run
    queued: set[str] = set()  # ids sent to be coded and stored in this run

    def todo_of(chunk: list[Article | Rejection]) -> list[Article]:
        """The documents of a batch not stored yet with this content. A second text under an id already used (in
        this run or in the store) is kept under a derived id, 'ID~HASH': nothing is overwritten."""
        articles = [a for a in chunk if isinstance(a, Article)]
        hashes = {id(a): content_hash(a.text) for a in articles}
        known = store.stored_hashes([a.id for a in articles])
        for a in articles:
            h = hashes[id(a)]
            if run_hashes.setdefault(a.id, h) != h or known.get(a.id, h) != h:
                a.id = f"{a.id}~{h[:10]}"
                run_hashes.setdefault(a.id, h)
                if coded:  # records coded elsewhere: their events follow the document's new id
                    a.events = [replace(e, doc_id=a.id) for e in a.events]
                    a.candidates = [replace(e, doc_id=a.id) for e in a.candidates]
        known = store.stored_hashes([a.id for a in articles])
        todo = []
        for a in articles:  # (the same document twice in a run is stored once)
            if known.get(a.id) != hashes[id(a)] and a.id not in queued:
                queued.add(a.id)
                todo.append(a)
        return todo

    def jobs() -> Iterator[tuple[list, list[Article]]]:
        for chunk in batches(items, size):
            yield chunk, todo_of(chunk)

    if coded:
        results = ((chunk, todo) for chunk, todo in jobs())
    elif runner is None:
        results = ((chunk, list(pipeline.run(todo, batch_size=size))) for chunk, todo in jobs())
    else:
        results = coded_articles(runner, options, jobs())
    try:
        for chunk, done in results:
            rejected = [r for r in chunk if isinstance(r, Rejection)]
            articles = [a for a in done if isinstance(a, Article)]
            summary.mentions += store.save_batch(articles, rejected, run_id)
            summary.skipped += sum(isinstance(a, Article) for a in chunk) - len(done)
            summary.rejections += rejected + [a.rejection for a in articles if a.rejection]
            summary.documents += len(chunk)
            summary.seconds = time.perf_counter() - start
            if progress:
                progress(summary)
        status = "finished"
    except BaseException as e:
        status = "interrupted" if is_interrupt(e) else "failed"
        raise
    finally:
        summary.seconds = time.perf_counter() - start
        store.finish_run(run_id, summary.documents, summary.skipped, summary.mentions, len(summary.rejections),
                         status)
    return summary


def code_text(text: str, published: str | None = None, pipeline: Pipeline | None = None, doc_id: str | None = None,
              lang: str | None = None) -> Article:
    """Code one text (e.g. from the API); a bad record comes back as an Article with `rejection` set. `lang`, when
    given, is the text's language (else the language stage guesses it)."""
    item = make_article(text, id=doc_id, published=published, lang=lang)
    if isinstance(item, Rejection):
        art = Article(item.doc_id, text or "")
        art.rejection = item
        return art
    pipeline = pipeline or Pipeline.from_options(Options.build())
    return pipeline(item)


def examples_dir() -> Path:
    """The bundled example dispatches."""
    return Path(str(resources.files("wirecoder") / "examples"))
