"""Live ingestion beside the map: `serve --watch`, `wirecoder watch`, a read-only server that others can read
beside, and writers that wait for a store another process holds instead of failing."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings

import pytest

from wirecoder.api import examples_dir
from wirecoder.cli import main
from wirecoder.server import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow
EXAMPLES = sorted(p for p in examples_dir().iterdir() if p.suffix == ".txt")
WIRECODER = [sys.executable, "-m", "wirecoder.cli"]


def test_serve_watch_ingests_dropped_files_while_another_client_reads(pipeline, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = create_app(str(tmp_path / "live.duckdb"), pipeline=pipeline, watch=str(inbox), watch_interval=0.2)
    reads, stop = [], threading.Event()
    with TestClient(app) as client:
        def reader():
            while not stop.is_set():
                reads.append(client.get("/api/events", params={"limit": 5}).status_code)
                time.sleep(0.05)

        t = threading.Thread(target=reader)
        t.start()
        assert client.get("/api/events").json()["total"] == 0
        for p in EXAMPLES[:3]:
            shutil.copy(p, inbox / p.name)
        deadline, total = time.monotonic() + 120, 0
        while time.monotonic() < deadline and total == 0:
            time.sleep(0.3)
            total = client.get("/api/events").json()["total"]
        docs = {client.get(f"/api/documents/{p.stem}").status_code for p in EXAMPLES[:3]}
        stop.set()
        t.join()
    assert total > 0 and docs == {200}  # the dropped dispatches were coded and stored, without a restart
    assert len(reads) > 5 and set(reads) == {200}  # and the other client was answered all along


def test_a_read_only_server_lets_other_processes_read_the_store(tmp_path):
    db = tmp_path / "shared.duckdb"
    assert main(["ingest", str(EXAMPLES[0]), "--db", str(db)]) == 0
    app = create_app(str(db))  # no token, no folder: read-only
    with TestClient(app) as client:
        assert client.get("/api/info").json()["writable"] is False
        res = subprocess.run(WIRECODER + ["events", "--db", str(db), "--format", "jsonl"], capture_output=True,
                             text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert res.stdout.count("\n") == client.get("/api/events").json()["total"] > 0


def test_a_writer_waits_for_a_store_another_process_holds(tmp_path, capsys):
    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(4)", str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    assert main(["ingest", str(EXAMPLES[0]), "--db", str(db), "--wait", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "is held by another process" in err and "[E401]" in err and time.monotonic() - start < 3
    assert main(["ingest", str(EXAMPLES[0]), "--db", str(db)]) == 0  # waits until the holder is gone
    assert time.monotonic() - start >= 3.5 and holder.wait(timeout=10) == 0
    assert "waiting for it" in capsys.readouterr().err


def test_watch_command_ingests_files_as_they_arrive(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "watched.duckdb"
    inbox.mkdir()
    proc = subprocess.Popen(WIRECODER + ["watch", str(inbox), "--db", str(db), "--interval", "0.2"],
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        assert "watching" in proc.stderr.readline()
        os.mkfifo(inbox / "pipe.txt")  # never opened: it would hold the writer for ever
        shutil.copy(EXAMPLES[1], inbox / EXAMPLES[1].name)
        line = proc.stderr.readline()
        while line and "new or changed files" not in line:
            line = proc.stderr.readline()
        assert line.startswith("1 new or changed files: 1 documents")
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    res = subprocess.run(WIRECODER + ["events", "--db", str(db), "--format", "jsonl"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip()
