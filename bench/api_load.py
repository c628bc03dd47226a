"""Reads under load: 50 concurrent clients against `wirecoder serve --watch` on a store of 100,000 events, alone,
while the server ingests dispatches dropped into its folder, and while 30 clients post texts to POST /api/code.

    .venv/bin/python bench/api_load.py [--events 100000] [--clients 50] [--seconds 30] [--dispatches 200]
                                       [--coders 30]

Loopback only (the server binds 127.0.0.1 on a free port), bounded in time (--seconds per phase) and in count
(at most --max-requests per phase). Each load runs twice: with the ten reads a map's users make (the server keeps
answers while the store does not change), and with every request's parameters drawn at random (what it cannot
keep). The store is the generated one of bench/api_latency.py; the dispatches are
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
from api_latency import build_store, free_port, percentile, stop_server, wait_for_server  # noqa: E402
from throughput import generate  # noqa: E402

READS = ["/api/events", "/api/events?country=SYR", "/api/events?type=Battles&from=2022-01&to=2022-06",
         "/api/events?bbox=35,32,42,37", "/api/events?q=Mogadiscio", "/api/events?min_sources=3&sort=-date",
         "/api/events?format=geojson&limit=1000&fields=event_type,fatalities,date", "/api/stats",
         "/api/events/evt-00000042", "/api/info"]
PLACES = ["Mogadiscio", "Alep", "Gao", "Djibo", "Marib", "Idleb", "Kaya", "Mopti", "Hodeida", "Dori"]
COUNTRIES = ["SYR", "YEM", "MLI", "BFA", "SOM", "NGA", "COD", "UKR", "AFG", "IRQ"]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"]


def varied_url(rng) -> str:
    """A read whose parameters are drawn at random, so that (nearly) no two requests are the same: what the
    server's kept answers cannot serve."""
    year, month = rng.randint(2018, 2024), rng.randint(1, 12)
    choice = rng.randrange(7)
    if choice == 0:
        return f"/api/events?country={rng.choice(COUNTRIES)}&offset={rng.randrange(0, 2000)}"
    if choice == 1:
        return f"/api/events?type={rng.choice(TYPES)}&from={year}-{month:02d}&to={year + rng.randint(0, 1)}"
    if choice == 2:
        x, y = rng.uniform(-20, 60), rng.uniform(-10, 40)
        return f"/api/events?bbox={x:.2f},{y:.2f},{x + rng.uniform(1, 20):.2f},{y + rng.uniform(1, 15):.2f}"
    if choice == 3:
        return f"/api/events?q={rng.choice(PLACES)}&limit={rng.randint(20, 200)}"
    if choice == 4:
        return (f"/api/events?format=geojson&limit={rng.randint(500, 2000)}&fields=event_type,fatalities,date"
                f"&from={year}")
    if choice == 5:
        return f"/api/stats?country={rng.choice(COUNTRIES)}&from={year}-{month:02d}"
    return f"/api/events/evt-{rng.randrange(100_000):08d}"


async def reader(session, stop: float, budget: list[int], times: list[float], errors: list[str], rng,
                 varied: bool) -> None:
    import aiohttp

    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        url = varied_url(rng) if varied else rng.choice(READS)
        t0 = time.perf_counter()
        try:
            async with session.get(url) as r:
                await r.read()
                if r.status != 200:
                    errors.append(f"{r.status} {url}")
                    continue
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            errors.append(f"{type(e).__name__} {url}")
            continue
        times.append((time.perf_counter() - t0) * 1000)


async def coder(session, stop: float, texts: list[str], counts: dict, rng) -> None:
    import aiohttp

    while time.monotonic() < stop:
        try:
            async with session.post("/api/code", json={"text": rng.choice(texts)[:5000]}) as r:
                await r.read()
                counts[r.status] = counts.get(r.status, 0) + 1
                if r.status == 429:
                    await asyncio.sleep(float(r.headers.get("retry-after", "1")))
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1


