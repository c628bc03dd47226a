"""De-duplication: mentions of one real-world event, within and across documents, become one event.

A mention joins an event when all of these hold (each threshold is a field of `DedupRules`, set in the options
file under [wirecoder.dedup] or left at its default):
- type: same event-type family (armed violence: Battles, Explosions/Remote violence, Violence against civilians;
  demonstrations: Protests, Riots; each Strategic developments sub-type on its own);
- actors: not two different named initiators (a vague one, "Unidentified Armed Group", matches any);
- place: the same place, or one inside the other (a town inside the province or country the other names), or
  closer than the distance allowed for the coarser of the two geo precisions;
- date: the periods the two dates stand for (a day, a week around it, a month) overlap, with `day_tolerance`
  days of slack for reports that resolve "mardi" and "hier" a day apart.
Among the events a mention could join, it joins the closest (same place and day first); it never joins an event
that already holds another mention of its own document (the events stage keeps those apart on purpose). The merged event takes
the most precise place and date, the most specific actors, and the conservative (lowest) fatality figure with
the highest reported kept beside it.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from .actors import is_vague
from .periods import period

FAMILY = {"Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
          "Protests": "demonstration", "Riots": "demonstration"}


@dataclass(frozen=True)
class DedupRules:
    """Thresholds for merging mentions into events (documented in the module docstring)."""

    day_tolerance: int = 1
    km_by_precision: dict = field(default_factory=lambda: {1: 25.0, 2: 60.0, 3: 150.0})
    week_days: int = 3  # a week-precision date stands for this many days either side

    @classmethod
    def from_dict(cls, data: dict | None) -> "DedupRules":
        data = dict(data or {})
        if "km_by_precision" in data:
            data["km_by_precision"] = {int(k): float(v) for k, v in data["km_by_precision"].items()}
        return cls(**data)


def family(event_type: str, sub_event_type: str) -> str:
    return FAMILY.get(event_type) or f"strategic:{sub_event_type}"


def date_range(iso: str | None, precision: int | None, rules: DedupRules) -> tuple[date, date] | None:
    """The days a coded date stands for, a week being `rules.week_days` either side."""
    return period(iso, precision, rules.week_days)


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def actors_compatible(m: dict, e: dict) -> bool:
    """Two named initiators that differ (and are not each other's target) are two events."""
    a, b = m.get("actor1"), e.get("actor1")
    if is_vague(a) or is_vague(b) or a == b:
        return True
    return a == e.get("actor2") and b == m.get("actor2")


def place_score(m: dict, e: dict, rules: DedupRules) -> float | None:
    """1.0 same place, 0.7 one inside the other or near, None when the places disagree."""
    if m.get("country") and e.get("country") and m["country"] != e["country"]:
        return None
    if not m.get("location") or not e.get("location"):
        return 0.5
    if m["location"] == e["location"] and m.get("admin1") == e.get("admin1"):
        return 1.0
    pm, pe = m.get("geo_precision") or 3, e.get("geo_precision") or 3
    if m.get("latitude") is not None and e.get("latitude") is not None and pm < 3 and pe < 3:
        km = haversine((m["latitude"], m["longitude"]), (e["latitude"], e["longitude"]))
        return 0.8 if km <= rules.km_by_precision.get(max(pm, pe), 25.0) else None
    # one is known only by its province (or country): the other must be inside it
    coarse, fine = (m, e) if pm >= pe else (e, m)
    if (coarse.get("geo_precision") or 3) >= 3 and coarse.get("admin1") and coarse.get("admin1") == fine.get("admin1"):
        return 0.7
    if not coarse.get("admin1") and coarse.get("country") == fine.get("country"):
        return 0.6  # a country-level report of an event elsewhere told precisely
    return None


def date_score(m: dict, e: dict, rules: DedupRules) -> float | None:
    rm = date_range(m.get("date"), m.get("time_precision"), rules)
    re_ = date_range(e.get("date"), e.get("time_precision"), rules)
    if rm is None or re_ is None:
        return 0.5
    slack = timedelta(days=rules.day_tolerance)
    if rm[0] > re_[1] + slack or re_[0] > rm[1] + slack:
        return None
    return 1.0 if rm == re_ else 0.8


def match_score(m: dict, e: dict, rules: DedupRules) -> float | None:
    """How well a mention fits an event (higher is closer), or None when it cannot be the same event.

    Different named initiators veto a match unless place, day and sub-type all agree exactly (one of the two
    reports then most likely names the wrong side)."""
    if family(m["event_type"], m["sub_event_type"]) != family(e["event_type"], e["sub_event_type"]):
        return None
    ps = place_score(m, e, rules)
    if ps is None:
        return None
    ds = date_score(m, e, rules)
    if ds is None:
        return None
    same_type = 0.5 if m["sub_event_type"] == e["sub_event_type"] else 0.0
    if not actors_compatible(m, e):
        if not (ps >= 0.8 and ds == 1.0 and same_type):
            return None
        return ps + ds + same_type - 0.6
    return ps + ds + same_type


def merge(mentions: list[dict]) -> dict:
    """The merged event's fields from all its mentions (see the module docstring)."""
    def most_common(key, pool=mentions):
        values = [x[key] for x in pool if x.get(key) not in (None, "")]
        return Counter(values).most_common(1)[0][0] if values else None

    best = max(mentions, key=lambda x: (x.get("confidence") or 0, -(x.get("geo_precision") or 9)))
    by_place = min(mentions, key=lambda x: (x.get("geo_precision") or 9, x.get("latitude") is None))
    by_date = min(mentions, key=lambda x: (x.get("time_precision") or 9, x.get("date") or ""))
    named1 = [x for x in mentions if not is_vague(x.get("actor1"))] or mentions
    a1 = most_common("actor1", named1)
    a1_row = next((x for x in named1 if x.get("actor1") == a1), best)
    with_a2 = [x for x in mentions if x.get("actor2") and x.get("actor2") != a1]
    named2 = [x for x in with_a2 if not is_vague(x.get("actor2"))] or with_a2
    a2 = most_common("actor2", named2) if named2 else None
    a2_row = next((x for x in named2 if x.get("actor2") == a2), None)
    tolls = [x["fatalities"] for x in mentions if x.get("fatalities") is not None]
    counts = [x["count"] for x in mentions if x.get("count") is not None]
    docs = {x["doc_id"] for x in mentions}
    sources = sorted({x.get("source") or x["doc_id"] for x in mentions})
    reported = sorted({x["reported_by"] for x in mentions if x.get("reported_by")})
    sub = most_common("sub_event_type")
    typed = next(x for x in mentions if x["sub_event_type"] == sub)
    return {
        "event_type": typed["event_type"], "sub_event_type": sub, "plover": typed.get("plover"),
        "actor1": a1, "inter1": a1_row.get("inter1"),
        "actor2": a2, "inter2": a2_row.get("inter2") if a2_row else None,
        "country": by_place.get("country"), "admin1": by_place.get("admin1"), "location": by_place.get("location"),
        "latitude": by_place.get("latitude"), "longitude": by_place.get("longitude"),
        "geo_precision": by_place.get("geo_precision"), "geonames_id": by_place.get("geonames_id"),
        "date": by_date.get("date"), "time_precision": by_date.get("time_precision"),
        "fatalities": min(tolls) if tolls else None, "fatalities_max": max(tolls) if tolls else None,
        "count": min(counts) if counts else None,
        "n_mentions": len(mentions), "n_documents": len(docs), "n_sources": len(sources),
        "sources": sources, "reported_by": reported, "notes": best.get("sentence"),
        "confidence": max(x.get("confidence") or 0 for x in mentions),
        "first_published": min((x["published"] for x in mentions if x.get("published")), default=None),
    }
