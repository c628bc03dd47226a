"""English headcounts: number phrases ("at least a dozen", "more than 30", "twenty-five", "scores of") -> integers.

* `parse_count(text)` -- a number phrase, optionally followed by its noun -> a conservative integer, or None.
* `is_vague(text)` -- the phrase only bounds a figure ("several", "dozens of", "hundreds") rather than gives one.

The conventions are the French reader's (`wirecoder.lang.fr.numbers`), so that a toll means the same in both
languages: qualifiers keep the stated figure ("more than 30" -> 30, "nearly 20" -> 20); ranges take their lower
end ("between 20 and 30", "20 to 30", "two or three" -> 20, 20, 2); an approximate noun takes its unit ("a dozen"
12, "a score" 20, "a hundred" 100); a vague plural takes one unit ("dozens" 12, "scores" 20, "hundreds" 100,
"tens of thousands" 10 000); "several", "a few", "some" before a noun -> `SEVERAL` (3); "a"/"an"/"one" -> 1;
"no", "none" -> 0. Number words are read by text2num.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

__all__ = ["parse_count", "is_vague", "SEVERAL"]

SEVERAL = 3
UNITS = {"dozen": 12, "score": 20, "hundred": 100, "thousand": 1000, "million": 1_000_000}
FEW = {"several": SEVERAL, "a few": SEVERAL, "few": SEVERAL, "some": SEVERAL, "many": SEVERAL,
       "numerous": SEVERAL, "a couple of": 2, "a couple": 2, "a handful of": SEVERAL, "multiple": SEVERAL}
NONE = {"no", "none", "zero", "nobody", "no one"}
QUALIFIER = re.compile(r"^(?:at least|at most|more than|over|nearly|almost|about|around|some|approximately|"
                       r"roughly|up to|as many as|no fewer than|no less than|fewer than|less than|an estimated|"
                       r"just over|just under|well over|close to|upwards of)\s+")
_WORDS = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
          r"thousand|million|and)")
NUMBER = re.compile(rf"^(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDS}(?:[\s-]+{_WORDS})*)\b")
RANGE = re.compile(r"^(?:between\s+)?(?P<a>\S+)\s+(?:and|to|or)\s+(?P<b>\S+)")
VAGUE_PLURAL = re.compile(r"^(?:(?P<tens>tens|dozens|hundreds) of )?(?P<unit>dozens|scores|hundreds|thousands|"
                          r"millions)\b")


def _number(words: str) -> int | None:
    m = NUMBER.match(words)
    if m is None:
        return None
    n = m.group("n").replace(",", "")
    if n.isdigit():
        return int(n)
    try:
        return int(text2num(n.replace("-", " ").strip(), "en"))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def parse_count(text: str) -> int | None:
    """The conservative integer a number phrase gives (see module doc); None when it gives none."""
    words = " ".join(text.lower().replace("\u2011", "-").split())
    words = QUALIFIER.sub("", words)
    if words.split(" ")[0] in NONE or words.startswith("no one"):
        return 0
    for few, value in sorted(FEW.items(), key=lambda kv: -len(kv[0])):
        if words == few or words.startswith(few + " "):
            rest = words[len(few):].strip()
            return value if not rest or not rest[0].isdigit() else _number(rest)
    m = VAGUE_PLURAL.match(words)
    if m:
        unit = UNITS[m.group("unit").rstrip("s")]
        return unit * (UNITS[m.group("tens").rstrip("s")] if m.group("tens") and m.group("tens") != "tens" else
                       10 if m.group("tens") else 1)
    approx = re.match(rf"^(?:a|an|one)\s+(dozen|score|hundred|thousand|million)\b(?![\s-]+{_WORDS}\b)", words)
    if approx:
        return UNITS[approx.group(1)]
    if re.match(r"^(?:a|an)\s+(?!unknown|undisclosed|undetermined|unspecified|number|large|small|few|handful)\w",
                words):
        return 1  # 'a soldier', 'an official' ('an unknown number of civilians' gives no figure)
    r = RANGE.match(words)
    if r and _number(r.group("a")) is not None and _number(r.group("b")) is not None:
        return min(_number(r.group("a")), _number(r.group("b")))
    value = _number(words)
    if value is None:
        return None
    rest = words[NUMBER.match(words).end():].strip()
    unit = re.match(r"^(dozen|score)\b", rest)
    return value * UNITS[unit.group(1)] if unit else value


def is_vague(text: str) -> bool:
    """'several dead', 'dozens of victims', 'hundreds': a bound, which a figure given beside it overrides."""
    words = QUALIFIER.sub("", " ".join(text.lower().split()))
    return bool(VAGUE_PLURAL.match(words)) or any(words == f or words.startswith(f + " ") for f in FEW)
