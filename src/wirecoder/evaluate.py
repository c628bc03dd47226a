"""Scoring coded events against gold annotations: the project's own `wirecoder eval`.

Gold: one document per line, `{"id", "text", "events": [...]}` (../shared/eval/ANNOTATION.md). Predictions: one
event per line with its `doc_id` (what `wirecoder code` writes), or one document per line with its `events`; or
none, and the gold documents are coded here by the same `Pipeline` as `wirecoder code`.

The figures are defined exactly as the reference scorer's (../shared/eval/score.py), so that the two agree:

- Within each document every (gold, predicted) pair gets a similarity: 3 for the event type, 1 for the sub-type,
  2 for the place (or 1 for the admin1 alone), 1 for the initiator (found as either predicted actor), 1 for the
  date, 0.5 for the second actor. A pair is never matched when both give a country and they differ, nor when it
  shares neither the event type, nor the place, nor the admin1 together with the initiator.
- The matching is the assignment with the largest total of (similarity + 1) over matched pairs: the best
  similarity, and among equals the most matched events (scipy's `linear_sum_assignment`).
- A gold event marked `optional` is never counted: matched, its prediction is no false event; missed, no miss.
- Field accuracies are over the matched pairs; "strict" counts a match only when the event type, the admin1 (or,
  for a gold place at precision 1-2, a distance of at most 50 km) and the date are right.
"""
from __future__ import annotations

import difflib
import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

from .dedup import haversine
from .errors import Code, WirecoderError

FIELDS = ("event_type", "sub_event_type", "actor1", "actor1_inter", "actor2", "country", "admin1", "place",
          "date", "fatalities")

# Other spellings of provinces, folded, under the name the scorer compares (the reference scorer's table).
_PROVINCE_SPELLINGS = {
    "aleppo": ("halab", "alep"),
    "idlib": ("idleb",),
    "damascus": ("dimashq", "damas"),
    "rural damascus": ("rif dimashq", "damascus countryside", "reef damascus"),
    "deir ez zor": ("dayr az zawr", "deir ezzor", "deir el zor"),
    "hasakah": ("al hasakah", "al hasakeh", "hassake"),
    "raqqa": ("ar raqqah", "raqqah"),
    "hama": ("hamah",),
    "homs": ("hims",),
    "daraa": ("dara", "deraa"),
    "suwayda": ("as suwayda",),
    "latakia": ("al ladhiqiyah", "lattaquie"),
    "quneitra": ("al qunaytirah",),
    "tartous": ("tartus",),
    "nineveh": ("ninawa", "ninive"),
    "anbar": ("al anbar",),
    "saladin": ("salah al din", "salahuddin"),
    "timbuktu": ("tombouctou",),
}
_SPELLING = {alias: name for name, aliases in _PROVINCE_SPELLINGS.items() for alias in aliases}
# Words that do not tell two place names apart ('province', articles, Arabic 'al').
_PLACE_FILLER = frozenset("province governorate gouvernorat region state district of de du la le des the "
                          "al el ad ar as an at".split())


class EvalInputError(WirecoderError):
    """A gold or predictions file that cannot be read: one line for the user."""


# -- comparing one field ----------------------------------------------------------------------------------------
def _key(value: Any) -> str:
    """Lowercase, no accents, a few punctuation marks to spaces. (Narrower than resources.fold on purpose: the
    figures must agree with the reference scorer, which keeps «» and double quotes.)"""
    if not value:
        return ""
    s = unicodedata.normalize("NFKD", str(value))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(s.translate(_TO_SPACE).split())


_TO_SPACE = str.maketrans({c: " " for c in "'’`-_.,()/"})


def _place_key(name: Any) -> str:
    """A place name reduced to what identifies it: known spellings unified, filler words dropped."""
    s = _key(name)
    s = _SPELLING.get(s, s)
    s = " ".join(w for w in s.split() if w not in _PLACE_FILLER) or s
    return _SPELLING.get(s, s)


