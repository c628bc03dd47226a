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

# language code -> "module:function" returning its `wirecoder.lang.LanguagePack`
PACKS: dict[str, str] = {
    "fr": "wirecoder.lang.fr:pack",
    "en": "wirecoder.lang.en:pack",
}

WRITERS: dict[str, str] = {
    "jsonl": "wirecoder.writers:JsonlWriter",
    "csv": "wirecoder.writers:CsvWriter",
    "table": "wirecoder.writers:TableWriter",
}


def register_stage(name: str, target: str) -> None:
    """Register (or replace) a stage under `name`; `target` is "module:Class"."""
    STAGES[name] = target


def register_pack(code: str, target: str) -> None:
    """Register (or replace) the language pack of `code`; `target` is "module:function"."""
    PACKS[code] = target
    from .lang import get_pack

    get_pack.cache_clear()


def _load(table: dict[str, str], name: str):
    if name not in table:
        raise ConfigError(Code.E202, name=name, known=", ".join(sorted(table)))
    module, _, attr = table[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def stage_class(name: str):
    return _load(STAGES, name)


def pack_factory(code: str):
    if code not in PACKS:
        raise ConfigError(Code.E206, lang=code, known=", ".join(sorted(PACKS)))
    return _load(PACKS, code)


def writer_class(name: str):
    return _load(WRITERS, name)
