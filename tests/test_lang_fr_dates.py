"""French date phrases: finding them and resolving them against a publication date (sentences written for the
tests)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from wirecoder.lang.fr import dates as D
from wirecoder.lang.fr.dates import find_dates
from wirecoder.model import ResolvedDate, Span
from wirecoder.timeline import DatePhrase, is_background, resolve

THU = dt.date(2018, 3, 15)  # a Thursday
MONTH_ONLY = dt.date(2018, 3, 1)  # publication known as 2018-03 only


def one(text: str) -> DatePhrase:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


def res(text: str, published=THU, precision=1, anchor=None):
    r = resolve(one(text), published, precision, anchor=anchor)
    return None if r is None else (r.iso, r.precision)


# ------------------------------------------------------------------------------------- day-precision publication

@pytest.mark.parametrize("phrase, iso", [
    ("mardi", "2018-03-13"),
    ("Vendredi", "2018-03-09"),
    ("jeudi", "2018-03-15"),  # the publication day itself is that weekday
    ("dimanche dernier", "2018-03-11"),
    ("jeudi dernier", "2018-03-08"),  # "dernier": strictly before publication
    ("jeudi soir", "2018-03-15"),
    ("mardi matin", "2018-03-13"),
    ("lundi en fin de journée", "2018-03-12"),
    ("ce dimanche", "2018-03-11"),
    ("dans la soirée de mardi", "2018-03-13"),
    ("samedi prochain", "2018-03-17"),
])
def test_weekdays(phrase, iso):
    assert res(f"Les faits se sont produits {phrase} près du marché.") == (iso, 1)


def test_overnight_is_first_day_of_the_latest_night():
    fri = dt.date(2018, 3, 16)
    assert one("Dans la nuit de jeudi à vendredi, des tirs ont retenti.").kind == "overnight"
    assert res("Dans la nuit de jeudi à vendredi, des tirs ont retenti.", fri) == ("2018-03-15", 1)
    # on a Thursday the night of Thursday to Friday has not ended yet: the one of the week before
    assert res("Dans la nuit de jeudi à vendredi, des tirs ont retenti.", THU) == ("2018-03-08", 1)
    assert res("La nuit du 3 au 4 mars a été agitée.") == ("2018-03-03", 1)
    assert res("Des pillages ont eu lieu dans la nuit de samedi.") == ("2018-03-10", 1)


@pytest.mark.parametrize("phrase, published, iso", [
    ("samedi 10 mars", THU, "2018-03-10"),
    ("mardi 14 mai", dt.date(2019, 5, 20), "2019-05-14"),
    ("le 3 février", THU, "2018-02-03"),
    ("le 18 janvier dernier", THU, "2018-01-18"),
    ("1er avril 2015", THU, "2015-04-01"),
    ("mercredi 1 avril 2015", THU, "2015-04-01"),
    ("dimanche 18 novembre 2012", THU, "2012-11-18"),
    ("15 février", THU, "2018-02-15"),
    ("le 20 mars", THU, "2018-03-20"),  # a few days ahead: an announced event, same year
    ("le 30 mars", THU, "2017-03-30"),  # too far ahead: last year
    ("le 2 janvier", dt.date(2015, 12, 30), "2016-01-02"),  # across the year end
    ("le 15 mars dernier", dt.date(2018, 3, 15), "2017-03-15"),
    ("le premier mai", dt.date(2018, 5, 3), "2018-05-01"),
    ("12/03/2015", THU, "2015-03-12"),
    ("du 3 au 5 mars", THU, "2018-03-03"),
    ("du 30 décembre au 2 janvier", dt.date(2016, 1, 10), "2015-12-30"),
    ("le 12 sept. 2016", THU, "2016-09-12"),
    ("le 9 juil 2013", THU, "2013-07-09"),  # an abbreviation without its dot, before a year
    ("le 21 oct 2020", THU, "2020-10-21"),
])
def test_absolute(phrase, published, iso):
    p = one(f"Selon la police, {phrase}, une foule s'est rassemblée.")
    assert p.kind == "absolute"
    r = resolve(p, published, 1)
    assert (r.iso, r.precision) == (iso, 1)


@pytest.mark.parametrize("phrase, iso, precision", [
    ("hier", "2018-03-14", 1),
    ("avant-hier", "2018-03-13", 1),
    ("aujourd'hui", "2018-03-15", 1),
    ("aujourd’hui", "2018-03-15", 1),
    ("ce matin", "2018-03-15", 1),
    ("hier soir", "2018-03-14", 1),
    ("cette nuit", "2018-03-14", 1),  # the night that began the day before
    ("la veille", "2018-03-14", 1),
    ("le lendemain", "2018-03-16", 1),
    ("il y a deux jours", "2018-03-13", 1),
    ("il y a 3 jours", "2018-03-12", 1),
    ("il y a une semaine", "2018-03-08", 2),
    ("il y a quelques jours", "2018-03-12", 2),
])
def test_relative_days(phrase, iso, precision):
    p = one(f"Des affrontements ont éclaté {phrase} dans le quartier.")
    assert p.kind == "relative"
    assert res(f"Des affrontements ont éclaté {phrase} dans le quartier.") == (iso, precision)


def test_anchor_for_veille_and_lendemain():
    anchor = dt.date(2018, 2, 20)
    assert res("Le lendemain, les manifestants sont revenus.", anchor=anchor) == ("2018-02-21", 1)
    assert res("La veille, un convoi avait été attaqué.", anchor=anchor) == ("2018-02-19", 1)
    assert res("Ce jour-là, un convoi avait été attaqué.", anchor=anchor) == ("2018-02-20", 1)
    # an anchor makes them resolvable even without a publication date or with a month-only one
    assert res("Le lendemain, les manifestants sont revenus.", None, None, anchor) == ("2018-02-21", 1)
    assert res("Le lendemain, les manifestants sont revenus.", MONTH_ONLY, 3, anchor) == ("2018-02-21", 1)


@pytest.mark.parametrize("text", ["La fusillade a eu lieu la veille des fêtes de fin d'année.",
                                  "Le lendemain du scrutin, un poste a été attaqué.",
                                  "Des tirs ont été entendus l'avant-veille de l'Aïd."])
def test_the_eve_of_a_day_the_text_does_not_date_is_no_date(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("phrase, iso, precision, kind", [
    ("la semaine dernière", "2018-03-07", 2, "week"),  # Wednesday of the week before
    ("en début de semaine", "2018-03-12", 2, "week"),  # Monday of the publication week
    ("ce week-end", "2018-03-10", 2, "week"),
    ("le mois dernier", "2018-02", 3, "month"),
    ("en janvier", "2018-01", 3, "month"),
    ("en mai", "2017-05", 3, "month"),  # a month after the publication month: last year
    ("début janvier", "2018-01", 3, "month"),
    ("en mars 2015", "2015-03", 3, "month"),
    ("en 2014", "2014", 4, "year"),
    ("depuis 2011", "2011", 4, "year"),
    ("l'an dernier", "2017", 4, "year"),
])
def test_weeks_months_years(phrase, iso, precision, kind):
    p = one(f"Les violences ont repris {phrase} dans la région.")
    assert p.kind == kind
    assert res(f"Les violences ont repris {phrase} dans la région.") == (iso, precision)


# ----------------------------------------------------------------------------------- month-only publication date

@pytest.mark.parametrize("phrase, iso, precision", [
    ("hier", "2018-03", 3),
    ("mardi", "2018-03", 3),
    ("jeudi soir", "2018-03", 3),
    ("dimanche dernier", "2018-03", 3),
    ("la semaine dernière", "2018-03", 3),
    ("la veille", "2018-03", 3),
    ("le 3 février", "2018-02-03", 1),  # an explicit day is still a day
    ("samedi 10 mars", "2018-03-10", 1),
    ("le 30 mars", "2018-03-30", 1),  # the publication may be any day of March
    ("le mois dernier", "2018-02", 3),
    ("en 2014", "2014", 4),
])
def test_month_only_publication(phrase, iso, precision):
    assert res(f"Un assaut a été mené {phrase} contre le camp.", MONTH_ONLY, 3) == (iso, precision)


def test_month_only_publication_explicit_day_with_weekday():
    assert res("Une marche a eu lieu mardi 14 mai à Lomé.", dt.date(2019, 5, 1), 3) == ("2019-05-14", 1)


def test_without_publication_only_dated_phrases_resolve():
    assert res("Les combats ont commencé hier.", None, None) is None
    assert res("Les combats ont commencé mardi.", None, None) is None
    assert res("Les combats ont commencé le 3 février.", None, None) is None
    assert res("Les combats ont commencé le 1er avril 2015.", None, None) == ("2015-04-01", 1)
    assert res("Les combats ont commencé en 2014.", None, None) == ("2014", 4)
    assert res("Les combats ont commencé en janvier 2014.", None, None) == ("2014-01", 3)


# --------------------------------------------------------------------------------------------------- finding

def test_find_dates_offsets_order_and_longest_match():
    text = "Mardi 14 mai, la veille, puis dans la nuit de jeudi à vendredi, et hier encore."
    found = find_dates(text)
    assert [(p.text, p.kind) for p in found] == [
        ("Mardi 14 mai", "absolute"), ("la veille", "relative"),
        ("dans la nuit de jeudi à vendredi", "overnight"), ("hier", "relative")]
    for p in found:
        assert text[p.start:p.end] == p.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@pytest.mark.parametrize("text", [
    "Le maire a démissionné mais reste en poste.",  # mai inside words
    "La sonde Mars Express et les marsouins.",  # mars inside words; bare planet name
    "Il a purgé un an de prison et deux ans de sursis.",  # "un an" is no date
    "Il est mort le 40 mars selon une rumeur absurde.",  # day out of range
    "Les 3 000 manifestants ont défilé.",
    "Le journaliste a toujours refusé de commenter.",
    "A ce jour, aucun bilan n'a été publié.",  # "so far"
    "Le 4 sept hommes armés ont été arrêtés.",  # 'sept' without a dot or a year is seven
])
def test_no_false_positives(text):
    assert find_dates(text) == []


def test_invalid_day_for_month_is_rejected():
    assert find_dates("le 31 avril") == []
    assert [p.text for p in find_dates("le 29 février 2016")] == ["le 29 février 2016"]
    # 2015 is no leap year: no day phrase, only the month is left
    assert [(p.text, p.kind) for p in find_dates("le 29 février 2015")] == [("février 2015", "month")]


def test_fast_scan_matches_full_scan():
    """The first-word index of find_dates must not lose any phrase a full scan with every pattern finds."""
    text = ("Dimanche dernier, puis samedi 12 mars au matin, la nuit du 3 au 4 avril, début janvier 2015, "
            "courant 2014, il y a une dizaine de jours, l'année dernière, à la mi-mars, cette semaine, "
            "le week-end dernier, au mois de juin, ce mois-ci, en fin de mois, depuis le début du mois de mai, "
            "voici trois semaines, le surlendemain, ce jour-là, l'été 2013, mercredi 1er juin 2016.")
    low = D._lower(text)
    full = set()
    for _prio, (_kind, rx, how) in enumerate(D._PATTERNS):
        for m in rx.finditer(low):
            if D._parse(how, m) is not None:
                full.add((m.start(), m.end()))
    found = find_dates(text)
    assert len(found) >= 19
    for p in found:
        assert (p.start, p.end) in full or any(s <= p.start and p.end <= e for s, e in full)
    covered = {(p.start, p.end) for p in found}
    for s, e in full:  # every full-scan match is inside (or equal to) a found phrase
        assert any(p.start <= s and e <= p.end for p in found) or (s, e) in covered, text[s:e]


# ---------------------------------------------------------------------------------------------- resolve API

def test_resolve_returns_resolved_date_with_span():
    text = "Une patrouille a été attaquée jeudi soir."
    p = one(text)
    r = resolve(p, THU, 1)
    assert isinstance(r, ResolvedDate)
    assert r.span == Span(p.start, p.end, "jeudi soir")
    assert text[r.span.start:r.span.end] == "jeudi soir"


def test_resolve_accepts_a_datetime_and_a_moved_phrase():
    p = one("hier")
    assert resolve(p, dt.datetime(2018, 3, 15, 9, 30), 1).iso == "2018-03-14"
    moved = dataclasses.replace(p, start=100, end=104)  # as the dates stage shifts phrases past the header
    assert resolve(moved, THU, 1) == ResolvedDate("2018-03-14", 1, Span(100, 104, "hier"))
    assert resolve(DatePhrase(0, 3, "zzz", "relative"), THU, 1) is None  # a phrase no reader read


# -------------------------------------------------------------------------------------------------- background

def test_background():
    assert is_background(one("La rébellion avait éclaté en 2014."), dt.date(2018, 6, 1))
    assert not is_background(one("Les combats ont repris en 2018."), dt.date(2018, 6, 1))
    assert not is_background(one("Le village a été attaqué hier."), THU)
    assert not is_background(one("Le village a été attaqué le mois dernier."), THU)
    assert not is_background(one("Le village a été attaqué en janvier 2018."), THU)  # ~6 weeks before
    assert is_background(one("Le village a été attaqué en décembre 2017."), THU)
    assert is_background(one("Un accord avait été signé le 3 février 2016."), THU)
    assert not is_background(one("La rébellion avait éclaté en 2014."), None)


def test_dates_repeated_text_finds_every_phrase():
    text = ("Des hommes armés ont attaqué mardi soir un poste, a indiqué mercredi une source. La veille, des "
            "civils avaient été enlevés. La situation se dégrade depuis 2012 et le 3 février dernier une marche "
            "avait été dispersée. Dans la nuit de jeudi à vendredi, des tirs ont été entendus. ") * 5
    assert len(find_dates(text)) == 30


def test_no_ignorecase_regex_needed_for_uppercase_input():
    assert res("DIMANCHE DERNIER, UNE EXPLOSION A SECOUÉ LA VILLE.") == ("2018-03-11", 1)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", res("Le 3 Février, un raid a visé le camp.")[0])


def test_a_night_whose_second_day_leaves_out_the_month_is_one_night():
    from wirecoder.lang import get_pack
    dates = get_pack("fr").dates
    [night] = dates.find_dates("dans la nuit du mardi 29 novembre au mercredi 30.")
    assert night.kind == "overnight" and night.spec[:5] == ("range", 29, 11, 30, 11)
    [night] = dates.find_dates("dans la nuit du 31 janvier au 1er, les rebelles ont attaqué")
    assert night.spec[:5] == ("range", 31, 1, 1, 2)


def test_an_anniversary_names_its_day_again_and_codes_no_event(code):
    art = code("Massacre du 12 mars : les familles réclament justice\n\nIl y a quatre ans, le 12 mars 2018, plus de "
               "quarante villageois étaient tués par des hommes armés à Koulogon, au Mali. Les familles des victimes "
               "attendent toujours un procès.", "2022-03-12")
    assert art.events == []
    headline = next(m for m in art.mentions if m.sentence == 0)
    assert headline.date.iso == "2018-03-12" and headline.background  # the day the text gives with its year


def test_the_day_of_an_occurrence_a_depuis_phrase_names_is_not_the_events(code):
    art = code("Le Hezbollah a tiré jeudi des dizaines de roquettes sur le nord d'Israël, sa première attaque depuis "
               "la mort de son commandant lundi soir.", "2024-08-01")
    assert art.events and {e.date for e in art.events} == {"2024-08-01"}


@pytest.mark.parametrize("text,spec", [("Cinq jours plus tard, les rebelles ont attaqué Goma.", ("anchor", 5)),
                                       ("Dix jours plus tôt, ils avaient frappé.", ("anchor", -10)),
                                       ("Deux semaines auparavant, une attaque avait visé le camp.", ("anchor", -14)),
                                       ("trois jours après, ils ont frappé", ("anchor", 3))])
def test_a_span_of_days_from_the_last_day_told_is_a_date_phrase(text, spec):
    assert [p.spec for p in find_dates(text)] == [spec]


@pytest.mark.parametrize("text", ["deux jours après l'attaque de Goma", "quelques jours plus tard, ils ont fui"])
def test_a_span_before_its_own_occurrence_or_of_vague_days_is_not(text):
    assert find_dates(text) == []


def test_a_relative_chain_resolves_against_the_day_told_before(code):
    art = code("Des jihadistes ont attaqué dimanche 26 juin le commissariat de Dassari, au Bénin. Dix jours plus "
               "tôt, des jihadistes avaient attaqué un poste militaire à Dapaong, au Togo.", "2022-06-28")
    assert sorted(e.date for e in art.events) == ["2022-06-16", "2022-06-26"]


@pytest.mark.parametrize("text,spec", [("l'armée a procédé dans la nuit à des frappes", ("rel", -1, 1)),
                                       ("dans la nuit, des hommes armés ont attaqué", ("rel", -1, 1))])
def test_a_bare_dans_la_nuit_is_the_night_before_the_story(text, spec):
    assert [p.spec for p in find_dates(text)] == [spec]


@pytest.mark.parametrize("text", ["dans la nuit de lundi à mardi", "dans la nuit du 3 au 4 mars", "mardi dans la nuit"])
def test_a_night_with_its_days_keeps_them(text):
    assert [p.text for p in find_dates(text)] == [text] and find_dates(text)[0].spec[0] != "rel"
