"""Packaged data files (lexicon, actors, countries, generic agents), loaded lazily and cached.

Each can be replaced by the user's own file of the same format through the options (`lexicon`, `actors`,
`countries`); a file that does not parse stops the run at start-up with [E205].
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from .errors import Code, ConfigError


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase, strip accents, apostrophes/hyphens/dots to spaces, collapse spaces: 'l’État-major' -> 'l etat major'."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    for ch in "'’`‘-_.,()/«»\"":
        s = s.replace(ch, " ")
    return " ".join(s.split())


def tsv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped tab-separated fields) of the lines of a hand-edited data file that are neither blank
    nor '#' comments."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield n, [c.strip() for c in line.split("\t")]


def packaged(name: str) -> Path:
    return Path(str(resources.files("wirecoder") / "data" / name))


@lru_cache(maxsize=16)
def load_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ConfigError(Code.E205, path=path, reason=str(e)) from e


def data_file(override: str, default_name: str) -> dict:
    """The user's file when given, else the packaged one."""
    return load_json(override or str(packaged(default_name)))
