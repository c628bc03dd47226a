"""French headcounts: number phrases to conservative integers (sentences written for the tests)."""
from __future__ import annotations


import pytest

from wirecoder.lang.fr.numbers import find_counts, parse_count


@pytest.mark.parametrize("phrase, value", [
    ("400", 400),
    ("1 200", 1200),
    ("1\u00a0200", 1200),
    ("1.200", 1200),
    ("13", 13),
    ("deux cent cinquante", 250),
    ("quatorze", 14),
    ("onze", 11),
    ("vingt-huit", 28),
    ("vingt et un", 21),
    ("quatre-vingt-dix", 90),
    ("deux", 2),
    ("trois", 3),
    ("trois mille", 3000),
    ("une dizaine", 10),
    ("une douzaine", 12),
    ("une quinzaine", 15),
    ("une vingtaine", 20),
    ("une trentaine", 30),
    ("une centaine", 100),
    ("un millier", 1000),
    ("deux centaines", 200),
    ("des dizaines", 10),  # vague plurals: one unit, the conservative lower bound
    ("des centaines", 100),
    ("des milliers", 1000),
    ("plusieurs milliers", 1000),
    ("des dizaines de milliers", 10000),
    ("plusieurs centaines de milliers", 100000),
    ("quelque 400", 400),
    ("près de vingt", 20),
    ("au moins 13", 13),
    ("plus de 30", 30),
    ("plus d'une centaine", 100),
    ("environ 50", 50),
    ("entre 20 et 30", 20),  # ranges: the lower end
    ("20 à 30", 20),
    ("deux ou trois", 2),
    ("1,5 million", 1_500_000),
    ("deux millions", 2_000_000),
    ("un", 1),
    ("une personne", 1),
    ("aucun mort", 0),
    ("plusieurs blessés", 3),
    ("Une vingtaine de manifestants", 20),
])
def test_parse_count(phrase, value):
    assert parse_count(phrase) == value


@pytest.mark.parametrize("phrase", ["", "soldats", "18 heures", "10 km", "16 ans", "deux jours", "12,5 %",
                                    "14 mai", "la ville"])
def test_parse_count_rejects_non_counts(phrase):
    assert parse_count(phrase) is None


def values(text: str, **kw) -> list[tuple[str, int]]:
    out = find_counts(text, **kw)
    for start, end, _value, phrase in out:
        assert text[start:end] == phrase
    return [(phrase, value) for _s, _e, value, phrase in out]


def test_find_counts_basic():
    assert values("Au moins 13 soldats ont été tués et une vingtaine de civils blessés.") == [
        ("Au moins 13", 13), ("une vingtaine", 20)]


def test_find_counts_article_one():
    assert values("Un soldat a été tué et deux autres ont été blessés.") == [("Un", 1), ("deux", 2)]
    assert values("La mort d'un policier a été confirmée.") == [("un", 1)]
    assert values("Un soldat a été tué et deux autres ont été blessés.", articles=False) == [("deux", 2)]
    assert values("Il a fallu un peu de temps, un jour entier.") == []


@pytest.mark.parametrize("text", [
    "En 2014, la ville est tombée.",
    "Depuis 2011 les combats se poursuivent.",
    "De 2011 à 2014 la région a été instable.",
    "L'attaque a eu lieu vers 18 heures.",
    "Le bus a sauté à 18h30, soit à 18:45 heure locale.",
    "L'insurrection de 2012 les a chassés, comme celle de 1991 avant elle.",
    "Le village se trouve à 10 km de la frontière, à 3 kilomètres du fleuve.",
    "Le suspect, âgé de 16 ans, a été arrêté.",
    "La marche du 14 mai a été interdite.",
    "La nuit du samedi 3 au dimanche 4 mars a été calme.",
    "La rançon s'élevait à 500 000 euros, soit 12 % du budget.",
    "Il s'est rendu au 3e étage par la route nationale 7.",
    "La réunion a été reportée de deux semaines.",
    "Une dizaine de jours plus tard, le calme est revenu.",
    "Les malades ont été placés en quarantaine.",
])
def test_find_counts_skips_non_headcounts(text):
    assert values(text) == []


def test_find_counts_year_like_number_before_a_noun_is_a_count():
    assert values("Plus de 2000 manifestants et 1500 policiers étaient présents.") == [
        ("Plus de 2000", 2000), ("1500", 1500)]


def test_find_counts_ranges_and_large_numbers():
    assert values("Entre 20 et 30 assaillants, puis des dizaines de milliers de déplacés.") == [
        ("Entre 20 et 30", 20), ("des dizaines de milliers", 10000)]
    assert values("Les 3 000 réfugiés et les 1.200 soldats.") == [("3 000", 3000), ("1.200", 1200)]


def test_find_counts_words():
    assert values("Deux cent cinquante personnes ont été arrêtées, dont quatorze femmes.") == [
        ("Deux cent cinquante", 250), ("quatorze", 14)]
    assert values("Vingt-huit corps ont été retrouvés.") == [("Vingt-huit", 28)]


def test_find_counts_repeated_text():
    text = ("Au moins 13 soldats ont été tués mardi, une dizaine de civils blessés et plus de deux cents "
            "personnes déplacées, selon un responsable local qui a évoqué des centaines de maisons "
            "brûlées. ") * 10
    assert len(find_counts(text)) == 50


@pytest.mark.parametrize("phrase, vague", [
    ("plusieurs soldats", True), ("quelques morts", True), ("des dizaines de civils", True),
    ("plusieurs centaines", True), ("une dizaine de morts", False), ("au moins 13 personnes", False),
    ("trois centaines", False), ("un enfant", False),
])
def test_is_vague_tells_a_vague_plural_from_a_figure(phrase, vague):
    from wirecoder.lang.fr.numbers import is_vague

    assert is_vague(phrase) is vague


def test_a_figure_wins_over_a_vague_plural_for_one_event():
    from wirecoder.lang.fr import numbers
    from wirecoder.model import Span
    from wirecoder.stages.counts import conservative as lowest

    def told(value, text):
        return value, Span(0, len(text), text)

    def conservative(tolls):
        return lowest(tolls, numbers)

    assert conservative([told(3, "plusieurs morts"), told(12, "12 morts")])[0] == 12
    assert conservative([told(10, "des dizaines de victimes"), told(35, "35 personnes")])[0] == 35
    assert conservative([told(15, "15 morts"), told(12, "12 morts")])[0] == 12  # figures: still the lowest
    assert conservative([told(3, "plusieurs morts"), told(10, "des dizaines")])[0] == 3
