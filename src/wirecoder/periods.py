"""The days a coded date stands for, shared by date resolution, de-duplication and the store."""
from __future__ import annotations

from datetime import date, timedelta


def month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def period(iso: str | None, precision: int | None = None, week_days: int = 3) -> tuple[date, date] | None:
    """First and last day of an ISO date at its precision: a day; a week (`week_days` either side of the day
    given); a month ('2018-02', or precision 3); a year ('2018'). None when it is not a date."""
    if not iso:
        return None
    try:
        parts = [int(x) for x in iso.split("-")]
        if len(parts) == 3:
            d = date(*parts)
            if (precision or 1) == 2:
                return d - timedelta(days=week_days), d + timedelta(days=week_days)
            if (precision or 1) >= 3:
                return d.replace(day=1), month_end(d)
            return d, d
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            return start, month_end(start)
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def publication_end(published: date | None, precision: int | None) -> date | None:
    """The last day a publication date allows: the day itself, or the month's last day when only the month is
    known."""
    if published is None:
        return None
    return month_end(published) if precision == 3 else published
