"""French date phrases: find them in a dispatch and read each into a spec that `wirecoder.timeline` resolves.

* `find_dates(text)` -> every date phrase, in text order, non-overlapping, longest match first
  ("mardi 14 mai" beats "mardi"; "dans la nuit de jeudi à vendredi" beats "jeudi"), each with its spec.

French readings the resolver relies on: "dimanche dernier" / "passé" is "last", "prochain" "next"; "dans la nuit
de jeudi à vendredi" is the night that starts on Thursday; "cette nuit" / "la nuit dernière" the day before
publication; "la veille" / "le lendemain" / "le jour même" / "ce jour-là" are anchor-relative; "la semaine
dernière", "en début de semaine", "en fin de semaine", "le week-end" are weeks; "il y a une semaine" is seven
days back.

Everything is hand-written regexes (no dateparser: it misreads "dimanche dernier", "jeudi soir" and its
search_dates misfires), a few microseconds per phrase.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from ...timeline import DatePhrase, longest_first, valid_day

__all__ = ["find_dates"]


# ----------------------------------------------------------------------------------------------- vocabulary

WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12,
    "dec": 12,
}
_SMALL_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100,
}

_S = r"[\s\u00a0\u202f]+"
_A = r"['’]"
_WD = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MON = (r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
        r"|(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)(?:\.|(?=[\s\u00a0\u202f]+(?:1[89]|20)\d\d(?!\d))))")
# (an abbreviation takes its dot, or a year after it: '16 juil 2014', never 'sept' alone, which counts seven)
_DAY = r"(?:1er|1ᵉʳ|1re|premier|[0-3]?\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# a time of day after a day: "soir", "au matin", "dans la nuit", "en fin de journée", "en début d'après-midi"
_TOD = (rf"(?:(?:au|dans{_S}la|dans{_S}l{_A}|en|durant{_S}la|pendant{_S}la|vers{_S}la)\s*)?"
        rf"(?:(?:début|fin|milieu){_S}(?:de{_S}|d{_A}))?"
        rf"(?:matin|matinée|soir|soirée|après-midi|apres-midi|midi|journée|nuit|aube)")
_NUMW = (r"(?:\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix-sept|dix-huit|dix-neuf|dix|onze|douze"
         r"|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|quelques|plusieurs"
         rf"|(?:une{_S})?(?:dizaine|quinzaine|vingtaine){_S}de|(?:une{_S})?(?:dizaine|quinzaine|vingtaine){_S}d{_A})")

_B = r"(?<![\w])"
_E = r"(?![\w])"
_F = 0  # patterns are matched against lower-cased text (see `_lower`): much faster than re.IGNORECASE


def _rx(body: str) -> re.Pattern:
    return re.compile(_B + body + _E, _F)


# -------------------------------------------------------------------------------------------------- patterns
# Each pattern: (kind, compiled regex, parser). A parser turns a match into a "spec" tuple (no publication
# date needed) or None when the match is not a valid date (day 42, ...). `wirecoder.timeline` resolves a spec
# against publication.

_P_NUMERIC = _rx(r"(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)\d\d)")
_P_ABS = _rx(
    rf"(?:(?:le|ce|du|au){_S})?(?:(?P<wd>{_WD}){_S})?(?P<d>{_DAY}){_S}(?P<mon>{_MON})(?:{_S}(?P<y>{_YEAR}))?"
    rf"(?:{_S}(?P<last>dernier|passé|précédent|prochain))?(?:{_S}{_TOD})?"
)
_P_ABS_RANGE = _rx(
    rf"(?:(?:du|les|entre{_S}le){_S})?(?:(?P<wd>{_WD}){_S})?(?P<d>{_DAY})"
    rf"(?:{_S}(?P<mon1>{_MON}){_S}(?:au|à|-)|{_S}(?:au|et|et{_S}le|à)|\s*[-–]\s*)"
    rf"(?:{_S}(?:{_WD}{_S})?|(?<=[-–]))(?P<d2>{_DAY}){_S}(?P<mon>{_MON})(?:{_S}(?P<y>{_YEAR}))?"
    rf"(?:{_S}(?P<last>dernier|passé))?"
)
_P_NIGHT_DATES = _rx(
    rf"(?:dans{_S})?la{_S}nuit{_S}du{_S}(?:{_WD}{_S})?(?P<d>{_DAY})(?:{_S}(?P<mon1>{_MON}))?{_S}au{_S}"
    rf"(?:{_WD}{_S})?(?P<d2>{_DAY})(?:{_S}(?P<mon>{_MON}))?(?:{_S}(?P<y>{_YEAR}))?(?:{_S}(?P<last>dernier|passé))?"
)  # (the second month may be left out: "dans la nuit du mardi 29 novembre au mercredi 30")
_P_NIGHT_WD = _rx(
    rf"(?:(?:dans|durant|pendant|au{_S}cours{_S}de){_S})?la{_S}nuit{_S}(?:de|du){_S}(?P<wd>{_WD})"
    rf"(?:{_S}(?:à|au){_S}(?P<wd2>{_WD})(?:{_S}(?P<d2>{_DAY}){_S}(?P<mon>{_MON})(?:{_S}(?P<y>{_YEAR}))?)?)?"
    rf"(?:{_S}(?P<last>dernier|passé))?"
)
_P_PART_WD = _rx(  # "dans la soirée de mardi", "dans la matinée du jeudi"
    rf"(?:(?:dans|durant|pendant|au{_S}cours{_S}de|en){_S})?(?:la|l{_A})\s*"
    rf"(?:matinée|soirée|journée|après-midi|apres-midi){_S}(?:de|du){_S}(?P<wd>{_WD})"
    rf"(?:{_S}(?P<last>dernier|passé))?"
)
_P_WEEKDAY = _rx(
    rf"(?:(?P<det>ce|le){_S})?(?P<wd>{_WD})(?:{_S}(?P<last>dernier|passé|précédent|prochain))?"
    rf"(?:{_S}{_TOD})?(?:{_S}(?P<last2>dernier|passé))?"
)
_P_REL = _rx(
    rf"(?P<w>avant[-\s]hier|hier|aujourd{_A}hui|ce{_S}matin|ce{_S}midi|ce{_S}soir|cet{_S}après-midi"
    rf"|cet{_S}apres-midi|cette{_S}nuit|la{_S}nuit{_S}dernière|la{_S}nuit{_S}passée|cette{_S}matinée"
    rf"|cette{_S}soirée|cette{_S}journée"
    rf"|dans{_S}la{_S}nuit(?![\s\u00a0\u202f]*(?:de|du|d{_A}|des|précédente|suivante|même)\b))(?:{_S}{_TOD})?"
)
_P_ANCHOR = _rx(
    rf"(?P<w>la{_S}veille|l{_A}avant-veille|le{_S}lendemain|le{_S}surlendemain|le{_S}jour{_S}même"
    rf"|le{_S}même{_S}jour|ce{_S}même{_S}jour|le{_S}jour{_S}suivant|le{_S}jour{_S}précédent|ce{_S}jour-là)"
    rf"(?!{_S}(?:de|du|des)\b|{_S}d{_A})"  # 'la veille des célébrations': of a day the text does not date
    rf"(?:{_S}{_TOD})?"
)
# 'cinq jours plus tard', 'dix jours plus tôt', 'deux semaines auparavant': from the last day the text told (a
# phrase of its own, before a comma or the end: 'deux jours après l'attaque' is read by the stage that dates the
# clause against that attack)
_P_SPAN = _rx(
    rf"(?P<n>{_NUMW})\s*(?P<u>jours?|semaines?){_S}(?P<dir>plus{_S}tard|plus{_S}tôt|auparavant|après|avant)"
    rf"(?=\s*[,.;:!?)]|\s*$)"
)
_P_AGO = _rx(
    rf"(?P<pre>il{_S}y{_S}a|voici|voilà|depuis|cela{_S}fait|ça{_S}fait)"
    rf"(?:{_S}(?:environ|près{_S}de|plus{_S}de|moins{_S}de|un{_S}peu{_S}plus{_S}de|presque))?"
    rf"{_S}(?P<n>{_NUMW})\s*(?P<u>jours?|semaines?|mois|ans|années?|heures)"
)
_P_WEEK = _rx(
    rf"(?:(?P<sem>la{_S}semaine{_S}(?P<wlast>dernière|passée|précédente)|cette{_S}semaine)"
    rf"|(?:(?:en|au){_S})?(?P<part>début|fin|milieu){_S}de{_S}(?P<wthis>cette{_S})?semaine"
    rf"(?:{_S}(?P<plast>dernière|passée))?"
    rf"|(?:(?:en|au){_S})?(?P<part2>début|fin|milieu){_S}de{_S}la{_S}semaine"
    rf"(?:{_S}(?P<plast2>dernière|passée))?"
    rf"|(?:le|ce|du|au|pendant{_S}le|durant{_S}le){_S}(?P<we>week-?end)(?:{_S}(?P<welast>dernier|passé))?)"
)
_P_MONTH_REL = _rx(
    rf"(?:(?:le|au|du){_S}mois{_S}(?P<mlast>dernier|passé|précédent)|ce{_S}mois-ci|(?P<cur>ce{_S}mois)"
    rf"|(?:en|au|à{_S}la|depuis{_S}le)\s*(?:début|fin|mi)[-\s]*(?:du|de)?{_S}?mois(?:{_S}(?P<mlast2>dernier))?"
    rf"(?!{_S}(?:de|d{_A}))"
    rf")"
)
_P_MONTH = _rx(
    rf"(?:(?P<pre>en|depuis|dès|jusqu{_A}en|début|fin|mi-|à{_S}la{_S}mi-|courant"
    rf"|(?:au|le|du|depuis{_S}le){_S}mois{_S}(?:de|d{_A})"
    rf"|(?:au|en|à{_S}la|depuis{_S}le){_S}(?:début|fin){_S}(?:du{_S}mois{_S}(?:de|d{_A})|de|d{_A}))"
    rf"\s*(?P<mon>{_MON})(?:{_S}(?P<y>{_YEAR}))?(?:{_S}(?P<last>dernier|passé))?"
    rf"|(?P<mon2>{_MON}){_S}(?P<y2>{_YEAR}))"
)
_P_YEAR = _rx(
    rf"(?:(?:en|depuis|dès|jusqu{_A}en|début|fin|mi-|courant|l{_A}année|année"
    rf"|(?:au|en|à{_S}la|depuis{_S}le){_S}(?:début|fin){_S}(?:de{_S}l{_A}année|de|d{_A})"
    rf"|(?:au{_S})?printemps|(?:en{_S}|l{_A})été|(?:en{_S}|à{_S}l{_A}|l{_A})automne|(?:en{_S}|l{_A})hiver)"
    rf"\s*(?P<y>{_YEAR})"
    rf"|(?P<ylast>l{_A}an{_S}(?:dernier|passé)|l{_A}année{_S}(?:dernière|passée|précédente))"
    rf"|(?P<ythis>cette{_S}année))"
)

_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("absolute", _P_NUMERIC, "numeric"),
    ("overnight", _P_NIGHT_DATES, "night_dates"),
    ("absolute", _P_ABS_RANGE, "abs_range"),
    ("absolute", _P_ABS, "abs"),
    ("overnight", _P_NIGHT_WD, "night_wd"),
    ("weekday", _P_PART_WD, "weekday"),
    ("weekday", _P_WEEKDAY, "weekday"),
    ("relative", _P_REL, "rel"),
    ("relative", _P_ANCHOR, "anchor"),
    ("relative", _P_SPAN, "span"),
    ("relative", _P_AGO, "ago"),
    ("week", _P_WEEK, "week"),
    ("month", _P_MONTH_REL, "month_rel"),
    ("month", _P_MONTH, "month"),
    ("year", _P_YEAR, "year"),
]
_BY_KIND: dict[str, list[tuple[str, re.Pattern, str]]] = {}
for _p in _PATTERNS:
    _BY_KIND.setdefault(_p[0], []).append(_p)

# The words a phrase of each pattern can start with ("#": a number). `find_dates` only tries the patterns
# at word starts whose word is listed: ~10x faster than scanning the text with every pattern.
_WD_WORDS = tuple(WEEKDAYS)
_MON_WORDS = ("janvier", "février", "fevrier", "févr", "fevr", "fév", "fev", "mars", "avril", "avr", "mai", "juin",
              "juillet", "juil", "août", "aout", "septembre", "sept", "octobre", "oct", "novembre", "nov",
              "décembre", "decembre", "déc", "dec")
_FIRST_WORDS: dict[str, tuple[str, ...]] = {
    "numeric": ("#",),
    "night_dates": ("dans", "la"),
    "abs_range": ("du", "les", "entre", "premier", "#") + _WD_WORDS,
    "abs": ("le", "ce", "du", "au", "premier", "#") + _WD_WORDS,
    "night_wd": ("dans", "durant", "pendant", "au", "la"),
    "part_wd": ("dans", "durant", "pendant", "au", "en", "la", "l"),
    "weekday": ("ce", "le") + _WD_WORDS,
    "rel": ("avant", "hier", "aujourd", "ce", "cet", "cette", "la", "dans"),
    "anchor": ("la", "l", "le", "ce"),
    "span": ("#",) + tuple(_SMALL_NUMBERS),
    "ago": ("il", "voici", "voilà", "depuis", "cela", "ça"),
    "week": ("la", "cette", "en", "au", "début", "fin", "milieu", "le", "ce", "du", "pendant", "durant"),
    "month_rel": ("le", "au", "du", "ce", "en", "à", "depuis"),
    "month": ("en", "depuis", "dès", "jusqu", "début", "fin", "mi", "à", "courant", "au", "le", "du") + _MON_WORDS,
    "year": ("en", "depuis", "dès", "jusqu", "début", "fin", "mi", "courant", "l", "année", "au", "à", "printemps",
             "été", "automne", "hiver", "cette"),
}
_PATTERN_KEYS = ("numeric", "night_dates", "abs_range", "abs", "night_wd", "part_wd", "weekday", "rel", "anchor",
                 "span",
                 "ago", "week", "month_rel", "month", "year")
_BY_FIRST: dict[str, list[int]] = {}
for _i, _key in enumerate(_PATTERN_KEYS):
    for _w in _FIRST_WORDS[_key]:
        _BY_FIRST.setdefault(_w, []).append(_i)
_WORD_RX = re.compile(r"\w+")


def _lower(text: str) -> str:
    """`text` lower-cased, offsets unchanged (the few characters whose lower case is longer are kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# ---------------------------------------------------------------------------------------------------- parsing

def _day(s: str) -> int | None:
    s = s.lower()
    if s in ("1er", "1ᵉʳ", "1re", "premier"):
        return 1
    d = int(s)
    return d if 1 <= d <= 31 else None


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _last(m: re.Match, *groups: str) -> str | None:
    for g in groups:
        v = m.groupdict().get(g)
        if v:
            v = v.lower()
            return "next" if v == "prochain" else "last"
    return None


def _parse(how: str, m: re.Match):  # noqa: C901 - one small branch per pattern family
    """A match -> a spec tuple (independent of the publication date), or None if invalid."""
    g = m.group
    if how == "numeric":
        d, mon, y = int(g("d")), int(g("m")), int(g("y"))
        if not (1 <= mon <= 12 and 1 <= d <= calendar.monthrange(y, mon)[1]):
            return None
        return ("dm", d, mon, y, None, None)
    if how in ("abs", "abs_range", "night_dates"):
        d = _day(g("d"))
        if not g("mon"):  # "la nuit du 29 novembre au 30": the month of the first day, or the next one
            if not m.groupdict().get("mon1") or d is None or _day(g("d2")) is None:
                return None
            mon1 = _month(g("mon1"))
            mon = mon1 if _day(g("d2")) > d else mon1 % 12 + 1
        else:
            mon = _month(g("mon"))
        y = int(g("y")) if g("y") else None
        if how != "abs":
            d2 = _day(g("d2"))
            if d is None or d2 is None or not valid_day(d2, mon, y):
                return None
            if m.groupdict().get("mon1"):
                mon1 = _month(g("mon1"))
            else:
                mon1 = mon if d <= d2 else (mon - 2) % 12 + 1
            back_year = mon1 > mon  # "du 30 décembre au 2 janvier"
            if not valid_day(d, mon1, (y - 1 if y and back_year else y)):
                return None
            return ("range", d, mon1, d2, mon, y, _last(m, "last"))
        if not valid_day(d, mon, y):
            return None
        wd = WEEKDAYS[g("wd").lower()] if g("wd") else None
        return ("dm", d, mon, y, wd, _last(m, "last"))
    if how == "night_wd":
        wd = WEEKDAYS[g("wd").lower()]
        if g("d2"):  # "la nuit de jeudi à vendredi 5 mars" -> the day before the written date
            d2, mon = _day(g("d2")), _month(g("mon"))
            y = int(g("y")) if g("y") else None
            if not valid_day(d2, mon, y):
                return None
            return ("dm_minus1", d2, mon, y, WEEKDAYS[g("wd2").lower()], _last(m, "last"))
        if g("wd2"):  # the night ends on wd2: the latest such morning, then the evening before
            return ("wd_minus1", WEEKDAYS[g("wd2").lower()], _last(m, "last") or "on_or_before")
        return ("wd", wd, _last(m, "last") or "on_or_before")
    if how == "weekday":
        wd = WEEKDAYS[g("wd").lower()]
        return ("wd", wd, _last(m, "last", "last2") or "on_or_before")
    if how == "rel":
        w = re.sub(r"[\s\u00a0\u202f]+", " ", g("w").lower()).replace("’", "'")
        if w.startswith("avant"):
            return ("rel", -2, 1)
        if w == "hier":
            return ("rel", -1, 1)
        if w in ("cette nuit", "la nuit dernière", "la nuit passée", "dans la nuit"):  # (told the next morning)
            return ("rel", -1, 1)
        return ("rel", 0, 1)
    if how == "anchor":
        w = re.sub(r"[\s\u00a0\u202f]+", " ", g("w").lower()).replace("’", "'")
        off = {"la veille": -1, "l'avant-veille": -2, "le lendemain": 1, "le surlendemain": 2,
               "le jour suivant": 1, "le jour précédent": -1}.get(w, 0)
        return ("anchor", off)
    if how == "span":
        n_txt = re.sub(r"[\s\u00a0\u202f]+", " ", g("n").lower())
        n = int(n_txt) if n_txt.isdigit() else _SMALL_NUMBERS.get(n_txt)
        if n is None:
            return None  # ('quelques jours plus tard': no day)
        days = n * (7 if g("u").startswith("semaine") else 1)
        later = g("dir").endswith("tard") or g("dir") == "après"
        return ("anchor", days if later else -days)
    if how == "ago":
        n_txt = re.sub(r"[\s\u00a0\u202f]+", " ", g("n").lower()).replace("’", "'")
        vague = False
        if n_txt.isdigit():
            n = int(n_txt)
        elif n_txt in ("quelques", "plusieurs"):
            n, vague = 3, True
        elif "dizaine" in n_txt:
            n, vague = 10, True
        elif "quinzaine" in n_txt:
            n, vague = 15, True
        elif "vingtaine" in n_txt:
            n, vague = 20, True
        else:
            n = _SMALL_NUMBERS.get(n_txt)
            if n is None:
                return None
        u = g("u").lower()
        since = g("pre").lower().startswith("depuis")
        if u.startswith("heure"):
            return ("rel", -round(n / 24), 1)
        if u.startswith("jour"):
            return ("rel", -n, 2 if vague or since and n > 3 else 1)
        if u.startswith("semaine"):
            return ("rel", -7 * n, 2 if n < 5 else 3)
        if u == "mois":
            return ("rel_month", -n)
        return ("rel_year", -n)
    if how == "week":
        if m.group("we"):
            return ("week", -1 if m.group("welast") else 0, 5)
        if m.group("sem"):
            return ("week", -1 if m.group("wlast") else 0, 2)
        part = (m.group("part") or m.group("part2")).lower()
        day = {"début": 0, "milieu": 2, "fin": 4}[part]
        return ("week", -1 if (m.group("plast") or m.group("plast2")) else 0, day)
    if how == "month_rel":
        if m.group("mlast") or m.group("mlast2"):
            return ("rel_month", -1)
        return ("rel_month", 0)
    if how == "month":
        if m.group("mon2"):
            return ("month", _month(g("mon2")), int(g("y2")), None)
        return ("month", _month(g("mon")), int(g("y")) if g("y") else None, _last(m, "last"))
    if how == "year":
        if m.group("y"):
            return ("year", int(g("y")))
        if m.group("ylast"):
            return ("rel_year", -1)
        return ("rel_year", 0)
    raise ValueError(how)


# ------------------------------------------------------------------------------------------------ finding

def find_dates(text: str) -> list[DatePhrase]:
    """All date phrases of `text`, in text order, non-overlapping, the longest match winning."""
    low = _lower(text)
    cands: list[tuple[int, int, int, str]] = []
    by_first = _BY_FIRST
    for w in _WORD_RX.finditer(low):
        word = w.group()
        prios = by_first.get("#" if word[0].isdigit() else word)
        if not prios:
            continue
        pos = w.start()
        for prio in prios:
            kind, rx, how = _PATTERNS[prio]
            m = rx.match(low, pos)
            if m is None or _parse(how, m) is None:
                continue
            cands.append((pos, m.end(), prio, kind))
    return [DatePhrase(s, e, text[s:e], k, _spec(text[s:e], k)) for s, e, _prio, k in longest_first(cands)]


@lru_cache(maxsize=4096)
def _spec(text: str, kind: str):
    text = _lower(text)
    for _kind, rx, how in _BY_KIND.get(kind, ()):
        m = rx.fullmatch(text.strip())
        if m:
            spec = _parse(how, m)
            if spec is not None:
                return spec
    # a caller-built phrase with a wrong kind: try all patterns
    for _kind, rx, how in _PATTERNS:
        m = rx.fullmatch(text.strip())
        if m:
            spec = _parse(how, m)
            if spec is not None:
                return spec
    return None



assert len(_PATTERN_KEYS) == len(_PATTERNS)
