"""`wirecoder eval` and the scoring in wirecoder.evaluate, on a gold file and predictions of our own
(tests/fixtures/eval_gold.jsonl, eval_pred.jsonl): four short dispatches with a perfect match, a missed event,
false events (one in another country, one in a document with nothing to code), optional events (one matched,
one not), a wrong date, a wrong toll, a place right by distance only, and a document where the best assignment
is not the greedy one."""
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from wirecoder.cli import main
from wirecoder.evaluate import (FIELDS, date_right, evaluate, read_gold, read_predictions, same_actor,
                                same_place_name, score_document, toll_right)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = FIXTURES / "eval_gold.jsonl"
PRED = FIXTURES / "eval_pred.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def report():
    return evaluate(read_gold(GOLD), read_predictions(PRED))


def test_evaluate_counts_and_detection_figures(report):
    assert (report.documents, report.gold_events, report.predicted, report.matched) == (4, 5, 7, 4)
    assert report.precision == pytest.approx(4 / 7) and report.recall == pytest.approx(4 / 5)
    assert report.f1 == pytest.approx(float(2 * Fraction(4, 7) * Fraction(4, 5) / (Fraction(4, 7) + Fraction(4, 5))))
    # strict: the perfect Malian match and the Nigerian clash (the Syrian strike has the wrong day, the Gubio
    # attack the wrong type): 2 / 7 and 2 / 5
    assert report.strict_matched == 2 and report.strict_f1 == pytest.approx(1 / 3)
    assert report.pred_docs_not_in_gold == 1


def test_evaluate_field_accuracy_on_matched(report):
    assert report.accuracy == pytest.approx({
        "event_type": 0.75, "sub_event_type": 0.75, "actor1": 0.75, "actor1_inter": 0.75, "actor2": 0.25,
        "country": 1.0, "admin1": 1.0, "place": 0.75, "date": 0.75, "fatalities": 0.75})
    assert len(report.kms) == 4 and report.km_median == pytest.approx(1.2, abs=0.05)
    assert report.within_25km == 0.75


def test_evaluate_lists_misses_false_events_and_wrong_fields(report):
    by_doc = {d.doc_id: d for d in report.docs}
    mali, syria, nigeria, calm = (by_doc[k] for k in ("eval-mali", "eval-syrie", "eval-nigeria", "eval-calme"))
    assert [m.wrong for m in mali.matched] == [()]  # the perfect match
    assert [g["sub_event_type"] for g in mali.missed] == ["Armed clash"]
    assert [p["sub_event_type"] for p in mali.false] == ["Arrests"]
    assert [m.wrong for m in syria.matched] == [("actor2", "date")]
    assert [p["location"]["country"] for p in nigeria.false] == ["NER"]  # another country is never matched
    assert [p["sub_event_type"] for p in calm.false] == ["Peaceful protest"]
    assert not nigeria.missed  # the unmatched optional arrest in Abuja is no miss


def test_evaluate_takes_the_best_assignment_not_the_greedy_one(report):
    # Greedy would pair the Monguno clash with the Gubio prediction (the single most similar pair) and leave the
    # Gubio attack unmatched; the best assignment matches both gold events.
    nigeria = next(d for d in report.docs if d.doc_id == "eval-nigeria")
    pairs = {(m.gold["location"]["name"], m.pred["location"]["name"]) for m in nigeria.matched}
    assert pairs == {("Monguno", "Damboa"), ("Gubio", "Gubio")}
    assert [m.wrong for m in nigeria.matched if m.gold["location"]["name"] == "Gubio"] == [
        ("event_type", "sub_event_type", "actor2", "fatalities")]


def test_evaluate_optional_events_are_neither_rewarded_nor_punished(report):
    gold = read_gold(GOLD)
    pred = read_predictions(PRED)
    syria = next(d for d in report.docs if d.doc_id == "eval-syrie")
    assert syria.optional_matched == 1 and not syria.false
    # the same figures without the optional events and the prediction that matched one
    no_optional = [dict(d, events=[e for e in d["events"] if not e.get("optional")]) for d in gold]
    pred = dict(pred, **{"eval-syrie": pred["eval-syrie"][:1]})
    again = evaluate(no_optional, pred)
    assert (again.gold_events, again.predicted, again.matched, again.strict_matched) == (5, 7, 4, 2)
    assert again.accuracy == report.accuracy


def test_evaluate_gold_read_as_predictions_scores_perfectly():
    perfect = evaluate(read_gold(GOLD), read_predictions(GOLD))  # one document a line, with its events
    assert (perfect.gold_events, perfect.predicted, perfect.matched) == (5, 5, 5)
    assert perfect.f1 == perfect.strict_f1 == 1.0 and set(perfect.accuracy.values()) == {1.0}


