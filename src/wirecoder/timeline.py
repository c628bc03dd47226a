"""Date phrases resolved against a dispatch's publication date: the same rules for every language.

A language pack's date reader finds the phrases of its language and reads each into a `spec`, a tuple that needs
no publication date ("dm": day and month, "wd": a weekday, "rel": days before publication, "week", "month",
"year"...). This module turns a spec into a `ResolvedDate` (day, week, month or year precision) and judges
background.

Resolution rules:

* a bare weekday ("Tuesday", "mardi", "jeudi soir") is the most recent such day on or before publication (the
  publication day counts); "last" is strictly before; "next" strictly after;
* the night from one weekday to the next is the first day of the latest such night that ended on or before
  publication; "last night" is the day before publication (the night that started then);
* day + month without a year: the latest of (year-1, year, year+1) that is at most `FUTURE_DAYS` after
  publication ("last": strictly before publication); a written weekday picks between candidates;
* "the day before" / "the day after" / "that day" are relative to `anchor` when given (another event's date),
  else to publication;
* weeks: last week -> Wednesday of the previous week, early in the week -> Monday of the publication week, late
  in the week -> Friday, the weekend -> Saturday (never after publication for "this week" phrases), precision 2;
  "a week ago" -> publication - 7 days, precision 2;
* months and years resolve to "YYYY-MM" (precision 3) and "YYYY" (precision 4); a month without a year is the
  latest one not after the publication month;
* if publication is known only to the month (``published_precision=3``; ``published`` is then any day of that
  month), day-relative phrases ("yesterday", "Tuesday", "last week") resolve to the publication month,
  precision 3, while explicit dates still resolve to the day; with year-only publication (4) they resolve to the
  year;
* without a publication date only phrases that carry their own year resolve (and anchor-relative ones when an
  anchor is given).
"""
from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass

from .model import ResolvedDate, Span

#: how far after publication an explicit day+month without a year may fall before it is moved a year back.
FUTURE_DAYS = 7
#: a phrase whose resolved period ends more than this many days before publication is background.
BACKGROUND_DAYS = 62


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    kind: str  # weekday | absolute | relative | month | year | week | overnight
    spec: tuple | None = None  # the reader's reading of the text; None: not a date


def longest_first(candidates: list[tuple]) -> list[tuple]:
    """Of candidate phrases `(start, end, priority, ...)` found by a reader's patterns, those that overlap no
    longer one (nor, at equal length, one of a better priority), in text order: 'mardi 14 mai' beats 'mardi'."""
    taken: list[tuple] = []
    for c in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if not any(c[0] < t[1] and t[0] < c[1] for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c[0])


def valid_day(d: int | None, mon: int, y: int | None) -> bool:
    """Day `d` exists in month `mon` of year `y` (any leap year when the year is not told: 29 February is)."""
    return d is not None and 1 <= d <= calendar.monthrange(y or 2000, mon)[1]


def names_its_weekday(phrase: DatePhrase) -> bool:
    """A day given with its weekday and number ('dimanche 24 avril'), as a story names the days it tells."""
    spec = phrase.spec
    return spec is not None and spec[0] == "dm" and spec[4] is not None


# ---------------------------------------------------------------------------------------------- resolving

def _iso(d: _dt.date, precision: int) -> str:
    if precision <= 2:
        return d.isoformat()
    if precision == 3:
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _add_months(y: int, mon: int, n: int) -> tuple[int, int]:
    k = y * 12 + (mon - 1) + n
    return k // 12, k % 12 + 1


