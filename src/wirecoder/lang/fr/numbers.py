"""French headcounts: turn number phrases ("une dizaine", "au moins 13", "deux cent cinquante") into integers.

Two entry points, both pure and fast (a few microseconds per phrase):

* `parse_count(text)` -- a number phrase (optionally followed by its noun) -> a conservative integer, or None.
* `find_counts(text, articles=True)` -- every phrase of `text` that can be a headcount, as
  ``(start, end, value, phrase)`` tuples in text order. The caller checks the noun that follows; this module
  only skips what is obviously not a headcount: years ("en 2014"), times ("18 heures", "18h30"), distances
  ("10 km"), ages and durations ("16 ans", "trois jours"), dates ("14 mai"), money, percentages, ordinals.

Conventions (all conservative lower bounds, so a coded count is never inflated):

* qualifiers are kept in the phrase but do not change the number: "plus de 30" -> 30, "près de vingt" -> 20,
  "au moins 13" -> 13, "environ 50" -> 50, "quelque 400" -> 400, "moins de 10" -> 10 (the stated figure);
* ranges take their lower end: "entre 20 et 30" -> 20, "20 à 30" -> 20, "deux ou trois" -> 2;
* approximate nouns take their unit: "une dizaine" 10, "une douzaine" 12, "une quinzaine" 15, "une vingtaine"
  20 ... "une centaine" 100, "un millier" 1000; with a number, times it: "deux centaines" 200;
* vague plurals take ONE unit, the smallest value they can mean: "des dizaines" 10, "des centaines" 100,
  "des milliers" / "plusieurs milliers" 1000, "des dizaines de milliers" 10 000 (constant `PLURAL_FACTOR`);
* "plusieurs" / "quelques" used alone before a noun -> `SEVERAL` (3);
* "un" / "une" -> 1 only when followed by a word that is not a unit or a stop word ("un soldat", "l'un des
  assaillants", "la mort d'un policier"); pass ``articles=False`` to `find_counts` to ignore them entirely;
* "aucun" / "aucune" / "zéro" -> 0.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

__all__ = ["parse_count", "find_counts", "is_vague", "SEVERAL", "PLURAL_FACTOR", "APPROX_UNITS"]

#: value given to "plusieurs X" / "quelques X" with no number (ACLED-style conservative "several").
SEVERAL = 3
#: multiplier for "des dizaines", "plusieurs centaines", ...: 1 = the unit itself, a conservative lower bound.
PLURAL_FACTOR = 1

APPROX_UNITS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000, "million": 1_000_000,
    "milliard": 1_000_000_000,
}

_AP = r"['’]"
_SP = r"[\s\u00a0\u202f]+"
_WORD = r"(?:dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille" \
        r"|deux|trois|quatre|cinq|six|sept|huit|neuf|une?)"
_WORDNUM = rf"{_WORD}(?:(?:{_SP}et{_SP}|-et-)(?:une?|onze)|(?:{_SP}|-){_WORD})*"
_DIGITS = r"(?<![\d.,:/])(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,\d+)?(?![\d])"
_APPROX_UNIT = r"(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine" \
               r"|millier|million|milliard)s?"
_APPROX_DET = rf"(?:une?|des|les|plusieurs|quelques|par|de{_SP}nombreu(?:x|ses)|\d+|{_WORDNUM})"
_QUAL = rf"(?:quelque|environ|près{_SP}de|près{_SP}d{_AP}|pas{_SP}moins{_SP}de|pas{_SP}moins{_SP}d{_AP}" \
        rf"|plus{_SP}de|plus{_SP}d{_AP}|moins{_SP}de|moins{_SP}d{_AP}|au{_SP}moins|d{_AP}au{_SP}moins" \
        rf"|jusqu{_AP}à|un{_SP}total{_SP}de|un{_SP}total{_SP}d{_AP}|au{_SP}total|autour{_SP}de" \
        rf"|à{_SP}peu{_SP}près|approximativement|quasiment|presque|entre)"
_MULT_WORDS = r"(?:millions?|milliards?|mille)"

_RX = re.compile(
    rf"(?<![\w])(?P<qual>{_QUAL}(?:{_SP}|(?<=['’])))?"
    rf"(?:(?P<approx>(?P<adet>{_APPROX_DET}){_SP}(?P<aunit>{_APPROX_UNIT})"
    rf"(?:{_SP}(?:de|d{_AP})\s*(?P<aunit2>centaines|milliers|millions|milliards)(?![\w]))?)"
    rf"|(?P<digits>{_DIGITS})(?:{_SP}(?P<dmult>{_MULT_WORDS}))?"
    rf"|(?P<words>{_WORDNUM})(?:{_SP}(?P<wmult>{_MULT_WORDS}))?"
    rf"|(?P<vague>plusieurs|quelques)"
    rf"|(?P<zero>aucune?|zéro))(?![\w])",
)  # matched against lower-cased text (see `_lower`): much faster than re.IGNORECASE
_WORD_TOKEN = re.compile(rf"{_WORD}", re.IGNORECASE)
_RANGE = re.compile(
    rf"\s*(?:(?P<sep>à|ou|et)\s+|[-–]\s*)(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDNUM}))(?![\w])",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"\s*(?:à|au|et|[-–/])\s*(?:1[89]|20)\d\d(?!\d)", re.IGNORECASE)
_YEAR_RANGE_BEFORE = re.compile(r"(?:1[89]|20)\d\d\s*(?:à|au|et|[-–/])\s*$", re.IGNORECASE)
_DETERMINERS = {"le", "la", "les", "l", "un", "une", "des", "du", "ce", "cette", "ces", "son", "sa", "ses", "leur",
                "leurs", "il", "elle", "ils", "elles", "on", "nous", "et", "mais", "puis", "alors", "à", "au", "aux",
                "en", "dans", "par", "pour", "avec", "sur", "contre", "selon", "avant", "après", "lors", "quand"}
_NEXT_WORD = re.compile(r"[\s\u00a0\u202f]*(?:(?:de|d['’])\s*)?([^\W\d_]+|%|€|\$)", re.IGNORECASE)
_NEXT_WORD_RAW = re.compile(r"[\s\u00a0\u202f]*([^\W\d_]+|%|€|\$|:|[.,]\d)", re.IGNORECASE)
_PREV_WORD = re.compile(r"([^\W\d_]+['’]?|n°|°)[\s\u00a0\u202f]*$", re.IGNORECASE)

_MONTHS = {"janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
           "septembre", "octobre", "novembre", "décembre", "decembre", "janv", "févr", "fév", "fevr", "sept", "oct",
           "nov", "déc", "dec"}
_UNITS = {
    # time and durations
    "h", "heure", "heures", "hrs", "min", "minute", "minutes", "seconde", "secondes", "s", "jour", "jours",
    "journée", "journées", "nuit", "nuits", "semaine", "semaines", "mois", "an", "ans", "année", "années",
    "siècle", "siècles", "décennie", "décennies", "heures-", "reprises", "fois",
    # distances, areas, weights, volumes
    "km", "kms", "kilomètre", "kilomètres", "kilometre", "kilometres", "m", "mètre", "mètres", "metre", "metres",
    "cm", "mm", "kg", "kilo", "kilos", "kilogramme", "kilogrammes", "g", "gramme", "grammes", "tonne", "tonnes",
    "t", "litre", "litres", "hectare", "hectares", "ha", "mile", "miles", "degré", "degrés", "km²", "mètres²",
    # money, ratios
    "%", "€", "$", "pour", "pourcent", "euro", "euros", "dollar", "dollars", "franc", "francs", "fcfa", "cfa",
    "dinar", "dinars", "livre", "livres", "shilling", "shillings", "naira", "nairas", "rand", "ouguiya",
    "ouguiyas", "dirham", "dirhams", "cents", "centimes", "points", "voix", "sièges",
    # ordinals written with a space or other non-heads
    "er", "ère", "re", "e", "ème", "eme", "bis", "ter",
}
_UN_STOP = {
    "autre", "autres", "peu", "certain", "certaine", "tel", "telle", "seul", "seule", "jour", "moment", "temps",
    "fois", "an", "ans", "mois", "semaine", "nombre", "ensemble", "total", "bilan", "sorte", "part", "cas",
    "quart", "tiers", "demi", "demie", "partie", "tas", "grand", "grande", "long", "longue",
    "lieu", "type", "genre", "coup",
}
_PREV_STOP = {"n°", "°", "no", "numéro", "numero", "article", "articles", "page", "pages", "chapitre", "route",
              "rn", "rp", "km", "kilomètre", "point", "résolution", "tome", "niveau", "l'an", "l’an", "an",
              "vers", "le", "du", "au", "dès", "version", "alinéa", "paragraphe", "section", "secteur",
              "colonne", "numéros", "zone", "poste", "nationale", "départementale", "autoroute", "ligne",
              "bus", "vol", "code", "tranche", "phase", "catégorie", "rang", "classe", "taux", "score",
              # "samedi 3 (au dimanche 4 mars)": a date
              "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
_YEAR_PREV = {"en", "depuis", "dès", "jusqu'en", "jusqu’en", "année", "an", "fin", "début", "mi", "courant",
              "été", "hiver", "automne", "printemps", "avant", "après", "vers"} | _MONTHS


def _int_digits(s: str) -> float | None:
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
        try:
            return float(s)
        except ValueError:
            return None
    return float(s.replace(".", ""))


@lru_cache(maxsize=4096)
def _words_prefix(s: str) -> tuple[int, int] | None:
    """The longest valid French number at the start of `s`: (value, length in chars), or None."""
    ends = [m.end() for m in _WORD_TOKEN.finditer(s)]
    # token ends that are really the ends of whole tokens (the regex scans a phrase made only of them)
    for end in reversed(ends):
        chunk = s[:end]
        try:
            return text2num(chunk.lower().replace("\u00a0", " ").replace("\u202f", " "), "fr"), end
        except ValueError:
            continue
    return None


_MULTS = {"mille": 1000, "million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
          "milliards": 1_000_000_000}


def _approx_value(m: re.Match) -> int | None:
    det = m.group("adet").lower()
    unit = m.group("aunit").lower()
    base = APPROX_UNITS[unit[:-1] if unit.endswith("s") else unit]
    if det in ("un", "une"):
        n = 1
    elif det[0].isdigit():
        v = _int_digits(det)
        if v is None:
            return None
        n = v
    elif det in ("des", "les", "plusieurs", "quelques", "par") or re.match(r"de\s", det):
        n = PLURAL_FACTOR
    else:
        wp = _words_prefix(det)
        if wp is None or wp[1] != len(det):
            return None
        n = wp[0]
    value = n * base
    unit2 = m.group("aunit2")
    if unit2:
        value *= APPROX_UNITS[unit2.lower()[:-1]]
    return int(value)


def _core(m: re.Match) -> tuple[int, int] | None:
    """(value, end offset) of the number in match `m` (before any range)."""
    if m.group("approx"):
        v = _approx_value(m)
        return None if v is None else (v, m.end())
    if m.group("zero"):
        return 0, m.end()
    if m.group("vague"):
        return SEVERAL, m.end()
    mult = m.group("dmult") or m.group("wmult")
    if m.group("digits"):
        v = _int_digits(m.group("digits"))
        if v is None:
            return None
        if mult:
            v *= _MULTS[mult.lower()]
        elif v != int(v):
            return None  # a decimal without million/milliard is not a headcount
        return int(v), m.end()
    words = m.group("words")
    wp = _words_prefix(words)
    if wp is None:
        return None
    v, n = wp
    if n != len(words):  # only a prefix of the word run is a number: the multiplier no longer follows it
        return v, m.start("words") + n
    if mult:
        if mult.lower() == "mille":
            try:
                return text2num(f"{words} mille".lower(), "fr"), m.end()
            except ValueError:
                return v, m.start("words") + n
        v *= _MULTS[mult.lower()]
    return v, m.end()


def _next_word(text: str, pos: int, skip_de: bool) -> str:
    m = (_NEXT_WORD if skip_de else _NEXT_WORD_RAW).match(text, pos)
    return m.group(1).lower() if m else ""


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text, max(0, pos - 30), pos)
    return m.group(1).lower() if m else ""


def _range_end(text: str, pos: int, has_entre: bool) -> int:
    """If a range ("à 30", "ou trois", "et 30" after "entre") follows `pos`, where it ends; else `pos`."""
    r = _RANGE.match(text, pos)
    if not r:
        return pos
    sep = (r.group("sep") or "-").lower()
    if sep == "et" and not has_entre:
        return pos
    if r.group("words"):
        wp = _words_prefix(r.group("words"))
        if wp is None or wp[1] != len(r.group("words")):
            return pos
        if wp[0] == 1:  # "un" after "à"/"ou" is an article ("ou un autre")
            return pos
    return r.end()


def _lower(text: str) -> str:
    """`text` lower-cased, offsets unchanged (the few characters whose lower case is longer are kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _scan(text: str, articles: bool, check_context: bool):
    last_end = 0
    for m in _RX.finditer(_lower(text)):
        if m.start() < last_end:  # inside a range already taken ("entre 20 et 30")
            continue
        core = _core(m)
        if core is None:
            continue
        value, end = core
        start = m.start()
        qual = (m.group("qual") or "").lower()
        is_plain = bool(m.group("digits") or m.group("words"))
        if is_plain:
            end = _range_end(text, end, qual.startswith("entre"))
        elif qual.startswith("entre"):
            end = _range_end(text, end, True)
        if check_context:
            nxt = _next_word(text, end, skip_de=bool(m.group("approx")))
            if nxt in _UNITS or nxt in _MONTHS:
                continue
            if m.group("approx") and m.group("aunit").lower().startswith("quarantaine") and \
                    not re.match(r"\s*(?:de|d['’])", text[end:end + 5], re.IGNORECASE):
                continue  # "une quarantaine" alone is a quarantine
            if is_plain:
                raw = _NEXT_WORD_RAW.match(text, end)
                if raw and raw.group(1)[0] in ":.,":  # 18:30, 1,5 %
                    continue
                prev = _prev_word(text, start)
                if not qual and prev in _PREV_STOP:
                    continue
                if m.group("digits") and not (m.group("dmult") or m.group("wmult")):
                    digits = m.group("digits")
                    if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and (
                            _YEAR_RANGE.match(text, m.end())
                            or _YEAR_RANGE_BEFORE.search(text, max(0, start - 12), start)
                            or prev in _YEAR_PREV or nxt in _DETERMINERS or not nxt or not nxt.islower()
                            or not re.match(r"[\s\u00a0\u202f]+[^\W\d_]", text[end:end + 3])):
                        continue  # a year
            if m.group("words") and value == 1 and not (m.group("dmult") or m.group("wmult")) and end == m.end():
                if not articles:
                    continue
                if not nxt or nxt in _UN_STOP or nxt in ("de", "d"):
                    continue
            if m.group("vague") and (not nxt or nxt in _UN_STOP):
                continue
            if m.group("words") and m.group("words").lower() == "neuf" and not nxt:
                continue  # "un véhicule neuf." -- the adjective
        last_end = end
        yield start, end, value, text[start:end]


def find_counts(text: str, articles: bool = True) -> list[tuple[int, int, int, str]]:
    """Every phrase of `text` that can be a headcount: (start, end, value, phrase), in text order.

    ``articles=False`` skips the bare "un"/"une" (which are most often indefinite articles).
    """
    return list(_scan(text, articles, True))


def parse_count(text: str) -> int | None:
    """A number phrase ("une dizaine", "1 200", "plus de trente", "deux cent cinquante morts") -> its conservative
    integer value, or None if it does not start with a number or the number is followed by a unit ("18 heures")."""
    s = text.strip()
    if not s:
        return None
    for start, _end, value, _phrase in _scan(s, True, False):
        if start != 0:
            return None
        if _next_word(s, _end, skip_de=False) in _UNITS or _next_word(s, _end, skip_de=False) in _MONTHS:
            return None
        return value
    return None


def is_vague(text: str) -> bool:
    """The phrase's number is a vague plural, not a figure: "plusieurs soldats", "quelques morts", "des dizaines",
    "plusieurs centaines", "de nombreuses victimes" (while "une dizaine", "trois centaines", "au moins 13" are
    figures, however rounded)."""
    m = _RX.search(_lower(text))
    if m is None:
        return False
    if m.group("vague"):
        return True
    det = (m.group("adet") or "").strip()
    return bool(m.group("approx")) and (det in ("des", "les", "plusieurs", "quelques", "par") or det.startswith("de"))
