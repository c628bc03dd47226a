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
    languages: tuple[str, ...] = ("fr", "en")  # languages the pipeline codes (each needs a pack); others are rejected
    default_language: str = "fr"  # used when language identification is unsure
    force_language: str = ""  # every document is read in this language, whatever it looks like (--lang)
    spacy_models: dict[str, str] = field(default_factory=dict)  # language -> spaCy package; empty: the pack's
    batch_size: int = 32
    # event trigger lexicon (JSON): one file for the default language, or a table language -> file; empty: the
    # pack's packaged lexicon (data/lexicon_fr.json)
    lexicon: str | dict = ""
    actors: str = ""  # actor dictionary (JSON); empty: packaged data/actors.json
    countries: str = ""  # country names and demonyms (JSON); empty: packaged data/countries.json
    background_days: int = 60  # events dated further back than this before publication are background
    context_days: int = 30  # events dated further back than this before the story's latest day are its context
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
            if isinstance(value, list) and key not in ("dedup", "lexicon"):
                values[key] = tuple(value)
        opts = cls(**values)
        opts.validate()
        return opts

    def lexicon_file(self, lang: str) -> str:
        """The user's lexicon for language `lang`, or "" for the pack's own."""
        if isinstance(self.lexicon, dict):
            return self.lexicon.get(lang, "")
        return self.lexicon if lang == self.default_language else ""

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
        if not isinstance(self.lexicon, (str, dict)) or isinstance(self.lexicon, dict) and not all(
                isinstance(v, str) for v in self.lexicon.values()):
            raise ConfigError(Code.E204, name="lexicon", value=self.lexicon,
                              reason="must be a file name or a table of language -> file name")
        from .registry import PACKS

        for name, codes in (("languages", self.languages), ("default_language", (self.default_language,)),
                            ("force_language", (self.force_language,) if self.force_language else ())):
            for lang in codes:
                if lang not in PACKS:
                    raise ConfigError(Code.E204, name=name, value=lang,
                                      reason=f"no language pack for it (packs: {', '.join(sorted(PACKS))})")
        if self.force_language and self.force_language not in self.languages:
            raise ConfigError(Code.E204, name="force_language", value=self.force_language,
                              reason=f"not among the languages coded ({', '.join(self.languages)})")
