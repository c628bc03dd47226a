"""Latency of the HTTP API on a large store: p50 and p95 of GET /api/events (and a few other reads), in ms.

Builds a store of generated events (100,000 by default) written straight into the `events` table, with realistic
spreads of dates (2018-2024, more recent years busier, 85% to the day), countries, event types and sub-types,
tolls (many unknown or zero, a long tail) and source counts, and a document and mention for a few thousand of
them; no NLP runs. Then starts `wirecoder serve` on 127.0.0.1 in a subprocess, sends a bounded number of requests
per query over one keep-alive connection, prints the figures and stops the server. Each timed request is new to
the server (it would otherwise answer from the answers it keeps between writes): the figures are the database's;
the column 'kept' is the p50 of the same request asked again.

    .venv/bin/python bench/api_latency.py [--events 100000] [--requests 200] [--db FILE]

With --db the generated store is kept (e.g. to look at 100,000 events in the web map); target: under 100 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from wirecoder.store import EVENT_COLUMNS, MENTION_COLUMNS, Store

# (ISO3, weight, state forces, armed groups, [(place, admin1, lat, lon)])
COUNTRIES = [
    ("SYR", 16, "Military Forces of Syria", ["Hayat Tahrir al-Sham", "Islamic State (Syria)", "SDF"],
     [("Alep", "Aleppo", 36.20, 37.16), ("Idleb", "Idlib", 35.93, 36.63), ("Deir ez-Zor", "Deir ez-Zor", 35.33, 40.14),
      ("Hama", "Hama", 35.13, 36.75), ("Daraa", "Daraa", 32.62, 36.10)]),
    ("YEM", 10, "Military Forces of Yemen", ["Houthi Movement", "AQAP", "Southern Transitional Council"],
     [("Hodeida", "Al Hudaydah", 14.80, 42.95), ("Taez", "Taizz", 13.58, 44.02), ("Marib", "Marib", 15.46, 45.32),
      ("Aden", "Aden", 12.78, 45.04)]),
    ("MLI", 9, "Military Forces of Mali", ["JNIM", "Islamic State (Sahel)", "Dan Na Ambassagou"],
     [("Mopti", "Mopti", 14.49, -4.20), ("Gao", "Gao", 16.27, -0.04), ("Tombouctou", "Tombouctou", 16.77, -3.01),
      ("Ségou", "Segou", 13.43, -6.26)]),
    ("BFA", 9, "Military Forces of Burkina Faso", ["JNIM", "Islamic State (Sahel)", "VDP"],
     [("Djibo", "Sahel", 14.10, -1.63), ("Fada N'Gourma", "Est", 12.06, 0.36), ("Dori", "Sahel", 14.03, -0.03),
      ("Kaya", "Centre-Nord", 13.09, -1.08)]),
    ("NGA", 10, "Military Forces of Nigeria", ["Boko Haram", "ISWAP", "Bandits"],
     [("Maiduguri", "Borno", 11.85, 13.16), ("Kukawa", "Borno", 12.92, 13.57), ("Zamfara", "Zamfara", 12.17, 6.25),
      ("Kaduna", "Kaduna", 10.52, 7.44)]),
    ("SOM", 8, "Military Forces of Somalia", ["Al Shabaab", "Islamic State (Somalia)"],
     [("Mogadiscio", "Banaadir", 2.04, 45.34), ("Kismayo", "Lower Juba", -0.36, 42.55),
      ("Baidoa", "Bay", 3.11, 43.65)]),
    ("AFG", 7, "Military Forces of Afghanistan", ["Taliban", "Islamic State Khorasan"],
     [("Kunduz", "Kunduz", 36.73, 68.86), ("Kandahar", "Kandahar", 31.61, 65.71), ("Kaboul", "Kabul", 34.53, 69.17)]),
    ("IRQ", 6, "Military Forces of Iraq", ["Islamic State (Iraq)", "PMF"],
     [("Kirkouk", "Kirkuk", 35.47, 44.39), ("Mossoul", "Nineveh", 36.34, 43.13), ("Bagdad", "Baghdad", 33.34, 44.40)]),
    ("COD", 8, "Military Forces of the Democratic Republic of Congo", ["M23", "ADF", "CODECO"],
     [("Rutshuru", "Nord-Kivu", -1.19, 29.45), ("Beni", "Nord-Kivu", 0.49, 29.47), ("Bunia", "Ituri", 1.56, 30.25)]),
    ("NER", 5, "Military Forces of Niger", ["Islamic State (Sahel)", "Boko Haram"],
     [("Tillabéri", "Tillaberi", 14.21, 1.45), ("Diffa", "Diffa", 13.32, 12.61)]),
    ("SEN", 3, "Police Forces of Senegal", ["Protesters (Senegal)"],
     [("Dakar", "Dakar", 14.69, -17.44), ("Ziguinchor", "Ziguinchor", 12.58, -16.27)]),
    ("GIN", 3, "Police Forces of Guinea", ["Protesters (Guinea)"],
     [("Conakry", "Conakry", 9.54, -13.68), ("Kankan", "Kankan", 10.39, -9.31)]),
]
# (event type, weight, [(sub-event type, weight)], PLOVER)
TYPES = [
    ("Battles", 30, [("Armed clash", 85), ("Government regains territory", 8),
                     ("Non-state actor overtakes territory", 7)], "FIGHT"),
    ("Explosions/Remote violence", 24, [("Shelling/artillery/missile attack", 45), ("Air/drone strike", 35),
                                        ("Remote explosive/landmine/IED", 15), ("Suicide bomb", 5)], "ASSAULT"),
    ("Violence against civilians", 16, [("Attack", 80), ("Abduction/forced disappearance", 18),
                                        ("Sexual violence", 2)], "ASSAULT"),
    ("Protests", 18, [("Peaceful protest", 85), ("Protest with intervention", 12),
                      ("Excessive force against protesters", 3)], "PROTEST"),
    ("Riots", 5, [("Violent demonstration", 70), ("Mob violence", 30)], "PROTEST"),
    ("Strategic developments", 7, [("Arrests", 40), ("Looting/property destruction", 30), ("Agreement", 10),
                                   ("Other", 20)], "OTHER"),
]
START = date(2018, 1, 1)
SPAN_DAYS = (date(2024, 12, 31) - START).days


def _pick(rng, weights, n):
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def generate(n: int, seed: int = 20240101) -> pd.DataFrame:
    """n event rows with the `events` table's columns."""
    rng = np.random.default_rng(seed)
    country_i = _pick(rng, [c[1] for c in COUNTRIES], n)
    type_i = _pick(rng, [t[1] for t in TYPES], n)
    days = (rng.random(n) ** 0.75 * SPAN_DAYS).astype(int)  # later years busier
    precision = np.array([1, 2, 3])[_pick(rng, [85, 5, 10], n)]
    dead_kind = _pick(rng, [40, 30, 30], n)  # unknown, none, some (a long tail)
    tolls = np.minimum((rng.pareto(1.3, n) * 3).astype(int) + 1, 800)
    n_sources = np.array([1, 2, 3, 4, 5])[_pick(rng, [70, 18, 7, 3, 2], n)]
    jitter = rng.normal(0, 0.15, (n, 2))
    place_r, actor_r, sub_r, geo_r = rng.random(n), rng.random(n), rng.random(n), rng.random(n)
    rows = []
    for i in range(n):
        iso, _, state, groups, places = COUNTRIES[country_i[i]]
        etype, _, subs, plover = TYPES[type_i[i]]
        sub = subs[_pick_one([s[1] for s in subs], sub_r[i])][0]
        place, admin1, lat, lon = places[int(place_r[i] * len(places))]
        group = groups[int(actor_r[i] * len(groups))]
        actor1, actor2 = (group, state) if actor_r[i] < 0.6 else (state, group)
        inter1, inter2 = (2, 1) if actor1 == group else (1, 2)
        if etype in ("Protests", "Riots"):
            actor1, inter1, actor2, inter2 = f"Protesters ({iso})", 6, None, None
        elif etype == "Violence against civilians":
            actor2, inter2 = f"Civilians ({iso})", 7
        day = START + timedelta(days=int(days[i]))
        tp = int(precision[i])
        if tp == 3:
            d, first = day.strftime("%Y-%m"), day.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif tp == 2:
            d, first, last = day.isoformat(), day - timedelta(days=3), day + timedelta(days=3)
        else:
            d, first, last = day.isoformat(), day, day
        dead = None if dead_kind[i] == 0 else 0 if dead_kind[i] == 1 else int(tolls[i])
        k = int(n_sources[i])
        geo = 1 if geo_r[i] < 0.7 else 2 if geo_r[i] < 0.85 else 3
        rows.append({
            "event_id": f"evt-{i:08d}", "family": etype, "event_type": etype, "sub_event_type": sub,
            "plover": plover, "actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2,
            "country": iso, "admin1": admin1, "location": place,
            "latitude": round(lat + jitter[i, 0], 5), "longitude": round(lon + jitter[i, 1], 5),
            "geo_precision": geo, "geonames_id": None, "date": d, "time_precision": tp,
            "day_from": first, "day_to": last, "fatalities": dead, "fatalities_max": dead if dead is None else
            dead + (k - 1) * 2, "count": None, "n_mentions": k + (i % 3 == 0), "n_documents": k, "n_sources": k,
            "sources": ["AFP", "Reuters", "RFI", "AP", "Xinhua"][:k], "reported_by": [],
            "notes": f"{sub} à {place} ({admin1}) : {actor1}" + (f" contre {actor2}" if actor2 else "") +
                     (f", {dead} morts." if dead else "."),
            "confidence": 0.5 + (i % 50) / 100, "first_published": d,
        })
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _pick_one(weights, r):
    acc, total = 0.0, sum(weights)
    for j, w in enumerate(weights):
        acc += w / total
        if r < acc:
            return j
    return len(weights) - 1


