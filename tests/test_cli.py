"""The command line, end to end, through `wirecoder.cli.main` (the same function the console script calls)."""
import csv
import io
import json

import pytest

from wirecoder.cli import main

pytestmark = pytest.mark.slow

DISPATCH = (" date 2019-06-12 Des hommes armés ont attaqué lundi le village de Sobane, dans la région de Mopti, "
            "tuant au moins douze civils, selon un élu local.\n")


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "mopti.txt").write_text(DISPATCH, encoding="utf-8")
    bad = tmp_path / "batch.jsonl"
    bad.write_text(json.dumps({"id": "ok-1", "text": "La police a arrêté mardi à Dakar vingt manifestants.",
                               "published": "2021-03-10"}) + "\n" + "{broken\n" +
                   json.dumps({"id": "empty", "text": "   "}) + "\n", encoding="utf-8")
    return tmp_path


def test_cli_code_writes_jsonl_events_with_doc_id(inputs, capsys):
    status = main(["code", str(inputs / "mopti.txt")])
    out, err = capsys.readouterr()
    events = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert len(events) == 1 and events[0]["doc_id"] == "mopti"
    assert events[0]["sub_event_type"] == "Attack" and events[0]["location"]["admin1"] == "Mopti"
    assert "1 documents, 1 events, 0 rejected" in err


def test_cli_rejections_are_listed_and_set_exit_status(inputs, capsys):
    status = main(["code", str(inputs / "batch.jsonl"), "--format", "csv"])
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 1
    assert [r["doc_id"] for r in rows] == ["ok-1"] and rows[0]["sub_event_type"] == "Arrests"
    assert "[E102]" in err and "[E104]" in err
    assert "3 documents, 1 events, 2 rejected" in err