def same_place_name(a: Any, b: Any) -> bool:
    """Two place names agree: the same key, one a word of the other, or close spellings (ratio >= 0.85)."""
    a, b = _place_key(a), _place_key(b)
    if not a or not b:
        return False
    if a == b or a in b.split() or b in a.split():
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _actor_key(actor: Any) -> str:
    """The actor's canonical name (or its words) without a bracketed country: 'Civilians (Mali)' -> 'civilians'."""
    name = (actor.get("name") or actor.get("text") or "") if isinstance(actor, dict) else ""
    return _key(str(name).split("(")[0]) if "(" in str(name) else _key(name)


def same_actor(gold: Any, pred: Any) -> bool:
    """The predicted actor is the gold one: names alike (ratio >= 0.8) or one's words inside the other's, or one
    surface form inside the other. No gold actor: right when the prediction names none either."""
    if not isinstance(gold, dict) or not gold:
        return not (isinstance(pred, dict) and (pred.get("name") or pred.get("text")))
    if not isinstance(pred, dict):
        return False
    g, p = _actor_key(gold), _actor_key(pred)
    if g and p:
        if g == p or difflib.SequenceMatcher(None, g, p).ratio() >= 0.8:
            return True
        gw, pw = set(g.split()), set(p.split())
        if gw <= pw or pw <= gw:
            return True
    gt, pt = _key(gold.get("text")), _key(pred.get("text"))
    return bool(gt and pt and (gt in pt or pt in gt))


def _inter(actor: Any) -> int | None:
    value = actor.get("inter") if isinstance(actor, dict) else None
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _location(event: dict) -> dict:
    loc = event.get("location")
    return loc if isinstance(loc, dict) else {}


def _point(loc: dict) -> tuple[float, float] | None:
    lat, lon = loc.get("lat"), loc.get("lon")
    if lat is None or lon is None:
        return None
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PlaceAgreement:
    admin1: bool  # same admin1 (or neither has one), or within 50 km of a gold place at precision 1-2
    place: bool  # same place name, or within 25 km
    km: float | None  # distance when both have coordinates


def compare_places(gold: dict, pred: dict) -> PlaceAgreement:
    gl, pl = _location(gold), _location(pred)
    gp, pp = _point(gl), _point(pl)
    km = haversine(gp, pp) if gp and pp else None
    near = km is not None and km <= 50 and (gl.get("geo_precision") or 1) <= 2
    admin1 = same_place_name(gl.get("admin1"), pl.get("admin1")) or \
        (not gl.get("admin1") and not pl.get("admin1")) or near
    place = same_place_name(gl.get("name"), pl.get("name")) or (km is not None and km <= 25)
    return PlaceAgreement(admin1, place, km)


def date_right(gold: dict, pred: dict) -> bool:
    """Right at the gold date's precision: the day (1), within 3 days (2, week), the month (3); no gold date:
    anything goes."""
    g, p = str(gold.get("date") or ""), str(pred.get("date") or "")
    if not g:
        return True
    if not p:
        return False
    precision = gold.get("time_precision") or (1 if len(g) >= 10 else 3)
    if len(g) >= 10 and precision == 1:
        return p[:10] == g[:10]
    if len(g) >= 10 and precision == 2 and len(p) >= 10:
        try:
            return abs((Date.fromisoformat(g[:10]) - Date.fromisoformat(p[:10])).days) <= 3
        except ValueError:
            return False
    return p[:7] == g[:7] if len(g) >= 7 else p.startswith(g)


def toll_right(gold: dict, pred: dict) -> bool:
    """Same number of deaths, an unstated toll counting as 0."""
    def deaths(e: dict):
        v = e.get("fatalities")
        return 0 if v in (None, "") else v
    try:
        return int(deaths(gold)) == int(deaths(pred))
    except (TypeError, ValueError):
        return False


def _country(event: dict) -> str:
    return str(_location(event).get("country") or "").upper()


