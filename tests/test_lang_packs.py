"""Language packs: found through the registry, complete, and the only place the stages get their words from."""
from __future__ import annotations

import json
import pickle
import sys

import pytest

from wirecoder.errors import ConfigError
from wirecoder.lang import MAPPINGS, WORD_SETS, LanguagePack, get_pack
from wirecoder.options import Options
from wirecoder.registry import PACKS, register_pack
from wirecoder.resources import packaged


@pytest.fixture
def stand_in_pack(tmp_path, monkeypatch):
    """register(code, words) -> a pack under `code`: French in all but its cue words, which are `words`."""
    monkeypatch.syspath_prepend(str(tmp_path))
    registered = []

    def register(code: str, words: dict) -> LanguagePack:
        path = tmp_path / f"words_{code}.json"
        path.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        (tmp_path / f"pack_{code}.py").write_text(
            "from wirecoder.lang import LanguagePack\n"
            "from wirecoder.lang.fr import dates, numbers, simple_conditional\n"
            "def pack():\n"
            f"    return LanguagePack(code={code!r}, spacy_model='fr_core_news_md', lexicon='lexicon_fr.json',\n"
            f"                        agents='agents_fr.json', words_file={str(path)!r}, dates=dates,\n"
            "                        numbers=numbers, conditional=simple_conditional)\n", encoding="utf-8")
        register_pack(code, f"pack_{code}:pack")
        registered.append(code)
        return get_pack(code)

    yield register
    for code in registered:
        PACKS.pop(code, None)
        sys.modules.pop(f"pack_{code}", None)
    get_pack.cache_clear()


def french_words() -> dict:
    return json.loads(packaged("words_fr.json").read_text(encoding="utf-8"))


def test_lang_packs_french_is_registered_and_complete():  # (every pack: test_lang_packs_each_pack_is_complete)
    fr = get_pack("fr")
    assert fr.code == "fr" and fr.spacy_model == "fr_core_news_md"
    for name in WORD_SETS:
        value = getattr(fr.words, name)
        assert isinstance(value, dict if name in MAPPINGS else frozenset) and value, name
    assert "mourir" in fr.words.death_verbs and fr.words.determiner_folding["la"] == "le"
    assert [p.text for p in fr.dates.find_dates("Mardi soir, puis le 3 mars.")] == ["Mardi soir", "le 3 mars"]
    assert fr.numbers.parse_count("une dizaine") == 10


def test_lang_packs_every_word_set_is_described_and_no_stray_set_is_shipped():
    shipped = {k for k in french_words() if not k.startswith("_")}
    assert shipped == set(WORD_SETS)  # a set the stages never ask for would be dead data


def test_lang_packs_unknown_language_is_e206():
    with pytest.raises(ConfigError) as e:
        get_pack("xx")
    assert "[E206]" in str(e.value) and "fr" in str(e.value)


def test_lang_packs_options_refuse_a_language_without_a_pack():
    for option in ({"languages": ["fr", "xx"]}, {"default_language": "xx"}, {"force_language": "xx"}):
        with pytest.raises(ConfigError) as e:
            Options.build(**option)
        assert "[E204]" in str(e.value) and "no language pack" in str(e.value)


def test_lang_packs_a_pack_missing_a_word_set_fails_when_loaded(stand_in_pack):
    words = french_words()
    del words["death_verbs"], words["report_verbs"]
    pack = stand_in_pack("zz", words)
    with pytest.raises(ConfigError) as e:
        pack.words
    assert "[E205]" in str(e.value) and "death_verbs, report_verbs" in str(e.value)


def test_lang_packs_a_word_set_of_the_wrong_shape_fails(stand_in_pack):
    words = french_words()
    words["sources"] = ["afp"]
    with pytest.raises(ConfigError) as e:
        stand_in_pack("zy", words).words
    assert "sources must be a JSON dict" in str(e.value)


def test_lang_packs_stages_take_their_words_from_the_articles_pack(stand_in_pack):
    """The same French text coded under French and under a pack whose attribution and saying words are empty:
    only the pack differs, and the source of the toll goes with it."""
    from wirecoder.api import code_text
    from wirecoder.pipeline import Pipeline

    words = french_words()
    words["attribution_words"], words["saying_verbs"] = [], []
    stand_in_pack("fx", words)
    text = "Le 11 mars, des hommes armés ont tué six villageois à Djibo, selon la Croix-Rouge."
    coded = {}
    for lang in ("fr", "fx"):
        pipeline = Pipeline.from_options(Options.build(languages=[lang], default_language=lang,
                                                       force_language=lang, min_confidence=0.0))
        article = code_text(text, published="2024-03-12", pipeline=pipeline)
        assert article.lang == lang and [e.fatalities for e in article.events] == [6]
        coded[lang] = article.events[0].reported_by
    assert coded["fr"] == "Red Cross" and coded["fx"] is None


def test_lang_packs_pack_and_words_pickle():
    fr = get_pack("fr")
    words = pickle.loads(pickle.dumps(fr.words))
    assert words.death_verbs == fr.words.death_verbs


def test_lang_packs_routing_reads_the_story_not_its_credit_line():
    from wirecoder.stages.language import identify

    story = ("PHOTO JANE DOE, THE EVENING STAR, VIA WIRE SERVICES\n"
             "Des hommes armés ont attaqué mardi soir un village du centre du pays, tuant six habitants, selon "
             "des sources locales.\nLes assaillants sont repartis vers la brousse avant l'arrivée des soldats.")
    assert identify(story)[0] == "fr"


def _route(text: str, lang: str | None = None, **options):
    from wirecoder.model import Article
    from wirecoder.stages.language import LanguageStage

    article = Article(id="d", text=text, lang=lang)
    return LanguageStage(Options.build(**options))(article).lang


def test_lang_packs_a_language_without_a_pack_is_rejected_never_coded_as_french():
    from wirecoder.errors import DocumentError

    german = "Bewaffnete haben am Montag in einem Dorf im Zentrum des Landes sechs Bewohner getötet."
    with pytest.raises(DocumentError) as e:
        _route(german)
    assert "[E301]" in str(e.value) and "'de'" in str(e.value)
    with pytest.raises(DocumentError):
        _route("Des hommes armés ont tué six villageois.", lang="es")  # a record's own language is believed
    assert _route(german, force_language="fr") == "fr"  # --lang: the user knows better than the guess
    assert _route("Des hommes armés ont tué six villageois mardi dans le centre du pays.") == "fr"


@pytest.mark.parametrize("code", sorted(PACKS))
def test_lang_packs_each_pack_is_complete(code):
    """Every registered pack loads its words, lexicon and generic agents, and its model is installed."""
    import importlib.util

    from wirecoder.actors import actor_dictionary
    from wirecoder.stages.triggers import Lexicon

    pack = get_pack(code)
    assert pack.code == code and importlib.util.find_spec(pack.spacy_model) is not None
    assert all(hasattr(pack.words, name) for name in WORD_SETS)
    assert len(Lexicon.load("", code).triggers) > 50
    assert actor_dictionary("", "", code).agents