def _pick_year(d: int, mon: int, wd: int | None, last: str | None, ref: _dt.date, month_only: bool) -> _dt.date:
    """The year of day `d` of month `mon` relative to publication `ref` (see module doc)."""
    cands = [_dt.date(y, mon, d) for y in range(ref.year + 4, ref.year - 5, -1)
             if d <= calendar.monthrange(y, mon)[1]]
    if month_only:  # publication known to the month: compare with its last day
        ref = _dt.date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
    if last == "last":
        ok = [c for c in cands if c < ref]
    elif last == "next":
        ok = [c for c in cands if c > ref][-1:]
    else:
        ok = [c for c in cands if (c - ref).days <= FUTURE_DAYS]
    if not ok:
        ok = cands[-1:]
    best = ok[0]
    if wd is not None and best.weekday() != wd and last is None:
        # a written weekday that does not fit: the next occurrence if it is near (an announced event)
        later = [c for c in cands if c > best and (c - ref).days <= 62]
        if later and later[-1].weekday() == wd:
            return later[-1]
    return best


def _ctx_degraded(published: _dt.date, prec: int | None, span: Span) -> ResolvedDate | None:
    """The publication date at its own (coarse) precision, for day-relative phrases."""
    p = 4 if prec == 4 else 3
    return ResolvedDate(_iso(published, p), p, span)


def _compute(spec, published: _dt.date | None, prec: int | None, anchor: _dt.date | None,
             span: Span) -> ResolvedDate | None:
    tag = spec[0]
    coarse = prec is not None and prec >= 3
    if tag == "dm":
        d, mon, y, wd, last = spec[1:6]
        if y is not None:
            return ResolvedDate(_dt.date(y, mon, d).isoformat(), 1, span)
        if published is None:
            return None
        if prec == 4:
            try:
                return ResolvedDate(_dt.date(published.year, mon, d).isoformat(), 1, span)
            except ValueError:
                return None
        day = _pick_year(d, mon, wd, last, published, month_only=bool(coarse))
        return ResolvedDate(day.isoformat(), 1, span)
    if tag == "range":  # the first day of "du 3 au 5 mars", "dans la nuit du 3 au 4 mars"
        d, mon1, d2, mon, y, last = spec[1:7]
        if y is not None:
            second = _dt.date(y, mon, d2)
        elif published is None:
            return None
        elif prec == 4:
            second = _dt.date(published.year, mon, d2)
        else:
            second = _pick_year(d2, mon, None, last, published, month_only=bool(coarse))
        try:
            first = _dt.date(second.year - (1 if mon1 > mon else 0), mon1, d)
        except ValueError:  # 29 février of a non-leap year
            return None
        return ResolvedDate(first.isoformat(), 1, span)
    if tag == "dm_minus1":
        d, mon, y, wd, last = spec[1:6]
        if y is not None:
            day = _dt.date(y, mon, d)
        elif published is None:
            return None
        else:
            day = _pick_year(d, mon, wd, last, published, month_only=bool(coarse))
        return ResolvedDate((day - _dt.timedelta(days=1)).isoformat(), 1, span)
    if tag == "anchor":
        base = anchor or published
        if base is None:
            return None
        if anchor is None and coarse:
            return _ctx_degraded(published, prec, span)
        return ResolvedDate((base + _dt.timedelta(days=spec[1])).isoformat(), 1, span)
    if published is None:
        if tag == "year":
            return ResolvedDate(f"{spec[1]:04d}", 4, span)
        if tag == "month" and spec[2] is not None:
            return ResolvedDate(f"{spec[2]:04d}-{spec[1]:02d}", 3, span)
        return None
    if tag in ("wd", "wd_minus1"):
        if coarse:
            return _ctx_degraded(published, prec, span)
        wd, mode = spec[1], spec[2]
        if tag == "wd_minus1":
            back = (published.weekday() - wd) % 7
            if mode == "last" and back == 0:
                back = 7
            return ResolvedDate((published - _dt.timedelta(days=back + 1)).isoformat(), 1, span)
        back = (published.weekday() - wd) % 7
        if mode == "last" and back == 0:
            back = 7
        if mode == "next":
            fwd = (wd - published.weekday()) % 7 or 7
            return ResolvedDate((published + _dt.timedelta(days=fwd)).isoformat(), 1, span)
        return ResolvedDate((published - _dt.timedelta(days=back)).isoformat(), 1, span)
    if tag == "rel":
        off, p = spec[1], spec[2]
        if coarse:
            return _ctx_degraded(published, prec, span)
        return ResolvedDate((published + _dt.timedelta(days=off)).isoformat(), p, span)
    if tag == "week":
        if coarse:
            return _ctx_degraded(published, prec, span)
        weeks, dow = spec[1], spec[2]
        monday = published - _dt.timedelta(days=published.weekday())
        day = monday + _dt.timedelta(days=7 * weeks + dow)
        if day > published:
            # "cette semaine" / "en début de semaine" on a Monday -> not after publication;
            # "ce week-end" / "en fin de semaine" early in a week -> the one just past
            day = published if dow <= 2 else day - _dt.timedelta(days=7)
        return ResolvedDate(day.isoformat(), 2, span)
    if tag == "rel_month":
        if prec == 4:
            return _ctx_degraded(published, prec, span)
        y, mon = _add_months(published.year, published.month, spec[1])
        return ResolvedDate(f"{y:04d}-{mon:02d}", 3, span)
    if tag == "rel_year":
        return ResolvedDate(f"{published.year + spec[1]:04d}", 4, span)
    if tag == "month":
        mon, y, last = spec[1], spec[2], spec[3]
        if y is None:
            if prec == 4:
                y = published.year
            else:
                y = published.year
                if mon > published.month or (last == "last" and mon == published.month):
                    y -= 1
        return ResolvedDate(f"{y:04d}-{mon:02d}", 3, span)
    if tag == "year":
        return ResolvedDate(f"{spec[1]:04d}", 4, span)
    raise ValueError(tag)


