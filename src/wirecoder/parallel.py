"""Coding in parallel: worker processes on this machine (`--workers N`) or a Dask cluster (`--dask`).

Either way the work is the same function, `code_batch`: a worker builds the `Pipeline` from the run's options
once (the spaCy model is loaded once per worker process) and turns a batch of read documents into coded records
(`records.py`). Batches go out in input order with a bounded number in flight, so memory does not grow with the
corpus, and come back in that order: the store's single writer saves them exactly as a serial run would.

`--dask local` (or `local:N`) starts a `distributed.LocalCluster` of N single-threaded worker processes;
`--dask tcp://HOST:PORT` uses a running scheduler (a SLURM or Kubernetes cluster started with dask-jobqueue or
dask-kubernetes): its workers need wirecoder installed, and, to write Parquet (`code --dask -o DIR/`), the
directory on a file system they share.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import Code, ConfigError
from .model import Article, Rejection
from .options import Options
from .records import article_of, article_record, write_parquet

PARENT_CHECK_S = 1.0  # how often a worker process looks whether its parent is still there
IN_FLIGHT_PER_WORKER = 4  # batches submitted ahead per worker: enough to keep it busy, not the corpus in memory

_pipelines: dict[bytes, object] = {}  # per worker process: the pipeline of each run's options, built once


def worker_pipeline(options: Options):
    """The pipeline for these options in this process, built on first use."""
    import pickle

    from .pipeline import Pipeline

    key = hashlib.sha1(pickle.dumps(options)).digest()
    pipeline = _pipelines.get(key)
    if pipeline is None:
        pipeline = _pipelines[key] = Pipeline.from_options(options)
    return pipeline


def code_batch(options: Options, articles: list[Article]) -> list[dict]:
    """Code read documents in a worker; returns their records, in order."""
    pipeline = worker_pipeline(options)
    return [article_record(a) for a in pipeline.run(articles, batch_size=len(articles) or None)]


def write_batch(options: Options, out_dir: str, articles: list[Article]) -> dict:
    """Code read documents in a worker and write their records to one Parquet file in `out_dir` (named after the
    batch's documents, so a re-run rewrites the same file); returns {"path", "documents", "events",
    "rejections"}."""
    records = code_batch(options, articles)
    name = "part-" + hashlib.sha1("\x00".join(a.id for a in articles).encode()).hexdigest()[:16] + ".parquet"
    path = Path(out_dir) / name
    write_parquet(records, path)
    return {"path": str(path), "documents": len(records), "events": sum(len(r["events"]) for r in records),
            "rejections": [r["rejection"] for r in records if r["rejection"]]}


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Runner:
    """Where batches are coded: `submit(fn, *args)` returns a future with `.result()`; `workers` says how many
    run at once. A context manager: leaving it stops the workers it started."""

    workers = 1

    def submit(self, fn: Callable, *args):
        raise NotImplementedError

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pass


class ProcessRunner(Runner):
    """N worker processes on this machine (`--workers N`), started with 'spawn' so that none inherits a parent's
    model or lock."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_start)

    def submit(self, fn: Callable, *args):
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _worker_start() -> None:
    """In a worker process, once. Ctrl-C reaches the whole process group, and the parent alone answers it (it stops
    the workers and exits 130); a worker that raised KeyboardInterrupt too would print a traceback of its own. And a
    worker leaves when its parent is gone (kill -9): nothing else would stop it, idle with a model in memory."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch_parent, name="wirecoder-parent-watch", daemon=True).start()


class DaskRunner(Runner):
    """A Dask cluster: `local` / `local:N` starts a LocalCluster of N single-threaded worker processes (default:
    the machine's cores); anything else is a scheduler address ('tcp://HOST:8786')."""

    def __init__(self, spec: str):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - dask is a dependency
            raise ConfigError(Code.E204, name="--dask", value=spec, reason=f"dask.distributed: {e}") from None
        self.cluster = None
        if spec == "local" or spec.startswith("local:"):
            n = spec.partition(":")[2]
            if n and not (n.isdigit() and int(n) > 0):
                raise ConfigError(Code.E204, name="--dask", value=spec, reason="expected local or local:N (N >= 1)")
            workers = int(n) if n else (os.cpu_count() or 1)
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            if "://" not in spec:
                raise ConfigError(Code.E204, name="--dask", value=spec,
                                  reason="expected local, local:N or a scheduler address like tcp://HOST:8786")
            try:
                self.client = Client(spec, timeout="10s")
            except OSError as e:
                raise ConfigError(Code.E204, name="--dask", value=spec, reason=f"no scheduler there ({e})") from None
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, fn: Callable, *args):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def runner_for(workers: int | None = None, dask: str | None = None) -> Runner | None:
    """The runner the flags ask for, or None for coding in this process."""
    if dask:
        return DaskRunner(dask)
    if workers is not None and workers < 1:
        raise ConfigError(Code.E204, name="--workers", value=workers, reason="expected 1 or more")
    if workers and workers > 1:
        return ProcessRunner(workers)
    return None


class _Done:
    """A finished result, for a job with nothing to do."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def in_order(runner: Runner, jobs: Iterable[tuple[object, list]], fn: Callable, *args
             ) -> Iterator[tuple[object, object]]:
    """For each (key, payload) job, fn(*args, payload) on the runner's workers, at most IN_FLIGHT_PER_WORKER per
    worker ahead; yields (key, result) in the jobs' order. An empty payload is not sent anywhere (result [])."""
    pending: deque = deque()
    limit = IN_FLIGHT_PER_WORKER * runner.workers
    for key, payload in jobs:
        pending.append((key, runner.submit(fn, *args, payload) if payload else _Done([])))
        while len(pending) >= limit:
            key0, fut = pending.popleft()
            yield key0, fut.result()
    while pending:
        key0, fut = pending.popleft()
        yield key0, fut.result()


def coded_articles(runner: Runner, options: Options, jobs: Iterable[tuple[object, list[Article]]]
                   ) -> Iterator[tuple[object, list[Article | Rejection]]]:
    """(key, the coded articles) for each (key, articles to code) job, coded by the runner's workers, in order."""
    for key, records in in_order(runner, jobs, code_batch, options):
        yield key, [article_of(r) for r in records]
