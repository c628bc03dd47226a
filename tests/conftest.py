"""Shared fixtures: the spaCy-backed pipeline is built once per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import settings

# property-based tests keep no example database in the repository (tests write only to temporary directories)
settings.register_profile("wirecoder", database=None, deadline=None)
settings.load_profile("wirecoder")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from wirecoder.options import Options
    from wirecoder.pipeline import Pipeline

    return Pipeline.from_options(Options.build(min_confidence=0.0))  # the stages' behaviour, every event kept


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, published) -> Article, with the session's pipeline."""
    from wirecoder.api import code_text

    def run(text: str, published: str | None = "2024-03-12"):
        return code_text(text, published=published, pipeline=pipeline)

    return run


@pytest.fixture(scope="session")
def examples_gold():
    with open(FIXTURES / "examples_gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
