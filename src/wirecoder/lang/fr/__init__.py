"""French: the spaCy model, the data files, the date and number readers, and the morphology the tagger misses."""
from __future__ import annotations

from .. import LanguagePack


def simple_conditional(tok) -> bool:
    """A regular verb in the simple conditional, read off its ending, which the tagger often takes for an
    imperfect: 'tenterait' is 'tenter' + 'ait' (the imperfect 'tentait' is not), 'prendrait' 'prendre' - 'e' + 'ait'."""
    word, lem = tok.lower_, tok.lemma_.lower()
    if not lem.endswith(("er", "ir", "re")):
        return False
    stem = lem[:-1] if lem.endswith("re") else lem
    return any(word == stem + end for end in ("ait", "aient", "ais", "ions", "iez"))


def pack() -> LanguagePack:
    from . import dates, numbers

    return LanguagePack(code="fr", spacy_model="fr_core_news_md", lexicon="lexicon_fr.json",
                        agents="agents_fr.json", words_file="words_fr.json", dates=dates, numbers=numbers,
                        conditional=simple_conditional)