def add_mentions(store: Store, events: pd.DataFrame, n: int) -> None:
    """A document and one mention for each of the first n events, with evidence offsets into the text."""
    docs, mentions = [], []
    for e in events.head(n).itertuples(index=False):
        sentence = e.notes
        text = f" date {e.date}\n{sentence}\nDeuxième paragraphe de la dépêche, sans événement."
        start = text.index(sentence)
        trigger = {"start": start, "end": start + len(e.sub_event_type), "text": e.sub_event_type}
        place_at = text.index(e.location, start)
        evidence = {"trigger": trigger, "location": {"start": place_at, "end": place_at + len(e.location),
                                                     "text": e.location}}
        doc_id = f"doc-{e.event_id}"
        docs.append({"doc_id": doc_id, "content_hash": None, "source": "AFP", "url": None, "published": e.date,
                     "lang": "fr", "status": "coded", "n_mentions": 1, "run_id": None, "stored_at": None,
                     "text": text})
        m = dict.fromkeys(MENTION_COLUMNS)
        m.update(mention_id=f"{doc_id}#1", doc_id=doc_id, event_id=e.event_id, family=e.family,
                 event_type=e.event_type, sub_event_type=e.sub_event_type, source="AFP", published=e.date,
                 sentence_start=start, sentence_end=start + len(sentence), sentence=sentence,
                 trigger_start=trigger["start"], trigger_end=trigger["end"],
                 record=json.dumps({"event_id": e.event_id, "evidence": evidence}, ensure_ascii=False))
        mentions.append(m)
    doc_frame = pd.DataFrame(docs)  # noqa: F841 (read by DuckDB by name)
    mention_frame = pd.DataFrame(mentions, columns=MENTION_COLUMNS)  # noqa: F841
    store.con.execute("INSERT INTO documents SELECT * FROM doc_frame")
    store.con.execute(f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) "
                      f"SELECT {', '.join(MENTION_COLUMNS)} FROM mention_frame")