def test_cli_stdin_and_table(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(DISPATCH))
    assert main(["code", "-", "--format", "table"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("doc_id") and "Attack" in out


def test_cli_ingest_rerun_never_duplicates(inputs, tmp_path_factory, capsys):
    from wirecoder.store import Store

    db = tmp_path_factory.mktemp("store") / "w.duckdb"  # not in the input folder, where it would be listed as skipped
    assert main(["ingest", str(inputs), "--db", str(db)]) == 1  # two records are rejected
    with Store(db) as store:
        first = store.counts()
    assert main(["ingest", str(inputs), "--db", str(db)]) == 1
    with Store(db) as store:
        assert store.counts() == first
        assert {r["code"] for r in store.rejections()} == {"E102", "E104"}
    # the two unreadable records are rejections (with their reasons), not documents
    assert first["documents"] == 2 and first["rejections"] == 2 and first["events"] == 2


def test_cli_events_filters_and_show(inputs, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    main(["ingest", str(inputs), "--db", str(db)])
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--country", "MLI", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sub_event_type"] for r in rows] == ["Attack"]
    assert main(["events", "--db", str(db), "--type", "Arrests", "--format", "jsonl"]) == 0
    arrests = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(arrests) == 1 and arrests[0]["country"] == "SEN"
    assert main(["show", arrests[0]["event_id"], "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ok-1" in out and "arrêté" in out
    assert main(["show", "nope", "--db", str(db)]) == 2


def test_cli_config_errors_are_one_line_with_a_code(tmp_path, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("batch_size = 0\n")
    assert main(["code", "--config", str(cfg), str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "[E204]" in err


def test_cli_demo_codes_the_bundled_examples(tmp_path, capsys):
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert "Suicide bomb" in out and "Mogadishu" in out


SOLHAN = "Des hommes armés ont tué lundi douze villageois à Solhan, au Burkina Faso."


def _ingested(tmp_path, reports: list[dict]):
    """A store holding these reports, ingested through the CLI."""
    src = tmp_path / "reports.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in reports) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    main(["ingest", str(src), "--db", str(db)])
    return db


def test_cli_dedup_reruns_with_new_rules(tmp_path, capsys):
    db = _ingested(tmp_path, [
        {"id": "a", "source": "AFP", "published": "2021-06-08", "text": SOLHAN},
        {"id": "b", "source": "RFI", "published": "2021-06-09",
         "text": "Douze civils ont été tués mardi à Solhan par des hommes armés, au Burkina Faso."}])
    from wirecoder.store import Store

    with Store(db) as store:
        assert store.counts()["events"] == 1  # 'lundi' and 'mardi' a day apart: one event by default
    strict = tmp_path / "strict.toml"
    strict.write_text("[wirecoder.dedup]\nday_tolerance = 0\n")
    assert main(["dedup", "--db", str(db), "--config", str(strict)]) == 0
    assert "1 events before, 2 after" in capsys.readouterr().err


def test_cli_show_and_dedup_explain_say_why_reports_joined_and_what_stayed_apart(tmp_path, capsys):
    db = _ingested(tmp_path, [
        {"id": "a", "source": "AFP", "published": "2021-06-08", "text": SOLHAN},
        {"id": "b", "source": "RFI", "published": "2021-06-09",
         "text": "Douze civils ont été tués lundi à Solhan par des hommes armés, au Burkina Faso."},
        {"id": "c", "source": "AFP", "published": "2021-06-16",
         "text": "Des hommes armés ont tué mardi cinq villageois à Solhan, au Burkina Faso."}])
    from wirecoder.store import Store

    with Store(db) as store:
        [event] = [e for e in store.events() if len(e["mentions"]) == 2]
    capsys.readouterr()
    assert main(["show", event["event_id"], "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "first report of the event" in out and "joined through a#" in out and "place +1.00" in out
    assert main(["dedup", "--db", str(db), "--explain", event["event_id"]]) == 0
    out = capsys.readouterr().out
    near = out.split("near misses kept apart:")[1]
    assert near.startswith(" 1") and "- c#" in near and "deciding: date:" in near  # the same town a week later
    assert main(["dedup", "--db", str(db), "--explain", "nope"]) == 2


def test_cli_events_bad_filters_are_one_line_errors(tmp_path, capsys):
    db = tmp_path / "empty.duckdb"
    from wirecoder.store import Store

    Store(db).close()
    assert main(["events", "--db", str(db), "--from", "2020-01", "--to", "2020-02"]) == 0
    assert main(["events", "--db", str(db), "--from", "janvier"]) == 2
    assert main(["events", "--db", str(db), "--bbox", "a,b,c,d"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("wirecoder: [E204]") and err[-2].startswith("wirecoder: [E204]")


def _confidences(capsys, *args) -> list[float]:
    assert main(["code", *args]) == 0
    return [json.loads(line)["confidence"] for line in capsys.readouterr().out.splitlines()]


def test_cli_min_confidence_leaves_out_code_events_and_stores_them_as_candidates(tmp_path, capsys):
    from wirecoder.api import examples_dir
    from wirecoder.store import Store

    examples = str(examples_dir())
    every = _confidences(capsys, examples, "--min-confidence", "0")
    threshold = sorted(set(every))[len(set(every)) // 2]  # a confidence that splits the events in two
    kept, below = [c for c in every if c >= threshold], [c for c in every if c < threshold]
    assert kept and below
    assert sorted(_confidences(capsys, examples, "--min-confidence", str(threshold))) == sorted(kept)
    capsys.readouterr()
    assert main(["code", examples, "--min-confidence", str(threshold), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert f"{len(below)} events below min_confidence {threshold:g} not written" in capsys.readouterr().err

    db = tmp_path / "w.duckdb"
    assert main(["ingest", examples, "--db", str(db), "--min-confidence", str(threshold)]) == 0
    assert f"{len(below)} events below min_confidence {threshold:g} stored as candidates" in capsys.readouterr().err
    with Store(db) as store:
        assert store.counts()["mentions"] == len(kept) and store.counts()["candidates"] == len(below)
        assert sorted(c["confidence"] for c in store.candidates()) == sorted(below)
        stored = {(m["doc_id"], m["trigger_start"]) for e in store.events() for m in e["mentions"]}
        assert not stored & {(c["doc_id"], c["trigger_start"]) for c in store.candidates()}
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0  # exports read the events only
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sum(r["n_mentions"] for r in exported) == len(kept)


def test_cli_min_confidence_flag_overrides_the_configuration(tmp_path, capsys):
    cfg = tmp_path / "w.toml"
    cfg.write_text("[wirecoder]\nmin_confidence = 1.0\n")
    src = tmp_path / "mopti.txt"
    src.write_text(DISPATCH, encoding="utf-8")
    every = _confidences(capsys, str(src), "--min-confidence", "0")
    assert every and min(every) < 1.0  # the test needs an event below the configured threshold
    assert _confidences(capsys, str(src), "--config", str(cfg)) == [c for c in every if c >= 1.0]
    assert _confidences(capsys, str(src), "--config", str(cfg), "--min-confidence", "0") == every
    assert main(["code", str(src), "--min-confidence", "1.5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "[E204]" in err and "min_confidence" in err


def test_cli_a_bad_subtype_table_for_dedup_is_one_line_at_start(tmp_path, capsys):
    table = tmp_path / "subtypes.json"
    table.write_text('{"same": 1}', encoding="utf-8")
    cfg = tmp_path / "w.toml"
    cfg.write_text(f'[wirecoder.dedup]\nsubtypes = "{table}"\n')
    assert main(["dedup", "--db", str(tmp_path / "w.duckdb"), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "[E205]" in err and "sub-type table" in err
