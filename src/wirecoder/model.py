"""The data that flows through wirecoder: one mutable `Article` per document, frozen records out.

An `Article` is filled in by the pipeline's stages (language, parse, mentions, places, dates...). Each stage
adds to it; the final stage turns its `Mention`s (working event candidates) into frozen `Event` records, which
carry the output fields of DESIGN.md with the character offsets that justify each of them.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Span:
    """A stretch of the article's text, by character offsets."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Actor:
    """An event participant: canonical ACLED-style name, the words used, ACLED inter code, country (ISO3)."""

    name: str
    text: str
    inter: int | None
    country: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "inter": self.inter, "country": self.country}


@dataclass(frozen=True)
class Place:
    """A resolved place. geo_precision: 1 the town itself, 2 near it / part of a region, 3 region only."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    feature: str = "city"  # city | admin1 | country
    population: int = 0
    geo_precision: int = 1
    text: str = ""
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "geonames_id": self.geonames_id,
                "geo_precision": self.geo_precision}


@dataclass(frozen=True)
class ResolvedDate:
    """A date phrase resolved against the publication date; precision 1 day, 2 week, 3 month (4 year)."""

    iso: str
    precision: int
    span: Span | None = None
    overnight: bool = False  # a night from this day to the next ('dans la nuit du 2 au 3'): either day tells it


@dataclass(frozen=True)
class Rejection:
    """A document that could not be processed: which stage, a stable error code, and what went wrong."""

    doc_id: str
    stage: str
    code: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Event:
    """One coded event, with ACLED's field meanings (see DESIGN.md) and evidence offsets for each field."""

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    plover: str | None
    actor1: Actor | None
    actor2: Actor | None
    location: Place | None
    date: str | None
    time_precision: int | None
    date_text: str | None
    fatalities: int | None
    count: int | None
    reported_by: str | None
    evidence: dict[str, Span]
    sentence: Span
    confidence: float
    signals: dict[str, float] = field(default_factory=dict, compare=False, repr=False)  # what confidence rests on

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover": self.plover,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date,
            "time_precision": self.time_precision,
            "date_text": self.date_text,
            "fatalities": self.fatalities,
            "count": self.count,
            "reported_by": self.reported_by,
            "evidence": {k: v.to_dict() for k, v in self.evidence.items()},
            "sentence": self.sentence.to_dict(),
            "confidence": self.confidence,
        }


@dataclass
class Mention:
    """A working event candidate inside one article: a trigger and the fields the stages attach to it.

    `trigger` and `sentence` are token indices into the article's spaCy Doc (trigger) and a sentence index.
    """

    trigger: int
    sentence: int
    sub_event_type: str
    event_type: str
    plover: str | None
    lemma: str
    actor1: Actor | None = None
    actor2: Actor | None = None
    places: list[Place] = field(default_factory=list)
    date: ResolvedDate | None = None
    fatalities: int | None = None
    fatalities_span: Span | None = None
    fatalities_revised: bool = False  # the text gives this toll as a revision ('le bilan s'est alourdi à')
    fatalities_whole: bool = False  # the toll counts everyone killed ('douze personnes'), not one group ('un soldat')
    fatalities_group: str = ""  # the lemma of the victims the toll counts ('soldat', 'personne')
    count: int | None = None
    count_span: Span | None = None
    reported_by: str | None = None
    reported_by_span: Span | None = None
    dated_here: bool = False  # the date phrase is in the mention's own sentence
    background: bool = False  # dated well before publication: history, not news
    future: bool = False  # in the future tense: a plan, unless dated before publication (narrative future)
    claimed: bool = False  # its initiator comes from a claim ('revendiquée par X'): X wins over other namings
    support: int = 1  # how many mentions of the story tell this occurrence (merged into it)
    entry: dict = field(default_factory=dict)  # the lexicon entry that produced it


def article_id(text: str) -> str:
    """A stable id for a document that came without one: a short hash of its text."""
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class Article:
    """One document on its way through the pipeline.

    Readers fill `id`, `text`, `published` (+ its precision: 1 day, 3 month), `source`, `url`, `lang`; the
    stages fill `doc` (spaCy), `mentions`, `places`, `events` (and `candidates`, the events whose confidence
    is below the `min_confidence` option); a failing stage fills `rejection`.
    """

    __slots__ = ("id", "text", "published", "published_precision", "source", "url", "lang", "doc",
                 "body_start", "mentions", "places", "country", "events", "candidates", "rejection", "meta")

    def __init__(self, id: str, text: str, published: date | None = None, published_precision: int | None = None,
                 source: str | None = None, url: str | None = None, lang: str | None = None):
        self.id = id
        self.text = text
        self.published = published
        self.published_precision = published_precision
        self.source = source
        self.url = url
        self.lang = lang
        self.doc = None  # spaCy Doc, set by the nlp stage
        self.body_start = 0  # offset after any date header line
        self.mentions: list[Mention] = []
        self.places: list[Place] = []  # every resolved toponym of the story, in text order
        self.country: str | None = None  # the story's main country (ISO3), from its places
        self.events: list[Event] = []
        self.candidates: list[Event] = []  # events below `min_confidence`: kept apart, not output as events
        self.rejection: Rejection | None = None
        self.meta: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, lang={self.lang!r}, chars={len(self.text)}, events={len(self.events)})"


def paragraph_of(article: Article, offset: int) -> int:
    """Index of the paragraph (blank-line separated) that holds `offset`; paragraph starts computed once."""
    starts = article.meta.get("paragraph_starts")
    if starts is None:
        text = article.text
        starts, i = [], text.find("\n\n")
        while i >= 0:
            starts.append(i)
            i = text.find("\n\n", i + 2)
        article.meta["paragraph_starts"] = starts
    return bisect_right(starts, offset - 1)


# 'NAIROBI (Reuters) - ', 'BOGOTA, Colombia, Oct 3 (Reuters) - ', 'KHARTOUM, 12 mars (AFP) - ': where the story was
# filed, in capitals, before a dash, at the start of a paragraph; or a bracketed name opening it ('(Beyrouth) Le');
# or a name with its agency or country in brackets before a dash ('Ouagadougou (Burkina Faso) - ')
_DATELINE = re.compile(r"(?m)^[ \t]*(?:[A-Z][A-Z'’.\- ]{2,}[A-Z](?:,[ \t]*[^\n,()]{1,30}){0,2}"
                       r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*[-–—]+[ \t]+"
                       r"|\([A-ZÀ-Ý][^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}\)[ \t]+(?=[A-ZÀ-Ý«\"])"
                       r"|[A-ZÀ-Ý][^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}[ \t]+\([^)\n]{1,40}\)[ \t]*[-–—]+[ \t]+)")


def dateline(article: Article) -> tuple[int, int]:
    """The offsets of the dateline that opens the story's body, after its headline if any (where the story was
    filed, not where its events happened: no event is placed or acted there); (0, 0) when there is none."""
    span = article.meta.get("dateline")
    if span is None:
        text, m, at = article.text, None, article.body_start
        while m is None and 0 <= at < article.body_start + 400:
            m = _DATELINE.match(text, at)
            at = text.find("\n", at) + 1 or -1
        span = article.meta["dateline"] = (m.start(), m.end()) if m else (0, 0)
    return span
