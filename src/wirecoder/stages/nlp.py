"""spaCy parsing: one model per language, loaded once, lazily, and shared by every pipeline in the process."""
from __future__ import annotations

from functools import lru_cache

from ..errors import Code, ConfigError
from ..lang import get_pack
from ..model import Article
from ..options import Options


def paragraph_starts(doc):
    """A line break ends a sentence: headlines, datelines and paragraphs never run into the next line, nor does the
    blanked date header into the body. A question or exclamation mark inside brackets does not ('la fusillade (un
    règlement de comptes ?) aurait eu lieu le 14 février')."""
    depth = 0
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if i == 1 and prev.is_space:  # the blanked date header: the body starts a sentence of its own
            doc[i].is_sent_start = True
            continue
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            doc[i].is_sent_start = True
            depth = 0
            continue
        if not prev.whitespace_ and (doc[i].text == "-" or prev.text == "-" and i > 1 and not doc[i - 2].whitespace_):
            doc[i].is_sent_start = False  # a hyphen inside a word ('un attentat-suicide a visé...') ends nothing
            continue
        depth = max(0, depth + (prev.text == "(") - (prev.text == ")"))
        if depth and prev.text in ("?", "!"):
            doc[i].is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_model(name: str, lang: str = ""):
    """Load an installed spaCy package by name (no download), with line breaks as sentence boundaries and, when
    language `lang`'s pack has one, its view of the parse added at the end."""
    import spacy
    from spacy.language import Language

    if "wirecoder_paragraphs" not in Language.factories:
        Language.component("wirecoder_paragraphs", func=paragraph_starts)
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ConfigError(Code.E203, name=name, reason=str(e).splitlines()[0]) from e
    nlp.add_pipe("wirecoder_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    view = get_pack(lang).parse_view if lang else None
    if view is not None:
        component = f"wirecoder_view_{lang}"
        if component not in Language.factories:
            Language.component(component, func=view)
        nlp.add_pipe(component, last=True)
    return nlp


def parse_text(article: Article) -> str:
    """The text spaCy sees: the date header blanked out so that offsets stay those of `article.text`."""
    return " " * article.body_start + article.text[article.body_start:]


class SpacyStage:
    name = "nlp"
    requires = ("text", "lang")
    assigns = ("doc",)

    def __init__(self, options: Options):
        self.options = options

    def _model(self, lang: str):
        return load_model(self.options.spacy_models.get(lang) or get_pack(lang).spacy_model, lang)

    def __call__(self, article: Article) -> Article:
        article.doc = self._model(article.lang)(parse_text(article))
        article.doc.user_data["wirecoder_lang"] = article.lang
        return article

    def pipe(self, articles: list[Article]) -> list[Article]:
        by_lang: dict[str, list[Article]] = {}
        for a in articles:
            by_lang.setdefault(a.lang, []).append(a)
        for lang, group in by_lang.items():
            docs = self._model(lang).pipe((parse_text(a) for a in group), batch_size=self.options.batch_size)
            for article, doc in zip(group, docs):
                doc.user_data["wirecoder_lang"] = lang
                article.doc = doc
        return articles
