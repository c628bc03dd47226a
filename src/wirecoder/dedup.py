"""De-duplication: reports of one real-world event, within and across documents, become one event.

Two mentions are compared field by field (`compare`). Each field gives evidence for or against their telling one
occurrence, or a conflict that keeps them apart whatever else agrees:
- type: the same family of event type is required (armed violence: Battles, Explosions/Remote violence, Violence
  against civilians; demonstrations: Protests, Riots; each Strategic developments sub-type on its own); within it,
  how well the two sub-types can tell one occurrence comes from data/dedup_subtypes.json (an attack that another
  report tells as shelling, a car bomb told as a suicide bombing);
- place: the same place (one gazetteer entry, or the same toponym however each report resolved it), one inside
  the other (a town inside the province the other names), or near enough for the coarser precision ("près de");
  two named places further apart than `same_place_km`, or in other provinces or countries, conflict;
- date: the periods the dates stand for (a day; a week around it; a month) overlap, with `day_tolerance` days of
  slack for "mardi" read against different publication days; periods apart conflict;
- actors: an unnamed initiator fits anyone; the same named one agrees; two different named initiators conflict,
  unless place, day and sub-type all agree exactly (one report most likely names the wrong side);
- tolls: a rising toll is normal; tolls more than `toll_ratio` times apart weigh against;
- words: the rare words the two reports share around the event ("Karrada", "Lido", "la mosquée", "camp de
  déplacés"), each weighted by its rarity in the language (wordfreq's Zipf scale), as a cosine.
The evidence adds up to one score (`Comparison.score`); two mentions are linked when it reaches `threshold`.

`cluster` takes the links best first and joins two groups only when no pair across them conflicts, and never two
mentions of one document (the events stage kept those apart on purpose): A~B and B~C do not bring A and C
together when A and C name two villages. The groups depend only on the set of mentions and their links, not on
the order the reports came in; an event is named after its smallest mention id. Hand-written because no
maintained clustering library takes cannot-link constraints (scipy's linkage does not): it is a loop over the
sorted links with a union-find.

Every threshold and weight is a field of `DedupRules`, set in the options file under [wirecoder.dedup].
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from .actors import is_vague
from .errors import Code, ConfigError
from .periods import period
from .resources import data_file, fold

FAMILY = {"Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
          "Protests": "demonstration", "Riots": "demonstration"}


@dataclass(frozen=True)
class DedupRules:
    """Thresholds and weights for merging mentions into events (documented in the module docstring)."""

    threshold: float = 2.0  # the score two mentions need to be linked
    day_tolerance: int = 1
    week_days: int = 3  # a week-precision date stands for this many days either side
    km_by_precision: dict = field(default_factory=lambda: {1: 25.0, 2: 60.0, 3: 150.0})
    same_place_km: float = 5.0  # two differently named precise places closer than this may be one place
    toll_ratio: float = 5.0  # tolls further apart than this ratio weigh against
    words_weight: float = 1.5  # the weight of the shared rare words (a cosine between 0 and 1)
    window_days: int = 60  # a new report regroups the linked reports within this many days of it, not older ones
    subtypes: str = ""  # a file of sub-type compatibility in the format of data/dedup_subtypes.json

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


@dataclass(frozen=True)
class Evidence:
    """What one field says about two mentions: a value added to the score, or a conflict."""

    value: float
    why: str
    conflict: bool = False


@dataclass(frozen=True)
class Comparison:
    parts: dict  # field -> Evidence

    @property
    def conflict(self) -> str | None:
        """The first field in conflict, or None."""
        return next((f for f, e in self.parts.items() if e.conflict), None)

    @property
    def score(self) -> float:
        return round(sum(e.value for e in self.parts.values() if not e.conflict), 3)

    def deciding(self) -> str:
        """The field that kept two mentions apart: the conflict, else the field that weighed least."""
        return self.conflict or min(self.parts, key=lambda f: self.parts[f].value)

    def as_dict(self) -> dict:
        return {"score": self.score, "conflict": self.conflict,
                "fields": {f: {"value": e.value, "why": e.why, "conflict": e.conflict} for f, e in self.parts.items()}}


def _conflict(why: str) -> Evidence:
    return Evidence(0.0, why, conflict=True)


@lru_cache(maxsize=8)
def subtype_table(path: str) -> tuple[float, float, dict]:
    """(value of one sub-type, value of two unlisted ones, value of each listed pair) from the table's file."""
    data = data_file(path, "dedup_subtypes.json")
    pairs: dict[frozenset, float] = {}
    try:
        for group in data["groups"]:
            for a, b in itertools.combinations(group["sub_event_types"], 2):
                key = frozenset((a, b))
                pairs[key] = max(pairs.get(key, -9.0), float(group["value"]))
        return float(data["same"]), float(data["other"]), pairs
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(Code.E205, path=path or "dedup_subtypes.json", reason=f"not a sub-type table: {e!r}") from e