def build_store(path: str, n: int, with_mentions: int) -> float:
    start = time.perf_counter()
    frame = generate(n)
    with Store(path) as store:
        store.con.execute("DELETE FROM events; DELETE FROM mentions; DELETE FROM documents")
        store.con.register("event_frame", frame)
        store.con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT "
                          + ", ".join(f"CAST({c} AS DATE)" if c in ("day_from", "day_to") else
                                      "CAST(sources AS VARCHAR[])" if c == "sources" else
                                      "CAST(reported_by AS VARCHAR[])" if c == "reported_by" else c
                                      for c in EVENT_COLUMNS) + " FROM event_frame")
        add_mentions(store, frame, with_mentions)
        store.con.execute("CHECKPOINT")
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(server: subprocess.Popen, base: str, seconds: float = 60) -> bool:
    """Whether the server at `base` answers /api/info within `seconds` (False as soon as it has exited)."""
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(f"{base}/api/info", timeout=5).raise_for_status()
            return True
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                return False
            time.sleep(0.2)


def stop_server(server: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a `wirecoder serve` subprocess: politely, then for good."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--mentions", type=int, default=2_000, help="events that get a document and a mention")
    ap.add_argument("--requests", type=int, default=200, help="timed requests per query (after 5 warm-up ones)")
    ap.add_argument("--db", help="write the generated store here and keep it (default: a temporary file)")
    args = ap.parse_args()
    import httpx

    tmp = None
    if args.db:
        db = args.db
    else:
        tmp = tempfile.TemporaryDirectory(prefix="wirecoder-bench-")
        db = str(Path(tmp.name) / "bench.duckdb")
    seconds = build_store(db, args.events, min(args.mentions, args.events))
    print(f"store: {args.events} events ({min(args.mentions, args.events)} with a report) in {db}, "
          f"built in {seconds:.1f} s")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WIRECODER_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "wirecoder.cli", "serve", "--db", db, "--port", str(port)],
                              stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    queries = [
        ("default page (100, by date)", "/api/events"),
        ("country", "/api/events?country=SYR"),
        ("type + 6 months", "/api/events?type=Battles&from=2022-01&to=2022-06"),
        ("sub-type, by fatalities", "/api/events?type=Air/drone%20strike&sort=fatalities"),
        ("bbox", "/api/events?bbox=35,32,42,37"),
        ("actor", "/api/events?actor=shabaab"),
        ("text search", "/api/events?q=Mogadiscio"),
        ("min sources, newest first", "/api/events?min_sources=3&sort=-date"),
        ("deep page", "/api/events?offset=50000&sort=-date"),
        ("geojson, 1000 events", "/api/events?format=geojson&limit=1000"),
        ("map: 5000 events, 5 fields", "/api/events?format=geojson&limit=5000&fields=event_type,fatalities,date"),
        ("5000 events, every field", "/api/events?limit=5000"),
        ("stats (timeline)", "/api/stats"),
        ("stats, filtered", "/api/stats?country=MLI&from=2021"),
        ("one event with its report", "/api/events/evt-00000042"),
    ]
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            run = os.getpid()
            if not wait_for_server(server, base):
                print("the server did not start", file=sys.stderr)
                return 1
            print(f"{'query':<32} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'kept':>6} {'total':>7} {'bytes':>8}")
            worst = 0.0
            for label, url in queries:
                for _ in range(5):
                    client.get(url).raise_for_status()
                times, kept = [], []
                for i in range(args.requests):
                    # a parameter the API ignores, new each time: the server cannot serve a kept answer, and the
                    # query runs in the database; then the same URL again, answered from what the server kept
                    fresh = f"{url}{'&' if '?' in url else '?'}_run={run}-{i}"
                    t0 = time.perf_counter()
                    r = client.get(fresh)
                    r.raise_for_status()
                    body = r.content
                    times.append((time.perf_counter() - t0) * 1000)
                    t0 = time.perf_counter()
                    client.get(fresh).raise_for_status()
                    kept.append((time.perf_counter() - t0) * 1000)
                data = json.loads(body)
                total = data.get("total", "")
                p50, p95 = percentile(times, 50), percentile(times, 95)
                if (url.startswith("/api/events?") or url == "/api/events") and "limit=" not in url:
                    worst = max(worst, p95)
                print(f"{label:<32} {p50:7.1f} {p95:7.1f} {max(times):7.1f} {percentile(kept, 50):6.1f} "
                      f"{total!s:>7} {len(body):8d}")
            print(f"GET /api/events pages of 100, worst p95: {worst:.1f} ms (target: under 100 ms)")
    finally:
        stop_server(server)
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
