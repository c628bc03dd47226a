"""English date phrases: find them in a dispatch and read each into a spec that `wirecoder.timeline` resolves.

* `find_dates(text)` -> every date phrase, in text order, non-overlapping, longest match first ("on Tuesday,
  March 12" beats "Tuesday"; "the night of Monday to Tuesday" beats "Monday"), each with its spec.

Readings: "last Tuesday" is strictly before publication, "next Tuesday" after; "Tuesday night", "overnight
Tuesday" and "the night of Monday to Tuesday" are nights (kind "overnight") that start on the weekday named
first; "overnight" and "last night" are the night before publication; "the day before", "the previous day",
"the next day", "two days later" are anchor-relative; "last week", "earlier this week", "late last week", "at
the weekend" are weeks; "three days ago", "a week ago" count back from publication; "in March", "last month",
"in 2014", "last year" are months and years. Dates are written day-month ("12 March 2012") or month-day
("March 12, 2012"); numeric dates are read only in ISO order (2012-03-12), the others being ambiguous.
"""
from __future__ import annotations

import re

from ...timeline import DatePhrase, longest_first, valid_day

__all__ = ["find_dates"]

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
          "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
          "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
           "thirty": 30, "several": 3, "a few": 3, "few": 3, "a couple of": 2, "couple of": 2}
VAGUE = {"several", "a few", "few"}

_S = r"[\s\u00a0\u202f]+"
_O = r"[\s\u00a0\u202f]*"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
        r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_TOD = r"(?:morning|afternoon|evening|night|dawn)"
_NUMW = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty" \
        r"|several|a{_S}few|a{_S}couple{_S}of)".replace("{_S}", _S)


def _rx(body: str) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])")


# (kind, pattern, how): `_read` turns a match into a spec, or None when it is no valid date.
_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("absolute", _rx(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"), "iso"),
    ("overnight", _rx(rf"(?:(?:on|during|in){_S})?the{_S}night{_S}(?:of|from){_S}(?P<d>{_DAY})"
                      rf"(?:{_S}to{_S}|{_O}[-–]{_O})(?P<d2>{_DAY}){_S}(?P<mon>{_MON})(?:,?{_S}(?P<y>{_YEAR}))?"),
     "night_dates"),
    ("absolute", _rx(rf"(?:(?:between|from){_S})?(?P<d>{_DAY})(?:{_S}(?:and|to){_S}|{_O}[-–]{_O})(?P<d2>{_DAY})"
                     rf"{_S}(?P<mon>{_MON})(?:,?{_S}(?P<y>{_YEAR}))?"), "range_dm"),
    ("absolute", _rx(rf"(?:(?:between|from){_S})?(?P<mon>{_MON}){_S}(?P<d>{_DAY})(?:{_S}(?:and|to){_S}|{_O}[-–]{_O})"
                     rf"(?P<d2>{_DAY})(?:,?{_S}(?P<y>{_YEAR}))?"), "range_md"),
    ("absolute", _rx(rf"(?:(?:on|since|from|by){_S})?(?:{_WD},?{_S})?(?:the{_S})?(?P<d>{_DAY}){_S}(?:of{_S})?"
                     rf"(?P<mon>{_MON})(?:,?{_S}(?P<y>{_YEAR}))?"), "dm"),
    ("absolute", _rx(rf"(?:(?:on|since|from|by){_S})?(?:{_WD},?{_S})?(?P<mon>{_MON}){_S}(?P<d>{_DAY})"
                     rf"(?:,?{_S}(?P<y>{_YEAR}))?"), "md"),
    ("overnight", _rx(rf"(?:(?:on|during|in){_S})?the{_S}night{_S}(?:of|from){_S}{_WD}{_S}(?:to|into){_S}"
                      rf"(?P<wd2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"), "night_wd2"),
    ("overnight", _rx(rf"(?:(?:on|late|early|last|during){_S})?{_WD}{_S}night"), "night_wd"),
    ("overnight", _rx(rf"overnight{_S}(?:on{_S})?{_WD}"
                      rf"(?:{_S}(?:to|into){_S}(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))?"),
     "night_wd"),
    ("overnight", _rx(r"overnight|last" + _S + r"night|during" + _S + r"the" + _S + r"night"), "overnight"),
    ("weekday", _rx(rf"(?:(?P<mode>last|next|this|on|early|late){_S})?{_WD}(?:{_S}{_TOD})?"), "weekday"),
    ("relative", _rx(rf"(?P<w>the{_S}day{_S}before{_S}yesterday|yesterday(?:{_S}{_TOD})?|today|tonight"
                     rf"|this{_S}(?:morning|afternoon|evening))"), "rel"),
    # ('the eve of the festival', 'the day before the vote': of a day the text does not date)
    ("relative", _rx(rf"(?P<w>the{_S}(?:day{_S}before(?!{_S}(?:the|a|an|his|her|their|its)\b)|previous{_S}day"
                     rf"|eve(?!{_S}of\b))|the{_S}(?:next|following){_S}day"
                     rf"|(?P<n>{_NUMW}){_S}days?{_S}(?P<dir>later|earlier|before)|that{_S}(?:same{_S})?day"
                     rf"|the{_S}same{_S}day)"), "anchor"),
    ("relative", _rx(rf"(?P<n>{_NUMW}){_S}(?P<u>hours?|days?|weeks?|months?|years?){_S}ago"
                     rf"|(?:in|over|during){_S}the{_S}(?:past|last){_S}(?P<n2>{_NUMW}){_S}(?P<u2>days|weeks)"), "ago"),
    ("week", _rx(rf"(?P<part>early|earlier|late|later){_S}(?P<when>this|last){_S}week"
                 rf"|(?P<when2>this|last|next){_S}week(?P<end>end)?|(?:at|over|during){_S}the{_S}(?P<we>weekend)"
                 rf"|(?P<when3>this|last){_S}(?P<we2>weekend)"), "week"),
    ("month", _rx(rf"(?P<part>earlier|early|late){_S}this{_S}month|(?P<when>this|last){_S}month"), "month_rel"),
    ("month", _rx(rf"(?:(?P<last>last)|(?:in{_S})?(?:early|late|mid)-?|in|since|during|until|by){_O}"
                  rf"(?P<mon>{_MON})(?:,?{_S}(?P<y>{_YEAR}))?|(?P<mon2>{_MON}){_S}(?P<y2>{_YEAR})"), "month"),
    ("year", _rx(rf"(?:in|since|during|until|by|early|late|mid-?){_O}(?P<y>{_YEAR})"
                 rf"|(?P<ylast>last{_S}year)|(?P<ythis>(?:earlier{_S})?this{_S}year)"), "year"),
]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".")]


