"""The store: re-runs add nothing, a killed ingest resumes with nothing lost or duplicated, dedup merges reports."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wirecoder.api import ingest
from wirecoder.dedup import DedupRules, cluster, compare
from wirecoder.store import Store

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def report(doc_id, source, published, text):
    return json.dumps({"id": doc_id, "source": source, "published": published, "text": text}, ensure_ascii=False)


def test_store_ingest_twice_adds_nothing(pipeline, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        report("a", "AFP", "2021-06-08", "Des hommes armés ont tué lundi douze villageois à Solhan, au Burkina Faso."),
        report("b", "RFI", "2021-06-08", "Au Burkina Faso, douze civils ont été tués lundi à Solhan par des jihadistes."),
    ]) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest([str(src)], store, pipeline)
        counts = store.counts()
        second = ingest([str(src)], store, pipeline)
        assert store.counts() == counts
    assert first.skipped == 0 and second.skipped == 2 and second.mentions == 0
    assert counts["documents"] == 2 and counts["mentions"] == 2
    assert counts["events"] == 1  # the two reports are one event


def test_store_two_reports_merge_and_keep_the_conservative_toll(pipeline, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        report("first", "AFP", "2019-07-23", "Un attentat suicide a fait au moins cinq morts mardi à Mogadiscio."),
        report("later", "Reuters", "2019-07-24", "Le bilan de l'attentat suicide commis mardi à Mogadiscio par les "
                                                 "shebab s'élève à onze morts."),
        report("other", "AFP", "2019-07-30", "Un attentat suicide a fait trois morts lundi à Kismayo."),
    ]) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(src)], store, pipeline)
        events = store.events()
    bombs = [e for e in events if e["sub_event_type"] == "Suicide bomb"]
    assert len(bombs) == 2
    mog = next(e for e in bombs if e["location"] == "Mogadishu")
    assert mog["n_documents"] == 2 and mog["n_sources"] == 2 and set(mog["sources"]) == {"AFP", "Reuters"}
    assert mog["fatalities"] == 5 and mog["fatalities_max"] == 11
    assert mog["actor1"] == "Al Shabaab"  # the named author from the later report beats the unknown one
    assert {m["doc_id"] for m in mog["mentions"]} == {"first", "later"}


BASE = {"doc_id": "a", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "JNIM: Group for Support of Islam and Muslims", "actor2": "Military Forces of Mali",
        "country": "MLI", "admin1": "Mopti", "location": "Dioura", "location_text": "Dioura", "latitude": 14.86,
        "longitude": -5.25, "geo_precision": 1, "date": "2019-06-09", "time_precision": 1,
        "sentence": "Des jihadistes ont attaqué le camp militaire de Dioura dimanche.", "lang": "fr"}


def other(**fields) -> dict:
    return {**BASE, "doc_id": "b", **fields}


def test_compare_keeps_apart_other_days_places_countries_kinds_and_initiators():
    rules = DedupRules()
    apart = lambda m: compare(m, BASE, rules).conflict  # noqa: E731
    assert apart(other()) is None and compare(other(), BASE, rules).score >= rules.threshold
    assert apart(other(date="2019-06-16")) == "date"  # a week later
    assert apart(other(date="2019-06-10")) is None  # 'hier' read a day apart
    assert apart(other(location="Sévaré", location_text="Sévaré", latitude=14.53, longitude=-4.09)) == "place"
    assert apart(other(location="Ségou", admin1="Ségou", location_text="Ségou", latitude=13.43, longitude=-6.26,
                       geo_precision=3)) == "place"  # a province that does not hold the other's town
    assert apart(other(country="BFA")) == "place"
    assert apart(other(event_type="Protests", sub_event_type="Peaceful protest")) == "type"
    assert apart(other(actor1="Islamic State (Sahel)", date="2019-06", time_precision=3)) == "actors"
    assert apart(other(doc_id="a")) == "document"  # the events stage kept one report's events apart
    # an unnamed initiator fits anyone; the province, the month and a 'near' place hold the precise report
    assert apart(other(actor1="Unidentified Armed Group (Mali)")) is None
    assert apart(other(location="Mopti", location_text="Mopti", geo_precision=3, latitude=None)) is None
    assert apart(other(date="2019-06", time_precision=3)) is None
    assert apart(other(location="Sévaré", location_text="Sévaré", latitude=14.90, longitude=-5.30,
                       geo_precision=2)) is None
    # the same toponym resolved to two places by two reports (a geocoding slip) is still one place
    assert apart(other(location="Dioura Koura", latitude=12.0, longitude=-8.0)) is None
    # another named initiator at the very same place, day and sub-type: a disputed claim, weighed against
    disputed = compare(other(actor1="Islamic State (Sahel)"), BASE, rules)
    assert disputed.conflict is None and disputed.score < compare(other(), BASE, rules).score


def test_compare_weighs_subtypes_tolls_and_rare_shared_words():
    rules = DedupRules()
    score = lambda m: compare(m, BASE, rules).score  # noqa: E731
    assert score(other(event_type="Violence against civilians", sub_event_type="Attack")) < score(other())
    assert score(other(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")) < \
        score(other(event_type="Violence against civilians", sub_event_type="Attack"))
    assert score(other(fatalities=3, **{"sentence": BASE["sentence"]})) == score(other())  # one side has no toll
    toll = lambda x, y: compare({**BASE, "fatalities": x}, other(fatalities=y), rules).parts["toll"].value  # noqa
    assert toll(7, 7) > toll(7, 32) > toll(2, 213)  # a rising toll is normal; 2 against 213 is another event
    words = lambda text: compare(other(sentence=text), BASE, rules).parts["words"]  # noqa: E731
    assert words("Le camp militaire de Dioura a été attaqué par des jihadistes.").value > \
        words("Des combats ont eu lieu dimanche dans le centre du pays.").value
    assert "jihadistes" in words("Des jihadistes ont frappé.").why


def test_cluster_takes_the_best_links_first_and_never_chains_through_a_conflict():
    # b links to both a and c, but a and c name two villages: b joins its best match only
    links = [(3.0, "a", "b"), (2.5, "b", "c"), (2.2, "c", "d")]
    root, joined = cluster(["a", "b", "c", "d"], links, lambda x, y: {x, y} == {"a", "c"})
    assert root == {"a": "a", "b": "a", "c": "c", "d": "c"}
    assert joined == {"b": (3.0, "a", "b"), "d": (2.2, "c", "d")}
    # the order of the links given does not matter
    assert cluster(["d", "c", "b", "a"], links[::-1], lambda x, y: {x, y} == {"a", "c"})[0] == root


@pytest.mark.parametrize("workers", [1, 2])
def test_store_killed_ingest_resumes_with_nothing_lost_or_duplicated(tmp_path, workers):
    import psutil

    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import generate

    texts = generate(240)
    src = tmp_path / "corpus.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i:03d}", "text": t, "source": f"S{i % 5}"}, ensure_ascii=False)
                             for i, t in enumerate(texts)) + "\n", encoding="utf-8")
    cfg = tmp_path / "w.toml"
    cfg.write_text("[wirecoder]\nbatch_size = 8\n")
    cmd = [sys.executable, "-m", "wirecoder.cli", "ingest", str(src), "--config", str(cfg)]

    killed = tmp_path / "killed.duckdb"
    parallel = ["--workers", str(workers)] if workers > 1 else []
    proc = subprocess.Popen(cmd + parallel + ["--db", str(killed)], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 600
    for line in proc.stderr:  # progress lines come every 50 documents when stderr is not a terminal
        if "documents" in line and "/240" in line or time.time() > deadline:
            break
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len([c for c in children if "python" in c.name()]) >= (workers if workers > 1 else 0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    _, alive = psutil.wait_procs(children, timeout=60)
    assert not alive  # the worker processes do not outlive the run
    with Store(killed) as store:
        partial = store.counts()["documents"]
    assert 0 < partial < 240  # it was killed in the middle

    assert subprocess.run(cmd + parallel + ["--db", str(killed)], capture_output=True).returncode == 0
    clean = tmp_path / "clean.duckdb"
    assert subprocess.run(cmd + ["--db", str(clean)], capture_output=True).returncode == 0
    with Store(killed) as a, Store(clean) as b:
        assert a.counts() == b.counts()
        assert a.counts()["documents"] == 240
        ids = lambda s: sorted(r[0] for r in s.con.execute("SELECT mention_id FROM mentions").fetchall())
        assert ids(a) == ids(b)
        runs = a.con.execute("SELECT status FROM runs ORDER BY started").fetchall()
        assert [r[0] for r in runs] == ["interrupted", "finished"]  # the killed run is visible as such


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_during_an_ingest_exits_130_in_one_line_and_the_run_resumes(tmp_path, workers):
    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import generate

    src = tmp_path / "corpus.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i:03d}", "text": t}, ensure_ascii=False)
                             for i, t in enumerate(generate(160))) + "\n", encoding="utf-8")
    cfg = tmp_path / "w.toml"
    cfg.write_text("[wirecoder]\nbatch_size = 8\n")
    db = tmp_path / "int.duckdb"
    cmd = [sys.executable, "-m", "wirecoder.cli", "ingest", str(src), "--config", str(cfg), "--db", str(db),
           "--workers", str(workers)]
    # as a terminal's Ctrl-C: SIGINT to the whole process group, workers included, while batches are being stored
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in proc.stderr:
        if "/160 documents" in line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    err = line + proc.stderr.read()
    assert proc.wait(timeout=120) == 130
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "wirecoder: interrupted"
    with Store(db) as store:
        assert 0 < store.counts()["documents"] < 160
        assert store.con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    with Store(db) as store:
        assert store.counts()["documents"] == 160


def test_store_cluster_fixture_merges_reports_and_keeps_distractors_apart(pipeline, tmp_path):
    """On our own cluster set: several reports of one event become one event; the same kind of event a week
    later, or the same day in another town, stays apart. (bench/dedup_eval.py prints the pairwise figures.)"""
    gold = ROOT / "tests" / "fixtures" / "dedup_gold.jsonl"
    with Store(tmp_path / "c.duckdb") as store:
        ingest([str(gold)], store, pipeline)
        events = store.events()

    def event_of(doc_id, sub_event_type):
        found = [e for e in events if e["sub_event_type"] == sub_event_type
                 and doc_id in {m["doc_id"] for m in e["mentions"]}]
        assert len(found) == 1, (doc_id, sub_event_type)
        return found[0]

    mogadishu = event_of("dd-som-01", "Suicide bomb")
    assert {"dd-som-01", "dd-som-02", "dd-som-03"} <= {m["doc_id"] for m in mogadishu["mentions"]}
    assert mogadishu["n_sources"] >= 3
    som04 = [e for e in events if "dd-som-04" in {m["doc_id"] for m in e["mentions"]}]
    # the airport bombing a week later is its own event; the same dispatch's recap of the 14th joins the first
    assert len(som04) == 2 and mogadishu in som04
    djibo = event_of("dd-bfa-01", "Remote explosive/landmine/IED")
    assert {"dd-bfa-02", "dd-bfa-03"} <= {m["doc_id"] for m in djibo["mentions"]}
    assert "dd-bfa-04" not in {m["doc_id"] for m in djibo["mentions"]}  # same road, a week later
    ariha = event_of("dd-syr-01", "Air/drone strike")
    assert "dd-syr-04" not in {m["doc_id"] for m in ariha["mentions"]}  # 26 km away, a week later


def test_store_rebuild_with_the_same_rules_gives_the_same_events(pipeline, tmp_path):
    gold = ROOT / "tests" / "fixtures" / "dedup_gold.jsonl"

    def partition(store):
        groups: dict[str, set] = {}
        for mention_id, event_id in store.con.execute("SELECT mention_id, event_id FROM mentions").fetchall():
            groups.setdefault(event_id, set()).add(mention_id)
        return sorted(sorted(g) for g in groups.values())

    with Store(tmp_path / "r.duckdb") as store:
        ingest([str(gold)], store, pipeline)
        before = partition(store)
        store.rebuild_events()
        assert partition(store) == before


def _coded(doc_id: str, text: str, confidences: list[float]):
    """An Article as the events stage leaves it, events written by hand (no spaCy): one Attack per confidence,
    each at its own word of the text."""
    from wirecoder.model import Article, Event, Place, Span

    article = Article(doc_id, text, source="AFP")
    words = text.split()
    events = []
    for n, confidence in enumerate(confidences):
        start = text.index(words[n])
        trigger = Span(start, start + len(words[n]), words[n])
        place = Place(f"Village {n}", "MLI", "Mopti", 14.0 + n, -4.0)
        events.append(Event(
            event_id=f"e{n}", doc_id=doc_id, event_type="Violence against civilians", sub_event_type="Attack",
            plover="ASSAULT", actor1=None, actor2=None, location=place, date=f"2019-06-{10 + n}", time_precision=1,
            date_text=None, fatalities=None, count=None, reported_by=None, evidence={"trigger": trigger},
            sentence=Span(0, len(text), text), confidence=confidence))
    return article, events


def test_store_keeps_events_below_min_confidence_as_candidates_apart(tmp_path):
    article, (strong, weak) = _coded("cand", "attaque raid tirs", [0.9, 0.6])
    article.events, article.candidates = [strong], [weak]
    with Store(tmp_path / "c.duckdb") as store:
        assert store.save_batch([article], []) == 1  # one mention: the candidate is no mention
        assert store.counts() == {"documents": 1, "mentions": 1, "events": 1, "rejections": 0, "candidates": 1}
        [candidate] = store.candidates("cand")
        assert candidate["confidence"] == 0.6 and candidate["event_id"] is None
        assert candidate["date"] == "2019-06-11" and candidate["sentence"] == "attaque raid tirs"
        assert store.candidates() == [candidate] and store.candidates("other") == []
        [event] = store.events()  # queries (and so every export) see the event only
        assert [m["trigger_start"] for m in event["mentions"]] == [0]
        store.rebuild_events()  # re-running dedup never promotes a candidate
        assert store.counts()["events"] == 1 and store.counts()["candidates"] == 1
        recoded, _ = _coded("cand", "nouvelle version", [])
        store.save_batch([recoded], [])  # a document stored again first loses its old candidates
        assert store.counts()["candidates"] == 0 and store.counts()["events"] == 0


def _partition(store) -> list[tuple[str, list[str]]]:
    groups: dict[str, list] = {}
    for mention_id, event_id in store.con.execute("SELECT mention_id, event_id FROM mentions").fetchall():
        groups.setdefault(event_id, []).append(mention_id)
    return sorted((event_id, sorted(ms)) for event_id, ms in groups.items())


def test_store_gives_the_same_events_whatever_the_order_and_batches_of_ingest(pipeline, tmp_path):
    """Reports ingested in any order, in one batch or one by one, end in the same events with the same ids; a
    report stored later joins the event stored before it."""
    import random

    from wirecoder.readers import read_inputs

    gold = ROOT / "tests" / "fixtures" / "dedup_gold.jsonl"
    articles = list(pipeline.run(list(read_inputs([str(gold)]))))
    with Store(tmp_path / "all.duckdb") as store:
        store.save_batch(articles, [])
        reference = _partition(store)
        events = store.counts()["events"]
    assert any(len(ms) >= 3 for _, ms in reference) and events < len(articles)
    shuffled = articles[:]
    for n, order in enumerate([articles[::-1], random.Random(7).sample(shuffled, len(shuffled))]):
        with Store(tmp_path / f"order{n}.duckdb") as store:
            for i in range(0, len(order), 1 + n):  # one report, then two, per batch
                store.save_batch(order[i:i + 1 + n], [])
            assert _partition(store) == reference
            store.rebuild_events()
            assert _partition(store) == reference
    # stored again with a changed text, a report leaves its event and the rest regroup as without it
    with Store(tmp_path / "all.duckdb") as store:
        gone = articles[0]
        store.save_batch([type(gone)(gone.id, "Rien à signaler.", source=gone.source)], [])
        without = _partition(store)
    with Store(tmp_path / "without.duckdb") as store:
        store.save_batch(articles[1:], [])
        store.save_batch([type(gone)(gone.id, "Rien à signaler.", source=gone.source)], [])
        assert _partition(store) == without


def test_store_written_before_links_is_linked_on_its_first_write_open(tmp_path):
    from wirecoder.errors import StoreError

    a, events_a = _coded("a", "attaque raid tirs", [0.9])
    b, events_b = _coded("b", "attaque raid tirs", [0.9])
    a.events, b.events = events_a, events_b
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.save_batch([a, b], [])
        merged = _partition(store)
        store.con.execute("DROP TABLE links")  # as an older wirecoder left it: no links, no 'joined'
        store.con.execute("ALTER TABLE mentions DROP COLUMN joined")
        store.con.execute("UPDATE mentions SET event_id = 'old-' || doc_id")
    with pytest.raises(StoreError, match="older wirecoder"):
        Store(path, read_only=True)
    with Store(path) as store:  # opened for writing: linked and grouped once
        assert _partition(store) == merged and len(merged) == 1
    Store(path, read_only=True).close()
