"""One catalogue of user-facing errors with stable codes, and one exception hierarchy.

Codes never change meaning once released; tests lock them. A document-level failure becomes a
`Rejection` (stage, code, detail) and the run goes on; a configuration failure stops at start-up.
"""
from __future__ import annotations

from enum import Enum


class Code(str, Enum):
    """Stable error codes: E1xx input, E2xx pipeline configuration, E3xx document processing, E4xx store."""

    E101 = "Cannot read input {path}: {reason}"
    E102 = "Line {line} of {path} is not a valid record: {reason}"
    E104 = "Document {doc_id} has no text"
    E105 = "Unreadable publication date {value!r} (expected YYYY-MM or YYYY-MM-DD)"
    E106 = "Cannot open {path}: {reason}"
    E107 = "Not a coded record ({origin}): {reason}"
    E108 = "Skipped {path}: {reason}"
    E109 = "Document {doc_id} is too long for a dispatch: {chars:,} characters (at most {limit:,})"
    E201 = "Stage {stage!r} requires {missing} but no earlier stage assigns it"
    E202 = "Unknown stage {name!r}; registered stages: {known}"
    E203 = "Cannot load resource {name}: {reason}"
    E204 = "Invalid option {name}={value!r}: {reason}"
    E205 = "Invalid data file {path}: {reason}"
    E206 = "No language pack for {lang!r}; registered packs: {known}"
    E301 = "Unsupported language {lang!r} (supported: {supported})"
    E302 = "Stage {stage!r} failed: {reason}"
    E303 = "Stage {stage!r} returned {got} instead of an Article"
    E401 = "Cannot open database {path}: {reason}"
    E402 = "The run failed and stopped: {reason}"

    def format(self, **kwargs) -> str:
        return f"[{self.name}] " + self.value.format(**kwargs)


class WirecoderError(Exception):
    """Base of every error wirecoder raises on purpose; `code` is the catalogue entry."""

    def __init__(self, code: Code, **kwargs):
        self.code = code
        self.kwargs = kwargs
        super().__init__(code.format(**kwargs))


class ConfigError(WirecoderError):
    """The pipeline or its options are misconfigured: raised when the pipeline is built."""


class DocumentError(WirecoderError):
    """One document cannot be processed; the pipeline turns this into a Rejection and goes on."""


class StoreError(WirecoderError):
    """The database cannot be opened or written."""