def type_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    if family(a["event_type"], a["sub_event_type"]) != family(b["event_type"], b["sub_event_type"]):
        return _conflict(f"{a['event_type']} and {b['event_type']} are not one kind of event")
    sa, sb = a["sub_event_type"], b["sub_event_type"]
    same, other, pairs = subtype_table(rules.subtypes)
    if sa == sb:
        return Evidence(same, f"both {sa}")
    value = pairs.get(frozenset((sa, sb)))
    return Evidence(other if value is None else value, f"{sa} and {sb}" + (" rarely tell one event" if value is None
                                                                           else " can tell one event"))


def _located(m: dict) -> bool:
    return m.get("latitude") is not None and m.get("longitude") is not None


def place_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return _conflict(f"{a['country']} and {b['country']}")
    if not a.get("location") or not b.get("location"):
        return Evidence(0.0, "one report gives no place")
    same_entry = (a.get("geonames_id") and a.get("geonames_id") == b.get("geonames_id")) or (
        a["location"] == b["location"] and a.get("admin1") == b.get("admin1"))
    if same_entry:
        return Evidence(1.0, f"both at {a['location']}")
    ta, tb = fold(a.get("location_text") or ""), fold(b.get("location_text") or "")
    if ta and ta == tb:
        return Evidence(0.9, f"both name {a.get('location_text')!r}")
    pa, pb = a.get("geo_precision") or 3, b.get("geo_precision") or 3
    if pa < 3 and pb < 3 and _located(a) and _located(b):
        km = haversine((a["latitude"], a["longitude"]), (b["latitude"], b["longitude"]))
        if max(pa, pb) == 1:  # two named places: one only when they are one place under two names
            if km <= rules.same_place_km:
                return Evidence(0.6, f"{a['location']} and {b['location']} {km:.0f} km apart")
            return _conflict(f"{a['location']} and {b['location']} are {km:.0f} km apart")
        limit = rules.km_by_precision.get(max(pa, pb), 25.0)
        if km <= limit:
            return Evidence(0.5, f"{a['location']} and {b['location']} {km:.0f} km apart, one of them 'near'")
        return _conflict(f"{a['location']} and {b['location']} are {km:.0f} km apart")
    # one is known only by its province or country: the other must be inside it
    coarse, fine = (a, b) if (pa, a["location"]) >= (pb, b["location"]) else (b, a)
    if coarse.get("admin1"):
        if coarse.get("admin1") == fine.get("admin1"):
            return Evidence(0.5, f"{fine['location']} and {coarse['location']}, both in {coarse['admin1']}")
        return _conflict(f"{fine['location']} ({fine.get('admin1')}) is not in {coarse['admin1']}")
    if coarse.get("country") == fine.get("country"):
        return Evidence(0.2, f"{fine['location']} and {coarse['location']}, both in {coarse.get('country')}")
    return _conflict(f"{a['location']} and {b['location']}")


def date_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    ra = date_range(a.get("date"), a.get("time_precision"), rules)
    rb = date_range(b.get("date"), b.get("time_precision"), rules)
    if ra is None or rb is None:
        return Evidence(0.0, "one report gives no date")
    slack = timedelta(days=rules.day_tolerance)
    if ra[0] > rb[1] + slack or rb[0] > ra[1] + slack:
        return _conflict(f"{a['date']} and {b['date']} are apart")
    if ra == rb:
        return Evidence(1.0 if ra[0] == ra[1] else 0.5, f"both {a['date']}")
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return Evidence(0.5, f"{a['date']} and {b['date']} overlap")
    return Evidence(0.3, f"{a['date']} and {b['date']}, a day apart")


def actor_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    x, y = a.get("actor1"), b.get("actor1")
    if is_vague(x) or is_vague(y):
        return Evidence(0.0, "an unnamed initiator")
    if x == y:
        return Evidence(0.5, f"both by {x}")
    if x == b.get("actor2") and y == a.get("actor2"):
        return Evidence(0.3, f"{x} and {y} on both sides")
    return _conflict(f"{x} and {y} are two initiators")


def toll_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    x, y = a.get("fatalities"), b.get("fatalities")
    if not x or not y:
        return Evidence(0.0, "one report gives no toll")
    lo, hi = sorted((x, y))
    if lo == hi:
        return Evidence(0.3, f"both {lo} dead")
    if hi <= lo * rules.toll_ratio:
        return Evidence(0.1, f"{lo} then {hi} dead")
    return Evidence(-0.5, f"{lo} and {hi} dead")


WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=200_000)
def rare_words(text: str, lang: str) -> dict[str, float]:
    """The words of a text weighted by rarity: 1 for a word the language hardly uses (a name), 0 for a common one
    (Zipf frequency 6 and up: articles, auxiliaries)."""
    from wordfreq import zipf_frequency

    out = {}
    for w in WORD.findall(text):
        key = fold(w)
        if key in out:
            continue
        weight = min(1.0, max(0.0, (6.0 - zipf_frequency(w, lang)) / 4.0))
        if weight >= 0.2:
            out[key] = weight
    return out


def words_of(m: dict) -> dict[str, float]:
    """The rare words of a mention's sentence, place and actors (kept on the row after the first call)."""
    parts = (m.get("sentence"), m.get("location_text"), m.get("actor1_text"), m.get("actor2_text"), m.get("lang"))
    cached = m.get("_words")
    if cached is None or cached[0] != parts:  # a copy of the row with other words computes its own
        cached = m["_words"] = (parts, rare_words(" ".join(p for p in parts[:4] if p), parts[4] or "fr"))
    return cached[1]


def words_evidence(a: dict, b: dict, rules: DedupRules) -> Evidence:
    wa, wb = words_of(a), words_of(b)
    shared = sorted(set(wa) & set(wb), key=lambda w: -wa[w] * wb[w])
    if not shared:
        return Evidence(0.0, "no rare word shared")
    cos = sum(wa[w] * wb[w] for w in shared) / math.sqrt(sum(v * v for v in wa.values()) *
                                                          sum(v * v for v in wb.values()))
    return Evidence(round(rules.words_weight * cos, 3), "shared: " + ", ".join(shared[:6]))


FIELDS = {"type": type_evidence, "place": place_evidence, "date": date_evidence, "actors": actor_evidence,
          "toll": toll_evidence, "words": words_evidence}
CONFLICT_FIELDS = ("event_type", "sub_event_type", "country", "admin1", "location", "location_text", "latitude",
                   "longitude", "geo_precision", "geonames_id", "date", "time_precision", "actor1", "actor2")


def _parts(a: dict, b: dict, rules: DedupRules, fields) -> dict:
    parts = {f: FIELDS[f](a, b, rules) for f in fields}
    actors = parts["actors"]
    if actors.conflict and parts["place"].value >= 0.9 and parts["date"].value >= 1.0 and parts["type"].value >= 1.0:
        # one place, one day, one sub-type: one of the reports most likely names the wrong side
        parts["actors"] = Evidence(-1.0, actors.why)
    return parts


def compare(a: dict, b: dict, rules: DedupRules) -> Comparison:
    """Field-by-field evidence that two mentions tell one event (symmetric in a and b)."""
    if a["doc_id"] == b["doc_id"]:
        return Comparison({"document": _conflict("two events of one report")})
    return Comparison(_parts(a, b, rules, FIELDS))


def profile(m: dict) -> tuple:
    """The fields a conflict depends on (`CONFLICT_FIELDS`), hashable: many reports of one event share one."""
    return tuple(m.get(f) for f in CONFLICT_FIELDS)


def conflict(p: tuple, q: tuple, rules: DedupRules) -> str | None:
    """The field in conflict between two profiles (`compare` without the document, the toll and the words,
    which never conflict), or None."""
    a, b = dict(zip(CONFLICT_FIELDS, p)), dict(zip(CONFLICT_FIELDS, q))
    parts = _parts(a, b, rules, ("type", "place", "date", "actors"))
    return next((f for f, e in parts.items() if e.conflict), None)


def cluster(mention_ids: list[str], links: list[tuple[float, str, str]], conflict, profile=lambda m: m,
            document=lambda m: None) -> tuple[dict, dict]:
    """Groups of mentions from their links (score, a, b): best links first (ties by id), two groups joined only
    when they share no document and `conflict(p, q)` holds for no profile p of one and q of the other (profiles
    stand for mentions: many reports of one event share one, so a heavily reported event costs little). Returns
    the group of each mention (its smallest mention id) and, for each mention that was the first of a group that
    joined another, the link that joined it (score, a, b)."""
    members = {m: [m] for m in mention_ids}
    profiles = {m: {profile(m)} for m in mention_ids}
    documents = {m: {document(m)} - {None} for m in mention_ids}
    root = {m: m for m in mention_ids}
    seen: dict[tuple, bool] = {}

    def clash(p, q) -> bool:
        if (p, q) not in seen:
            seen[(p, q)] = seen[(q, p)] = bool(conflict(p, q))
        return seen[(p, q)]

    joined: dict[str, tuple[float, str, str]] = {}
    for score, a, b in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        ra, rb = root[a], root[b]
        if ra == rb or documents[ra] & documents[rb] or any(
                clash(p, q) for p in profiles[ra] for q in profiles[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        joined[gone] = (score, a, b)
        for m in members[gone]:
            root[m] = keep
        members[keep] += members.pop(gone)
        profiles[keep] |= profiles.pop(gone)
        documents[keep] |= documents.pop(gone)
    return root, joined


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