def test_evaluate_field_rules():
    day = {"date": "2020-06-13", "time_precision": 1}
    week = {"date": "2020-06-13", "time_precision": 2}
    month = {"date": "2020-06", "time_precision": 3}
    assert date_right(day, {"date": "2020-06-13"}) and not date_right(day, {"date": "2020-06-14"})
    assert date_right(week, {"date": "2020-06-16"}) and not date_right(week, {"date": "2020-06-17"})
    assert date_right(month, {"date": "2020-06-30"}) and not date_right(month, {"date": "2020-07-01"})
    assert date_right({"date": None}, {}) and not date_right(day, {"date": None})
    assert toll_right({"fatalities": None}, {"fatalities": 0}) and not toll_right({"fatalities": 3}, {})
    assert same_place_name("Rural Damascus", "Rif Dimashq") and same_place_name("province d'Idlib", "Idleb")
    assert not same_place_name("Monguno", "Damboa") and not same_place_name(None, None)
    assert same_actor(None, None) and same_actor({}, {"name": ""}) and not same_actor(None, {"name": "X"})
    assert same_actor({"name": "Civilians (Mali)"}, {"name": "Civilians (Niger)"})  # the country is not compared
    assert same_actor({"name": "A", "text": "les shebab"}, {"name": "B", "text": "shebab"})


def test_evaluate_country_disagreement_forbids_a_match():
    gold = {"event_type": "Battles", "location": {"name": "Diffa", "country": "NER"}}
    pred = {"event_type": "Battles", "location": {"name": "Diffa", "country": "NGA"}}
    assert not score_document("d", [gold], [pred]).matched
    assert score_document("d", [gold], [dict(pred, location={"name": "Diffa"})]).matched


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not here")
def test_evaluate_agrees_with_the_reference_scorer(report, capsys):
    # Run with this interpreter, which has scipy, so that score.py takes the optimal assignment too.
    ref = json.loads(subprocess.run([sys.executable, str(SCORER), str(GOLD), str(PRED), "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    assert report.to_dict() == ref
    assert main(["eval", str(GOLD), str(PRED), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ref
    # and the figures of the text reports, line by line (score.py prints field accuracies with 2 decimals)
    text = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(PRED)], capture_output=True, text=True,
                          check=True).stdout.splitlines()
    assert main(["eval", str(GOLD), str(PRED)]) == 0
    ours = capsys.readouterr().out.splitlines()
    assert ours[:2] == text[:2]
    theirs = dict(zip(*[iter(text[2].split(": ", 1)[1].split())] * 2))
    mine = dict(zip(*[iter((ours[3] + ours[4]).split())] * 2))
    assert theirs == {f: f"{float(v):.2f}" for f, v in mine.items()} and list(mine) == list(FIELDS)
    assert ours[5].startswith(text[3].replace("within 25 km 0.75", "within 25 km 0.750"))


def test_cli_eval_prints_the_figures_and_details(capsys):
    assert main(["eval", str(GOLD), str(PRED), "--details"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "documents 4  gold events 5  predicted 7  matched 4"
    assert out[1] == "detection  P 0.571  R 0.800  F1 0.667   strict F1 0.333"
    assert out[2:5] == ["on matched events (4):",
                        "  event_type 0.750  sub_event_type 0.750  actor1 0.750  actor1_inter 0.750  actor2 0.250",
                        "  country 1.000  admin1 1.000  place 0.750  date 0.750  fatalities 0.750"]
    assert out[5] == "distance: median 1.2 km, within 25 km 0.750 (4 matched pairs with coordinates)"
    assert out[6] == "1 predicted document not in the gold file (ignored)"
    assert "  missed  Armed clash at Boni on 2019-03-19: l'armée malienne a affronté des jihadistes près de Boni" in out
    assert any(line.startswith("  false   Arrests at Bamako") and "trois commerçants" in line for line in out)
    assert any(line.startswith("  wrong   Air/drone strike") and "date '2018-02-20' -> '2018-02-19'" in line
               for line in out)
    assert main(["eval", str(GOLD), str(PRED), "--details", "--json"]) == 0
    details = {d["doc_id"]: d for d in json.loads(capsys.readouterr().out)["details"]}
    assert set(details) == {"eval-mali", "eval-syrie", "eval-nigeria", "eval-calme"}
    assert details["eval-syrie"]["wrong"][0]["fields"]["date"] == {"gold": "2018-02-20", "pred": "2018-02-19"}


def test_cli_eval_bad_input_is_one_line_with_a_code(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "absent.jsonl"), str(PRED)]) == 2
    assert main(["eval", str(GOLD), str(tmp_path / "absent.jsonl")]) == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "events": []}\n\n{"id": \n', encoding="utf-8")
    assert main(["eval", str(broken), str(PRED)]) == 2
    nameless = tmp_path / "nameless.jsonl"
    nameless.write_text('{"events": []}\n', encoding="utf-8")
    assert main(["eval", str(nameless), str(PRED)]) == 2
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert captured.out == "" and len(err) == 4
    assert err[0].startswith("wirecoder: [E101]") and "absent.jsonl" in err[0]
    assert err[1].startswith("wirecoder: [E101]")
    assert err[2].startswith("wirecoder: [E102] Line 3 of") and "not JSON" in err[2]
    assert err[3].startswith("wirecoder: [E102] Line 1 of") and "'id'" in err[3]


@pytest.mark.slow
def test_cli_eval_without_predictions_codes_the_gold_like_code(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    assert main(["code", str(GOLD), "-o", str(pred)]) == 0
    assert main(["eval", str(GOLD), str(pred), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["eval", str(GOLD), "--json"]) == 0
    coded_now = json.loads(capsys.readouterr().out)
    assert coded_now == from_file and coded_now["documents"] == 4 and coded_now["pred_events"] > 0