def field_checks(gold: dict, pred: dict) -> tuple[dict[str, bool], float | None]:
    """Which fields of a matched prediction are right (keys: FIELDS), and the distance in km if known."""
    where = compare_places(gold, pred)
    checks = {
        "event_type": _key(gold.get("event_type")) == _key(pred.get("event_type")),
        "sub_event_type": _key(gold.get("sub_event_type")) == _key(pred.get("sub_event_type")),
        "actor1": same_actor(gold.get("actor1"), pred.get("actor1")),
        "actor1_inter": _inter(gold.get("actor1")) == _inter(pred.get("actor1")),
        "actor2": same_actor(gold.get("actor2"), pred.get("actor2")),
        "country": _country(gold) == _country(pred),
        "admin1": where.admin1,
        "place": where.place,
        "date": date_right(gold, pred),
        "fatalities": toll_right(gold, pred),
    }
    return checks, where.km


def similarity(gold: dict, pred: dict) -> float | None:
    """How alike a gold and a predicted event are, or None when they may not be matched at all."""
    if _country(gold) and _country(pred) and _country(gold) != _country(pred):
        return None
    same_type = _key(gold.get("event_type")) == _key(pred.get("event_type"))
    where = compare_places(gold, pred)
    initiator = same_actor(gold.get("actor1"), pred.get("actor1")) or \
        same_actor(gold.get("actor1"), pred.get("actor2"))
    if not (same_type or where.place or (where.admin1 and initiator)):
        return None
    return (3.0 * same_type
            + 1.0 * (_key(gold.get("sub_event_type")) == _key(pred.get("sub_event_type")))
            + (2.0 if where.place else 1.0 if where.admin1 else 0.0)
            + 1.0 * initiator
            + 1.0 * date_right(gold, pred)
            + 0.5 * same_actor(gold.get("actor2"), pred.get("actor2")))


def best_assignment(scores: Mapping[tuple[int, int], float], n_gold: int, n_pred: int) -> list[tuple[int, int]]:
    """The (gold, predicted) pairs of largest total (score + 1), only among the scored (eligible) pairs."""
    if not scores:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    worth = np.zeros((n_gold, n_pred))
    for (i, j), s in scores.items():
        worth[i, j] = s + 1.0  # any eligible pair outweighs leaving both events unmatched
    rows, cols = linear_sum_assignment(worth, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if (i, j) in scores]


# -- one document, then the whole set -----------------------------------------------------------------------------
@dataclass(frozen=True)
class MatchedPair:
    gold: dict
    pred: dict
    checks: Mapping[str, bool]
    km: float | None

    @property
    def strict(self) -> bool:
        return self.checks["event_type"] and self.checks["admin1"] and self.checks["date"]

    @property
    def wrong(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if not self.checks[f])


@dataclass(frozen=True)
class DocumentScore:
    """One gold document: its counted matches, its missed gold events and its false predictions."""

    doc_id: str
    matched: tuple[MatchedPair, ...]  # with a gold event that counts (not optional)
    missed: tuple[dict, ...]  # gold events (not optional) no prediction matched
    false: tuple[dict, ...]  # predictions matched to no gold event
    optional_matched: int  # predictions matched to optional gold events: neither right nor wrong


def match_events(golds: list[dict], preds: list[dict]) -> list[tuple[int, int]]:
    """(gold index, prediction index) of one document's matched pairs, as the reference scorer pairs them."""
    scores = {}
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            s = similarity(g, p)
            if s is not None:
                scores[(i, j)] = s
    return best_assignment(scores, len(golds), len(preds))


