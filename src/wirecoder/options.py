"""One options object, built once from layered sources and passed down.

Layers, later wins: packaged defaults, then the user's TOML file (`--config FILE`), then explicit overrides
(CLI flags). Every option is listed once in `Options` with its type and default; unknown keys are errors.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Code, ConfigError

DEFAULT_STAGES = ("language", "nlp", "places", "triggers", "actors", "location", "dates", "counts", "events")


@dataclass(frozen=True)
class Options:
    """Everything a pipeline run can be told. Data-file options left empty mean the packaged file."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    languages: tuple[str, ...] = ("fr",)  # languages the pipeline codes; others are rejected
    default_language: str = "fr"  # used when language identification is unsure
    spacy_models: dict[str, str] = field(default_factory=lambda: {"fr": "fr_core_news_md"})
    batch_size: int = 32
    lexicon: str = ""  # event trigger lexicon (JSON); empty: packaged data/lexicon_fr.json
    actors: str = ""  # actor dictionary (JSON); empty: packaged data/actors.json
    countries: str = ""  # country names and demonyms (JSON); empty: packaged data/countries.json
    background_days: int = 60  # events dated further back than this before publication are background
    min_confidence: float = 0.55  # events below it are candidates (bench/calibration.py: it buys precision)
    confidence_model: str = ""  # weights of the confidence model (JSON); empty: packaged data/confidence.json
    dedup: dict = field(default_factory=dict)  # thresholds of wirecoder.dedup.DedupRules ([wirecoder.dedup])

    @classmethod
    def build(cls, config_file: str | Path | None = None, **overrides: Any) -> "Options":
        """Defaults, then `config_file` (TOML, table [wirecoder] or top level), then non-None overrides."""
        values: dict[str, Any] = {}
        if config_file:
            try:
                with open(config_file, "rb") as f:
                    data = tomllib.load(f)
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise ConfigError(Code.E205, path=str(config_file), reason=str(e)) from e
            values.update(data.get("wirecoder", data))
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key, value in list(values.items()):
            if key not in known:
                raise ConfigError(Code.E204, name=key, value=value, reason="unknown option")
            if isinstance(value, list) and key != "dedup":
                values[key] = tuple(value)
        opts = cls(**values)
        opts.validate()
        return opts

    def validate(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            expected = {"int": int, "float": (int, float), "str": str}.get(str(f.type))
            if expected and (not isinstance(value, expected) or isinstance(value, bool)):
                raise ConfigError(Code.E204, name=f.name, value=value, reason=f"must be {f.type}")
        from .dedup import DedupRules, subtype_table

        try:
            rules = DedupRules.from_dict(self.dedup)
        except (TypeError, ValueError) as e:
            raise ConfigError(Code.E204, name="dedup", value=self.dedup, reason=str(e)) from e
        subtype_table(rules.subtypes)  # a sub-type table that does not load stops the run here ([E205])
        if self.batch_size < 1:
            raise ConfigError(Code.E204, name="batch_size", value=self.batch_size, reason="must be >= 1")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(Code.E204, name="min_confidence", value=self.min_confidence, reason="must be in [0, 1]")
        for lang in self.languages:
            if lang not in self.spacy_models:
                raise ConfigError(Code.E204, name="languages", value=lang, reason="no spaCy model configured for it")
