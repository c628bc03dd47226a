"""The pipeline: registered stages, each `Article -> Article`, checked for order when built.

Every stage declares `requires` and `assigns` (names of Article attributes). Building a pipeline whose stage needs
something no earlier stage assigns fails at start-up with [E201]. Running never raises for a bad document: the
failing stage's error becomes the article's `Rejection` and the remaining stages skip that article.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Protocol

from .errors import Code, ConfigError, DocumentError, WirecoderError
from .model import Article, Rejection
from .options import Options
from .registry import stage_class

log = logging.getLogger(__name__)

# What readers put on an Article before any stage runs.
READER_ASSIGNS = frozenset({"id", "text", "published", "published_precision", "source", "url", "lang"})


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


class Pipeline:
    """An ordered list of stages built from options; `run` codes articles in batches."""

    def __init__(self, stages: list[Stage], options: Options):
        self.stages = stages
        self.options = options
        self._check_order()

    @classmethod
    def from_options(cls, options: Options | None = None) -> "Pipeline":
        options = options or Options.build()
        return cls([stage_class(name)(options) for name in options.stages], options)

    def _check_order(self) -> None:
        available = set(READER_ASSIGNS)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(Code.E201, stage=stage.name, missing=", ".join(missing))
            available.update(stage.assigns)

    def __call__(self, article: Article) -> Article:
        return next(iter(self.run([article])))

    def run(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Code articles lazily, `batch_size` at a time; yields every article, rejected ones included."""
        size = batch_size or self.options.batch_size
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        for stage in self.stages:
            live = [a for a in batch if a.rejection is None]
            if not live:
                break
            pipe = getattr(stage, "pipe", None)
            if pipe is not None and len(live) > 1:
                try:
                    results = list(pipe(live))
                except Exception:  # one bad document must not sink the batch: retry one by one
                    log.debug("stage %s failed on a batch; retrying per article", stage.name, exc_info=True)
                    results = None
                if results is not None:
                    self._check_results(stage, results)
                    continue
            for article in live:
                self._apply(stage, article)
        return batch

    def _check_results(self, stage: Stage, results: list) -> None:
        for result in results:
            if not isinstance(result, Article):
                raise ConfigError(Code.E303, stage=stage.name, got=type(result).__name__)

    def _apply(self, stage: Stage, article: Article) -> None:
        try:
            result = stage(article)
        except DocumentError as e:
            article.rejection = Rejection(article.id, stage.name, e.code.name, str(e))
            return
        except WirecoderError:
            raise
        except Exception as e:  # a bug or bad input in a stage: record it, keep going
            first = (str(e).strip().splitlines() or [""])[0]
            reason = f"{type(e).__name__}: {first[:200]}"
            article.rejection = Rejection(article.id, stage.name, Code.E302.name,
                                          Code.E302.format(stage=stage.name, reason=reason))
            log.debug("stage %s failed on %s", stage.name, article.id, exc_info=True)
            return
        if not isinstance(result, Article):
            raise ConfigError(Code.E303, stage=stage.name, got=type(result).__name__)
