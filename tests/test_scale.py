"""Scale-out: stages without per-article state (pickle, threads), coded records, `load`, `--workers`, Dask.

Every way of coding must store exactly what a serial `ingest` stores: the corpus is the de-duplication fixture
(reports that merge into shared events) plus the bundled examples and a file of bad records.
"""
from __future__ import annotations

import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from wirecoder.api import examples_dir
from wirecoder.cli import main
from wirecoder.readers import read_inputs
from wirecoder.records import article_of, article_record, read_records

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("documents", "mentions", "events", "candidates", "links", "rejections")


def snapshot(db) -> dict[str, list[str]]:
    """Every stored row but the run bookkeeping, in a stable order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall() if r[0] not in ("run_id", "stored_at")]
            out[t] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    (d / "reports.jsonl").write_text((FIXTURES / "dedup_gold.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    for p in examples_dir().iterdir():
        if p.suffix == ".txt":
            (d / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "bad.jsonl").write_text('{"id": "no-text"}\nnot json\n{"id": "bad-date", "text": "Un texte.", '
                                 '"published": "2020-13-45"}\n', encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("serial") / "serial.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db)]) == 1  # the bad records are rejected, the rest stored
    snap = snapshot(db)
    assert len(snap["links"]) > 0 and len(snap["rejections"]) == 3  # the corpus tests merging and rejections
    return snap


def test_pipeline_and_stages_pickle_and_code_alike(pipeline):
    text = ("Des hommes armés ont attaqué lundi le village de Kukawa, dans l'Etat de Borno, tuant douze civils, "
            "selon la police.")
    again = pickle.loads(pickle.dumps(pipeline))
    for stage in pipeline.stages:
        assert type(pickle.loads(pickle.dumps(stage))) is type(stage)
    first = [article_record(a) for a in pipeline.run(read_inputs([str(examples_dir())]))]
    second = [article_record(a) for a in again.run(read_inputs([str(examples_dir())]))]
    assert first == second and any(r["events"] for r in first)


def test_stages_keep_no_article_state_across_threads(pipeline):
    articles = [a for a in read_inputs([str(examples_dir())])]
    serial = [article_record(pipeline(a)) for a in articles]
    fresh = [a for a in read_inputs([str(examples_dir())])]
    with ThreadPoolExecutor(4) as pool:  # the same stages, four articles at a time, in any order
        threaded = list(pool.map(lambda a: article_record(pipeline(a)), reversed(fresh)))
    assert list(reversed(threaded)) == serial


def test_a_record_comes_back_as_the_same_article(pipeline):
    for a in pipeline.run(read_inputs([str(examples_dir())])):
        rec = article_record(a)
        assert article_record(article_of(json.loads(json.dumps(rec)))) == rec


def test_a_broken_record_is_a_rejection_and_reading_goes_on(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_text('{"id": "a", "text": "x", "events": [{"event_id": 3}]}\n{oops\n'
                 '{"id": "b", "text": "Texte.", "events": [], "candidates": []}\n', encoding="utf-8")
    items = list(read_records([str(f)]))
    assert [getattr(i, "code", None) for i in items] == ["E107", "E107", None]
    assert items[2].id == "b"


def test_code_records_then_load_stores_what_ingest_stores(corpus, serial, tmp_path):
    records, db = tmp_path / "records.jsonl", tmp_path / "loaded.duckdb"
    assert main(["code", str(corpus), "--format", "records", "-o", str(records)]) == 1
    assert main(["load", str(records), "--db", str(db)]) == 1  # the read-time rejections travel as records
    assert snapshot(db) == serial
    assert main(["load", str(records), "--db", str(db)]) == 1  # a second load adds nothing
    assert snapshot(db) == serial


def test_ingest_with_two_worker_processes_stores_what_serial_ingest_stores(corpus, serial, tmp_path):
    db = tmp_path / "workers.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "2"]) == 1
    assert snapshot(db) == serial


def test_dask_local_cluster_ingest_stores_what_serial_ingest_stores(corpus, serial, tmp_path):
    db = tmp_path / "dask.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--dask", "local:2"]) == 1
    assert snapshot(db) == serial


def test_dask_code_writes_parquet_records_that_load_stores(corpus, serial, tmp_path):
    out, db = tmp_path / "parts", tmp_path / "parquet.duckdb"
    assert main(["code", str(corpus), "--dask", "local:1", "-o", f"{out}/"]) == 1
    assert sorted(p.suffix for p in out.iterdir()) == [".parquet"] * len(list(out.iterdir()))
    assert main(["load", str(out), "--db", str(db)]) == 1
    assert snapshot(db) == serial


@pytest.mark.parametrize("flags, message", [(["--workers", "0"], "--workers"),
                                            (["--dask", "local:x"], "local:N"),
                                            (["--dask", "somewhere"], "scheduler address")])
def test_bad_parallel_flags_are_one_line(flags, message, tmp_path, capsys):
    assert main(["ingest", str(examples_dir()), "--db", str(tmp_path / "x.duckdb"), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wirecoder: [E204]") and message in err and "\n" not in err


def test_dask_scheduler_address_is_used_as_given(corpus, serial, tmp_path):
    from dask.distributed import LocalCluster

    db = tmp_path / "remote.duckdb"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        assert main(["ingest", str(corpus), "--db", str(db), "--dask", cluster.scheduler_address]) == 1
        assert len(cluster.scheduler.workers) == 1  # the cluster's own worker did the coding; the command left it up
    assert snapshot(db) == serial
