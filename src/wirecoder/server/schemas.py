"""The shapes of the API's requests and answers, for validation (requests) and the OpenAPI schema (answers).

Answers are built as plain dicts by `queries` and sent as they are (no per-row validation on the hot path); the
models below document them field by field in /openapi.json and /api/docs.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="stable code: a catalogue code (E1xx-E4xx) or an HTTP one (H400-H500)")
    message: str


class ErrorOut(BaseModel):
    """The one shape of every error."""

    error: ErrorDetail


class FlatEvent(BaseModel):
    """A merged event, flat (ACLED field meanings), without its reports."""

    model_config = ConfigDict(extra="allow")
    event_id: str
    date: str | None = Field(None, description="YYYY-MM-DD, or YYYY-MM when only the month is known")
    time_precision: int | None = Field(None, description="1 day, 2 week, 3 month")
    event_type: str | None = None
    sub_event_type: str | None = None
    plover: str | None = None
    actor1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    inter2: int | None = None
    country: str | None = Field(None, description="ISO3")
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = Field(None, description="1 the town, 2 near it or part of a region, 3 the region")
    geonames_id: int | None = None
    fatalities: int | None = Field(None, description="the lowest toll reported; null when no report gives one")
    fatalities_max: int | None = None
    count: int | None = None
    n_mentions: int | None = None
    n_documents: int | None = None
    n_sources: int | None = None
    sources: list[str] = []
    reported_by: list[str] = []
    notes: str | None = Field(None, description="the sentence of the most confident report")
    first_published: str | None = None
    confidence: float | None = None


class EventPage(BaseModel):
    events: list[FlatEvent]
    total: int = Field(description="events matching the filters, all pages")
    limit: int
    offset: int


class Span(BaseModel):
    start: int = Field(description="character offset into the document's text")
    end: int
    text: str


class DocumentRef(BaseModel):
    doc_id: str
    text: str | None
    url: str | None = None
    source: str | None = None
    published: str | None = None


class MentionOut(BaseModel):
    """One report of the event: its sentence and the evidence of each field, as offsets into the document."""

    mention_id: str
    doc_id: str
    source: str | None = None
    published: str | None = None
    sentence_start: int
    sentence_end: int
    sentence: str
    trigger_start: int | None = None
    trigger_end: int | None = None
    evidence: dict[str, Span] = Field(description="trigger, actor1, actor2, location, date, fatalities, count, "
                                                  "reported_by: whichever the report has")
    coded: dict = Field(description="this report's own coded event (before the merge), without evidence")
    joined: dict | None = Field(None, description="why this report joined the event: the link (score, the two "
                                                  "mention ids, each field's evidence) that brought its group in; "
                                                  "null for the event's first report")
    document: DocumentRef


class EventDetail(FlatEvent):
    mentions: list[MentionOut]


class DocumentOut(BaseModel):
    doc_id: str
    text: str | None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    status: str | None = Field(None, description="coded or rejected")
    events: list[str] = Field(description="ids of the merged events this document reports, in text order")
    rejection: dict | None = None


class Stats(BaseModel):
    total: int
    fatalities: int = Field(description="sum of the matching events' fatalities")
    by_type: dict[str, int]
    by_country: dict[str, int] = Field(description="ISO3 -> events; events without a country are only in total")
    by_month: dict[str, int] = Field(description="YYYY-MM -> events, in order; undated events are only in total")


class CodeIn(BaseModel):
    text: str = Field(description="the dispatch")
    published: str | None = Field(None, description="publication date, YYYY-MM-DD or YYYY-MM")
    lang: str | None = Field(None, description="its language ('fr', 'en'); guessed from the text when missing")


class RejectionOut(BaseModel):
    doc_id: str | None = None
    stage: str
    code: str
    detail: str


class CodeOut(BaseModel):
    events: list[dict] = Field(description="coded events, as `wirecoder code` writes them (with evidence)")
    rejection: RejectionOut | None


class DocumentIn(BaseModel):
    id: str | None = Field(None, description="document id; a hash of the text when missing")
    text: str
    published: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None


class IngestOut(BaseModel):
    documents: int
    skipped: int = Field(description="already stored with the same text")
    mentions: int = Field(description="event mentions added")
    rejections: list[RejectionOut]
    doc_ids: list[str]


class Info(BaseModel):
    version: str
    writable: bool = Field(description="whether POST /api/documents is enabled (the server has a token)")
    counts: dict[str, int]
