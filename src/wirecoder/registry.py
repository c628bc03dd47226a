"""The one place where swappable parts are registered by name.

Stages are listed as "module:Class" strings so that nothing heavy is imported until a pipeline asks for it.
A user's own stage can be added with `register_stage(name, "package.module:Class")` before building.
"""
from __future__ import annotations

import importlib

from .errors import Code, ConfigError

STAGES: dict[str, str] = {
    "language": "wirecoder.stages.language:LanguageStage",
    "nlp": "wirecoder.stages.nlp:SpacyStage",
    "triggers": "wirecoder.stages.triggers:TriggerStage",
    "actors": "wirecoder.stages.actors:ActorStage",
    "location": "wirecoder.stages.location:LocationStage",
    "places": "wirecoder.stages.places:PlaceStage",
    "dates": "wirecoder.stages.dates:DateStage",
    "counts": "wirecoder.stages.counts:CountStage",
    "events": "wirecoder.stages.events:EventStage",
}

WRITERS: dict[str, str] = {
    "jsonl": "wirecoder.writers:JsonlWriter",
    "csv": "wirecoder.writers:CsvWriter",
    "table": "wirecoder.writers:TableWriter",
}


def register_stage(name: str, target: str) -> None:
    """Register (or replace) a stage under `name`; `target` is "module:Class"."""
    STAGES[name] = target


def _load(table: dict[str, str], name: str):
    if name not in table:
        raise ConfigError(Code.E202, name=name, known=", ".join(sorted(table)))
    module, _, attr = table[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def stage_class(name: str):
    return _load(STAGES, name)


def writer_class(name: str):
    return _load(WRITERS, name)