def resolve(phrase: DatePhrase, published: _dt.date | None, published_precision: int | None = 1,
            anchor: _dt.date | None = None) -> ResolvedDate | None:
    """Resolve a phrase against the publication date (and `anchor` for "la veille"/"le lendemain")."""
    spec = phrase.spec
    if spec is None:
        return None
    if isinstance(published, _dt.datetime):
        published = published.date()
    if isinstance(anchor, _dt.datetime):
        anchor = anchor.date()
    return _compute(spec, published, published_precision, anchor, Span(phrase.start, phrase.end, phrase.text))




# --------------------------------------------------------------------------------------------- background

def _period_end(r: ResolvedDate) -> _dt.date | None:
    try:
        if r.precision <= 1:
            return _dt.date.fromisoformat(r.iso)
        if r.precision == 2:
            return _dt.date.fromisoformat(r.iso) + _dt.timedelta(days=3)
        if r.precision == 3:
            y, mon = int(r.iso[:4]), int(r.iso[5:7])
            return _dt.date(y, mon, calendar.monthrange(y, mon)[1])
        return _dt.date(int(r.iso[:4]), 12, 31)
    except (ValueError, IndexError):
        return None


def is_background(phrase: DatePhrase | ResolvedDate, published: _dt.date | None,
                  published_precision: int | None = 1, days: int = BACKGROUND_DAYS) -> bool:
    """True when the phrase's period ends more than `days` (about two months) before publication.

    "en 2014" in a 2018 story, "en janvier 2015" in a June 2015 story, "il y a deux ans" are background;
    "hier", "le mois dernier", "en 2018" (in 2018) are not. Unresolvable phrases are not background.
    """
    if published is None:
        return False
    if isinstance(published, _dt.datetime):
        published = published.date()
    r = phrase if isinstance(phrase, ResolvedDate) else resolve(phrase, published, published_precision)
    if r is None:
        return False
    end = _period_end(r)
    if end is None:
        return False
    if published_precision is not None and published_precision >= 3:
        published = _dt.date(published.year, published.month, 1)
    return (published - end).days > days