async def phase(base: str, clients: int, seconds: float, max_requests: int, coders: int = 0,
                texts: list[str] | None = None, varied: bool = False) -> tuple[list[float], list[str], dict, float]:
    """The clients share one aiohttp session, one keep-alive connection each (aiohttp rather than httpx: for the
    same requests it spends a third of the CPU time, which this machine's two cores share with the server)."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=clients + coders, keepalive_timeout=30)
    async with aiohttp.ClientSession(base, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=60)) as session:
        times, errors, counts, budget = [], [], {}, [max_requests]
        start = time.monotonic()
        stop = start + seconds
        tasks = [reader(session, stop, budget, times, errors, random.Random(i), varied) for i in range(clients)]
        tasks += [coder(session, stop, texts or [], counts, random.Random(1000 + i)) for i in range(coders)]
        await asyncio.gather(*tasks)
        return times, errors, counts, time.monotonic() - start


def report(label: str, times: list[float], errors: list[str], elapsed: float, counts: dict | None = None,
           cpu: tuple[float, float] | None = None) -> None:
    n = len(times) + len(errors)
    line = (f"{label:<42} {n:6d} req {n / elapsed:6.1f} req/s  p50 {percentile(times, 50):6.1f}  "
            f"p95 {percentile(times, 95):6.1f}  p99 {percentile(times, 99):6.1f} ms  errors {len(errors)}")
    if cpu:  # of the two cores' time in the phase, how much the server and this load generator used
        line += f"  cpu server {cpu[0] / elapsed:.2f} clients {cpu[1] / elapsed:.2f} cores"
    if counts:
        line += "  POST /api/code: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str))
    print(line, flush=True)
    for e in sorted(set(errors))[:5]:
        print(f"    {e}")


def run_phase(server_pid: int, *args, **kwargs):
    """`phase`, and the CPU seconds the server and this process spent in it."""
    before = _cpu(server_pid), _cpu(os.getpid())
    times, errors, counts, took = asyncio.run(phase(*args, **kwargs))
    after = _cpu(server_pid), _cpu(os.getpid())
    cpu = (after[0] - before[0], after[1] - before[1]) if None not in before + after else None
    return times, errors, counts, took, cpu


def _cpu(pid: int) -> float | None:
    try:
        import psutil

        t = psutil.Process(pid).cpu_times()
        return t.user + t.system + t.children_user + t.children_system
    except Exception:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--dispatches", type=int, default=200,
                    help="dropped into the watched folder, half before each ingest phase")
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
            if not wait_for_server(server, base):
                print("the server did not start", file=sys.stderr)
                return 1
            texts = generate(max(a.dispatches, 50))
            # the first text coded loads the model: not part of any phase
            httpx.post(f"{base}/api/code", json={"text": texts[0]}, timeout=120)
            for varied in (False, True):
                times, errors, _, took, cpu = run_phase(server.pid, base, a.clients, a.seconds, a.max_requests,
                                                        varied=varied)
                report(f"{a.clients} readers{', varied' if varied else ''}", times, errors, took, cpu=cpu)

            half = a.dispatches // 2
            for varied, batch in ((False, texts[:half]), (True, texts[half:a.dispatches])):
                for i, text in enumerate(batch):
                    (inbox / f"d{varied:d}{i:05d}.txt").write_text(text, encoding="utf-8")
                before = httpx.get(f"{base}/api/info", timeout=30).json()["counts"]["documents"]
                times, errors, _, took, cpu = run_phase(server.pid, base, a.clients, a.seconds, a.max_requests,
                                                        varied=varied)
                after = httpx.get(f"{base}/api/info", timeout=30).json()["counts"]["documents"]
                report(f"{a.clients} readers{', varied' if varied else ''} + ingest ({after - before} docs)",
                       times, errors, took, cpu=cpu)

            times, errors, counts, took, cpu = run_phase(server.pid, base, a.clients, a.seconds, a.max_requests,
                                                         a.coders, texts)
            report(f"{a.clients} readers + {a.coders} coding", times, errors, took, counts, cpu)
            rss = _rss_mb(server.pid)
            if rss:
                print(f"server peak-of-samples RSS now {rss:.0f} MB")
        finally:
            stop_server(server)
    return 0


def _rss_mb(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