def score_document(doc_id: str, golds: list[dict], preds: list[dict]) -> DocumentScore:
    pairs = match_events(golds, preds)
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    counted = []
    for i, j in pairs:
        if not golds[i].get("optional"):
            checks, km = field_checks(golds[i], preds[j])
            counted.append(MatchedPair(golds[i], preds[j], checks, km))
    return DocumentScore(
        doc_id=doc_id, matched=tuple(counted),
        missed=tuple(g for i, g in enumerate(golds) if i not in matched_gold and not g.get("optional")),
        false=tuple(p for j, p in enumerate(preds) if j not in matched_pred),
        optional_matched=len(pairs) - len(counted))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class EvalReport:
    """The figures of one evaluation (unrounded; `to_dict` rounds as the reference scorer prints them)."""

    documents: int
    gold_events: int  # optional ones left out
    predicted: int  # predictions matched to optional gold events left out
    matched: int
    strict_matched: int
    field_right: Mapping[str, int]  # matched pairs with that field right
    kms: tuple[float, ...]  # distances of the matched pairs with coordinates on both sides
    pred_docs_not_in_gold: int
    docs: tuple[DocumentScore, ...]

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold_events)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def strict_f1(self) -> float:
        return _f1(_ratio(self.strict_matched, self.predicted), _ratio(self.strict_matched, self.gold_events))

    @property
    def accuracy(self) -> dict[str, float]:
        return {f: _ratio(self.field_right[f], self.matched) for f in FIELDS}

    @property
    def km_median(self) -> float | None:
        """The middle distance (the upper middle one for an even count, as the reference scorer takes it)."""
        return sorted(self.kms)[len(self.kms) // 2] if self.kms else None

    @property
    def within_25km(self) -> float | None:
        return sum(k <= 25 for k in self.kms) / len(self.kms) if self.kms else None

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        """The figures under the reference scorer's keys and rounding; `details` adds each document's errors."""
        out = {
            "documents": self.documents, "gold_events": self.gold_events, "pred_events": self.predicted,
            "matched": self.matched, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "f1": round(self.f1, 3), "strict_f1": round(self.strict_f1, 3),
            "accuracy_on_matched": {f: round(v, 3) for f, v in self.accuracy.items()},
            "km_median": round(self.km_median, 1) if self.kms else None,
            "within_25km": round(self.within_25km, 3) if self.kms else None,
            "pred_docs_not_in_gold": self.pred_docs_not_in_gold,
        }
        if details:
            out["details"] = [document_details(d) for d in self.docs if d.missed or d.false or
                              any(m.wrong for m in d.matched)]
        return out


def evaluate(gold_docs: list[dict], predictions: Mapping[str, list[dict]]) -> EvalReport:
    """Match each gold document's events with the predictions filed under its id, and sum up."""
    docs = [score_document(str(d["id"]), d.get("events") or [], predictions.get(str(d["id"]), []))
            for d in gold_docs]
    pairs = [m for d in docs for m in d.matched]
    return EvalReport(
        documents=len(gold_docs),
        gold_events=sum(len(d.matched) + len(d.missed) for d in docs),
        predicted=sum(len(d.matched) + len(d.false) for d in docs),
        matched=len(pairs),
        strict_matched=sum(m.strict for m in pairs),
        field_right={f: sum(m.checks[f] for m in pairs) for f in FIELDS},
        kms=tuple(m.km for m in pairs if m.km is not None),
        pred_docs_not_in_gold=len(set(predictions) - {str(d["id"]) for d in gold_docs}),
        docs=tuple(docs))


# -- reading the files, or coding the gold documents ----------------------------------------------------------
def read_records(path: str | Path) -> Iterable[tuple[int, dict]]:
    """(line number, object) of a JSON Lines file; blank lines skipped; anything else is an EvalInputError."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise EvalInputError(Code.E101, path=path, reason=e.strerror or e) from None
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise EvalInputError(Code.E102, line=n, path=path, reason=f"not JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise EvalInputError(Code.E102, line=n, path=path, reason="not a JSON object")
            yield n, obj


def read_gold(path: str | Path) -> list[dict]:
    docs = []
    for n, doc in read_records(path):
        if doc.get("id") in (None, ""):
            raise EvalInputError(Code.E102, line=n, path=path, reason="a gold document needs an 'id'")
        if not isinstance(doc.get("events") or [], list):
            raise EvalInputError(Code.E102, line=n, path=path, reason="'events' is not a list")
        docs.append(doc)
    return docs


def read_predictions(path: str | Path) -> dict[str, list[dict]]:
    """Predicted events by document id, from one event a line (`doc_id`) or one document a line (`events`)."""
    by_doc: dict[str, list[dict]] = {}
    for _, obj in read_records(path):
        if isinstance(obj.get("events"), list):
            doc_id = obj.get("id") or obj.get("doc_id")
            by_doc.setdefault(str(doc_id), []).extend(obj["events"])
        else:
            by_doc.setdefault(str(obj.get("doc_id")), []).append(obj)
    return by_doc


def code_gold(path: str | Path, pipeline=None, summary=None, on_article: Callable | None = None) -> dict[str, list[dict]]:
    """Code the gold documents with the pipeline of `wirecoder code` (`api.code_inputs`, with its `summary` and
    `on_article`); their events by document id, as that command would write them."""
    from .api import code_inputs
    from .model import Article

    by_doc: dict[str, list[dict]] = {}
    for item in code_inputs([str(path)], pipeline, summary, on_article):
        if isinstance(item, Article):
            for event in item.events:
                by_doc.setdefault(event.doc_id, []).append(event.to_dict())
    return by_doc


def document_details(d: DocumentScore) -> dict[str, Any]:
    """What went wrong in one document: missed gold events, false predictions, wrong fields of matched pairs."""
    return {
        "doc_id": d.doc_id,
        "missed": [{"sub_event_type": g.get("sub_event_type"), "place": _location(g).get("name"),
                    "date": g.get("date"), "evidence": g.get("evidence")} for g in d.missed],
        "false": [{"sub_event_type": p.get("sub_event_type"), "place": _location(p).get("name"),
                   "date": p.get("date"), "sentence": _sentence(p)} for p in d.false],
        "wrong": [{"sub_event_type": m.gold.get("sub_event_type"), "evidence": m.gold.get("evidence"),
                   "fields": {f: {"gold": field_value(m.gold, f), "pred": field_value(m.pred, f)}
                              for f in m.wrong}} for m in d.matched if m.wrong],
    }


def _sentence(pred: dict) -> str | None:
    s = pred.get("sentence")
    if isinstance(s, dict):
        s = s.get("text")
    if not s and isinstance(pred.get("evidence"), str):
        s = pred["evidence"]
    return " ".join(str(s).split()) if s else None


def field_value(event: dict, name: str) -> Any:
    """The value a field check looked at, for showing it."""
    loc = _location(event)
    if name in ("actor1", "actor2"):
        a = event.get(name)
        return (a.get("name") or a.get("text")) if isinstance(a, dict) else None
    if name == "actor1_inter":
        return _inter(event.get("actor1"))
    if name in ("country", "admin1"):
        return loc.get(name)
    if name == "place":
        point = _point(loc)
        return f"{loc.get('name')} ({point[0]:.3f}, {point[1]:.3f})" if point else loc.get("name")
    return event.get(name)


def format_report(report: EvalReport, details: bool = False) -> str:
    """The report as lines for a terminal."""
    r = report
    lines = [f"documents {r.documents}  gold events {r.gold_events}  predicted {r.predicted}  matched {r.matched}",
             f"detection  P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}   strict F1 {r.strict_f1:.3f}",
             f"on matched events ({r.matched}):"]
    cells = [f"{f} {round(v, 3):.3f}" for f, v in r.accuracy.items()]
    lines += ["  " + "  ".join(cells[:5]), "  " + "  ".join(cells[5:])]
    if r.kms:
        lines.append(f"distance: median {round(r.km_median, 1)} km, within 25 km {round(r.within_25km, 3):.3f} "
                     f"({len(r.kms)} matched pairs with coordinates)")
    if r.pred_docs_not_in_gold:
        n = r.pred_docs_not_in_gold
        lines.append(f"{n} predicted document{'s' if n > 1 else ''} not in the gold file (ignored)")
    if details:
        for d in r.docs:
            lines += _detail_lines(d)
    return "\n".join(lines)


def _detail_lines(d: DocumentScore) -> list[str]:
    out = []
    for g in d.missed:
        out.append(f"  missed  {g.get('sub_event_type')} at {_location(g).get('name')} on {g.get('date')}: "
                   f"{g.get('evidence') or ''}")
    for p in d.false:
        out.append(f"  false   {p.get('sub_event_type')} at {_location(p).get('name')} on {p.get('date')}: "
                   f"{_sentence(p) or ''}")
    for m in d.matched:
        if m.wrong:
            wrong = "; ".join(f"{f} {field_value(m.gold, f)!r} -> {field_value(m.pred, f)!r}" for f in m.wrong)
            out.append(f"  wrong   {m.gold.get('sub_event_type')} ({m.gold.get('evidence') or ''}): {wrong}")
    return [f"{d.doc_id}"] + out if out else []
