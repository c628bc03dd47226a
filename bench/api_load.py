"""Reads under load: 50 concurrent clients against `wirecoder serve --watch` on a store of 100,000 events, alone,
while the server ingests dispatches dropped into its folder, and while 30 clients post texts to POST /api/code.

    .venv/bin/python bench/api_load.py [--events 100000] [--clients 50] [--seconds 30] [--dispatches 200]
                                       [--coders 30]

Loopback only (the server binds 127.0.0.1 on a free port), bounded in time (--seconds per phase) and in count
(at most --max-requests per phase). The store is the generated one of bench/api_latency.py; the dispatches are
generated from the bundled examples (bench/throughput.py). For each phase it prints requests, requests/s, p50, p95
and p99 of the reads in ms, and errors (any answer but 200, or no answer). POST /api/code answers 429 when its
queue is full: those answers are counted apart, as the refusals they are meant to be.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import build_store, free_port, percentile  # noqa: E402
from throughput import generate  # noqa: E402

READS = ["/api/events", "/api/events?country=SYR", "/api/events?type=Battles&from=2022-01&to=2022-06",
         "/api/events?bbox=35,32,42,37", "/api/events?q=Mogadiscio", "/api/events?min_sources=3&sort=-date",
         "/api/events?format=geojson&limit=1000&fields=event_type,fatalities,date", "/api/stats",
         "/api/events/evt-00000042", "/api/info"]


async def reader(client, stop: float, budget: list[int], times: list[float], errors: list[str], rng) -> None:
    import httpx

    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        url = rng.choice(READS)
        t0 = time.perf_counter()
        try:
            r = await client.get(url)
            await r.aread()
            if r.status_code != 200:
                errors.append(f"{r.status_code} {url}")
                continue
        except httpx.HTTPError as e:
            errors.append(f"{type(e).__name__} {url}")
            continue
        times.append((time.perf_counter() - t0) * 1000)


async def coder(client, stop: float, texts: list[str], counts: dict, rng) -> None:
    import httpx

    while time.monotonic() < stop:
        try:
            r = await client.post("/api/code", json={"text": rng.choice(texts)[:5000]})
            counts[r.status_code] = counts.get(r.status_code, 0) + 1
            if r.status_code == 429:
                await asyncio.sleep(float(r.headers.get("retry-after", "1")))
        except httpx.HTTPError as e:
            counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1


async def phase(base: str, clients: int, seconds: float, max_requests: int, coders: int = 0,
                texts: list[str] | None = None) -> tuple[list[float], list[str], dict, float]:
    import httpx

    limits = httpx.Limits(max_connections=clients + coders, max_keepalive_connections=clients + coders)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        times, errors, counts, budget = [], [], {}, [max_requests]
        start = time.monotonic()
        stop = start + seconds
        tasks = [reader(client, stop, budget, times, errors, random.Random(i)) for i in range(clients)]
        tasks += [coder(client, stop, texts or [], counts, random.Random(1000 + i)) for i in range(coders)]
        await asyncio.gather(*tasks)
        return times, errors, counts, time.monotonic() - start


def report(label: str, times: list[float], errors: list[str], elapsed: float, counts: dict | None = None) -> None:
    n = len(times) + len(errors)
    line = (f"{label:<34} {n:7d} req  {n / elapsed:7.1f} req/s  p50 {percentile(times, 50):7.1f}  "
            f"p95 {percentile(times, 95):7.1f}  p99 {percentile(times, 99):7.1f} ms  errors {len(errors)}")
    if counts:
        line += "  POST /api/code: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str))
    print(line, flush=True)
    for e in sorted(set(errors))[:5]:
        print(f"    {e}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--dispatches", type=int, default=200, help="dropped into the watched folder in phase 2")
    ap.add_argument("--coders", type=int, default=30, help="clients posting to /api/code in phase 3")
    a = ap.parse_args()
    import httpx

    with tempfile.TemporaryDirectory(prefix="wirecoder-load-") as tmp:
        db, inbox = str(Path(tmp) / "load.duckdb"), Path(tmp) / "inbox"
        inbox.mkdir()
        print(f"store: {a.events} events built in {build_store(db, a.events, 2000):.1f} s", flush=True)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "WIRECODER_TOKEN"}
        server = subprocess.Popen([sys.executable, "-m", "wirecoder.cli", "serve", "--db", db, "--port", str(port),
                                   "--watch", str(inbox), "--watch-interval", "1"], stderr=subprocess.DEVNULL,
                                  env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"{base}/api/info", timeout=5).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            texts = generate(max(a.dispatches, 50))
            # the first text coded loads the model: not part of any phase
            httpx.post(f"{base}/api/code", json={"text": texts[0]}, timeout=120)
            times, errors, _, took = asyncio.run(phase(base, a.clients, a.seconds, a.max_requests))
            report(f"{a.clients} readers", times, errors, took)

            for i, text in enumerate(texts[:a.dispatches]):
                (inbox / f"d{i:05d}.txt").write_text(text, encoding="utf-8")
            before = httpx.get(f"{base}/api/info", timeout=30).json()["counts"]["documents"]
            times, errors, _, took = asyncio.run(phase(base, a.clients, a.seconds, a.max_requests))
            after = httpx.get(f"{base}/api/info", timeout=30).json()["counts"]["documents"]
            report(f"{a.clients} readers + ingest ({after - before} docs)", times, errors, took)

            times, errors, counts, took = asyncio.run(phase(base, a.clients, a.seconds, a.max_requests, a.coders,
                                                            texts))
            report(f"{a.clients} readers + {a.coders} coding", times, errors, took, counts)
            rss = _rss_mb(server.pid)
            if rss:
                print(f"server peak-of-samples RSS now {rss:.0f} MB")
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


def _rss_mb(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