def _count(s: str) -> tuple[int, bool] | None:
    s = " ".join(s.split())
    if s.isdigit():
        return int(s), False
    return (NUMBERS[s], s in VAGUE) if s in NUMBERS else None


def _read(how: str, m: re.Match):  # noqa: C901 - one small branch per pattern family
    """A match -> a spec tuple (see `wirecoder.timeline`), or None when the words are no valid date."""
    g = m.group
    y = int(g("y")) if "y" in m.re.groupindex and g("y") else None
    wd = WEEKDAYS[g("wd")] if "wd" in m.re.groupindex and g("wd") else None
    if how == "iso":
        d, mon = int(g("d")), int(g("m"))
        return ("dm", d, mon, y, None, None) if 1 <= mon <= 12 and valid_day(d, mon, y) else None
    if how in ("dm", "md"):
        d, mon = _day(g("d")), _month(g("mon"))
        return ("dm", d, mon, y, wd, None) if valid_day(d, mon, y) else None
    if how in ("range_dm", "range_md", "night_dates"):
        d, d2, mon = _day(g("d")), _day(g("d2")), _month(g("mon"))
        if not (d < d2 and valid_day(d2, mon, y)):
            return None
        return ("range", d, mon, d2, mon, y, None)
    if how == "night_wd2":
        return ("wd", wd, "on_or_before")
    if how == "night_wd":
        text = g(0)
        return ("wd", wd, "last" if text.startswith("last") else "on_or_before")
    if how == "overnight":
        return ("rel", -1, 1)
    if how == "weekday":
        mode = g("mode")
        return ("wd", wd, {"last": "last", "next": "next"}.get(mode, "on_or_before"))
    if how == "rel":
        w = " ".join(g("w").split())
        if w.startswith("the day before"):
            return ("rel", -2, 1)
        return ("rel", -1 if w.startswith("yesterday") else 0, 1)
    if how == "anchor":
        w = " ".join(g("w").split())
        if g("n"):
            n = _count(g("n"))
            if n is None or n[1]:
                return None
            return ("anchor", n[0] if g("dir") == "later" else -n[0])
        if "before" in w or "previous" in w or w.endswith("eve"):
            return ("anchor", -1)
        return ("anchor", 1 if ("next" in w or "following" in w) else 0)
    if how == "ago":
        n = _count(g("n") or g("n2"))
        if n is None:
            return None
        n, vague = n
        unit = (g("u") or g("u2")).rstrip("s")
        period = bool(g("n2"))  # 'in the past two weeks': a stretch of time back from publication
        if unit == "hour":
            return ("rel", -round(n / 24), 1)
        if unit == "day":
            return ("rel", -n, 2 if vague or period and n > 3 else 1)
        if unit == "week":
            return ("rel", -7 * n, 2 if n < 5 else 3)
        if unit == "month":
            return ("rel_month", -n)
        return ("rel_year", -n)
    if how == "week":
        if g("we") or g("we2") or g("end"):
            return ("week", -1 if "last" in (g("when2"), g("when3")) else 0, 5)
        if g("part"):
            early = g("part").startswith("early")
            return ("week", -1 if g("when") == "last" else 0, 0 if early else 4)
        return ("week", {"last": -1, "next": 1}.get(g("when2"), 0), 2)
    if how == "month_rel":
        return ("rel_month", -1 if g("when") == "last" else 0)
    if how == "month":
        if g("mon2"):
            return ("month", _month(g("mon2")), int(g("y2")), None)
        return ("month", _month(g("mon")), y, "last" if g("last") else None)
    if how == "year":
        if g("y"):
            return ("year", int(g("y")))
        return ("rel_year", -1 if g("ylast") else 0)
    raise ValueError(how)


def find_dates(text: str) -> list[DatePhrase]:
    """All date phrases of `text`, in text order, non-overlapping, the longest match winning."""
    low = text.lower()  # (English lower-casing keeps every offset)
    cands = []
    for prio, (kind, rx, how) in enumerate(_PATTERNS):
        for m in rx.finditer(low):
            spec = _spec(how, m)
            if spec is not None:
                cands.append((m.start(), m.end(), prio, kind, spec))
    return [DatePhrase(s, e, text[s:e], kind, spec) for s, e, _p, kind, spec in longest_first(cands)]


def _spec(how: str, m: re.Match):
    try:
        return _read(how, m)
    except (KeyError, ValueError):  # a month or number word the tables lack: not a date
        return None
