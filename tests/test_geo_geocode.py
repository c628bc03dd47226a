"""Toponym resolution in context (geo/geocode.py) and the `places` / `geocode` commands, on texts of our own."""
from __future__ import annotations

import json

import pytest

from wirecoder.cli import main
from wirecoder.geo.gazetteer import Gazetteer
from wirecoder.geo.geocode import Hint, place_candidates, resolve_toponyms


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    """Offsets of each name's first occurrence after the previous one."""
    out, pos = [], 0
    for n in names:
        i = text.index(n, pos)
        out.append((i, i + len(n)))
        pos = i + len(n)
    return out


def resolve(gaz, text, *names):
    return resolve_toponyms(text, spans_of(text, *names), gaz)


def test_geocode_bare_paris_is_the_french_capital(gaz):
    (r,) = resolve(gaz, "The summit opened in Paris on Monday.", "Paris")
    assert r.place.country == "FRA" and r.place.feature == "city"


def test_geocode_city_state_pair_binds_the_city(gaz):
    text = "Firefighters in Paris, Texas, were called to a barn fire on Tuesday."
    paris, texas = resolve(gaz, text, "Paris", "Texas")
    assert (paris.place.country, paris.place.admin1) == ("USA", "Texas")
    assert texas.place.feature == "admin1"


def test_geocode_state_abbreviation_after_a_town(gaz):
    (athens,) = resolve(gaz, "A teacher from Athens, Ga., won the award.", "Athens")
    assert (athens.place.country, athens.place.admin1) == ("USA", "Georgia")


def test_geocode_abbreviation_as_toponym(gaz):
    (r,) = resolve(gaz, "He moved to Trenton, N.J., last year.", "N.J.")
    assert r.place.feature == "admin1" and r.place.admin1 == "New Jersey"


def test_geocode_other_toponyms_vote_for_the_state(gaz):
    text = ("Deputies from Rapides Parish arrested a man in Alexandria after a chase that started in "
            "Pineville, Louisiana state police said.")
    results = resolve(gaz, text, "Rapides Parish", "Alexandria", "Pineville", "Louisiana")
    alexandria = results[1].place
    assert (alexandria.country, alexandria.admin1) == ("USA", "Louisiana")
    # the same name alone is the large Egyptian city
    (alone,) = resolve(gaz, "Tourists returned to Alexandria.", "Alexandria")
    assert alone.place.country == "EGY"


def test_geocode_country_vote_moves_a_shared_name(gaz):
    text = "Protesters marched in London and Toronto, and later in Ottawa, Canada."
    london = resolve(gaz, text, "London", "Toronto", "Ottawa", "Canada")[0].place
    assert london.country == "CAN"
    assert resolve(gaz, "Markets fell in London and Paris.", "London", "Paris")[0].place.country == "GBR"


def test_geocode_exact_country_beats_a_namesake_town(gaz):
    text = "Officials in Russia and China met in Springfield."
    russia, china, _ = resolve(gaz, text, "Russia", "China", "Springfield")
    assert (russia.place.feature, russia.place.country) == ("country", "RUS")
    assert china.place.country == "CHN"


def test_geocode_demonym_is_its_country(gaz):
    (r,) = resolve(gaz, "Syrian troops advanced overnight.", "Syrian")
    assert r.place.feature == "country" and r.place.country == "SYR"


def test_geocode_continent(gaz):
    (r,) = resolve(gaz, "Exports to Europe grew.", "Europe")
    assert r.place.feature == "continent" and 40 < r.place.lat < 60


def test_geocode_unknown_toponym_falls_back_to_the_story_focus(gaz):
    text = "Zorblax Street in Baton Rouge, Louisiana, was closed; Shreveport, Louisiana, was spared."
    results = resolve(gaz, text, "Zorblax Street", "Baton Rouge", "Louisiana", "Shreveport", "Louisiana")
    street = results[0]
    assert street.place is not None and street.place.admin1 == "Louisiana"
    assert street.score < min(r.score for r in results[1:])


def test_geocode_nothing_to_go_on_gives_none(gaz):
    (r,) = resolve(gaz, "We met at Qzxvkj.", "Qzxvkj")
    assert r.place is None


def test_place_candidates_are_ranked_with_scores():
    rows = place_candidates("Paris", limit=5)
    scores = [s for _, s in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0][0].country == "FRA"
    assert place_candidates("Paris", country="USA", kind="city")[0][0].country == "USA"
    assert all(p.feature == "admin1" for p, _ in place_candidates("Georgia", kind="admin1"))


def test_cli_places_prints_candidates(capsys):
    status = main(["places", "Springfield", "--country", "USA", "--kind", "city", "--limit", "3"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0].split()[:3] == ["name", "cou", "admin1"]
    assert len(out) == 4 and all(" USA " in line for line in out[1:])


def test_cli_places_unknown_name_exits_1(capsys):
    assert main(["places", "Qzxvkjqq"]) == 1


def test_cli_geocode_writes_one_line_per_toponym(tmp_path, capsys):
    text = "Police in Paris, Texas, said a man from Dallas was arrested."
    doc = {"id": "d1", "text": text,
           "toponyms": [{"start": s, "end": e} for s, e in spans_of(text, "Paris", "Texas", "Dallas")]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["geocode", str(src), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["start"] for r in rows] == [d["start"] for d in doc["toponyms"]]
    assert set(rows[0]) == {"id", "start", "end", "name", "lat", "lon", "geonames_id", "country", "admin1",
                            "score"}
    assert rows[0]["admin1"] == "Texas" and rows[2]["name"] == "Dallas" and rows[2]["admin1"] == "Texas"


def test_cli_geocode_bad_json_exits_2(tmp_path, capsys):
    src = tmp_path / "bad.jsonl"
    src.write_text("{broken\n", encoding="utf-8")
    assert main(["geocode", str(src)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_geocode_country_code_is_the_country_not_a_namesake(gaz):
    text = "US and UK negotiators met, as the EU watched."
    us, uk, eu = resolve(gaz, text, "US", "UK", "EU")
    assert (us.place.feature, us.place.country) == ("country", "USA")
    assert (uk.place.feature, uk.place.country) == ("country", "GBR")
    assert eu.place.feature == "continent"


def test_geocode_ap_abbreviation_alone_is_the_us_state(gaz):
    (r,) = resolve(gaz, "He moved to Ga. last year.", "Ga.")
    assert (r.place.country, r.place.admin1) == ("USA", "Georgia")


def test_geocode_country_name_in_a_us_story_stays_the_country(gaz):
    text = "The Texas governor, in Austin, Texas, spoke about trade with China and Mexico."
    _, china, mexico = resolve(gaz, text, "Austin", "China", "Mexico")
    assert (china.place.feature, china.place.country) == ("country", "CHN")
    assert (mexico.place.feature, mexico.place.country) == ("country", "MEX")


def test_geocode_bare_name_of_a_capital_is_the_capital(gaz):
    (r,) = resolve(gaz, "Lawmakers in Washington voted on Friday.", "Washington")
    assert r.place.feature == "city" and abs(r.place.lat - 38.9) < 0.3 and abs(r.place.lon + 77.0) < 0.3


def test_geocode_text_evidence_outside_the_spans_locates_a_town(gaz):
    # only 'Columbus' is a span; the county and the state named elsewhere in the text place it in Georgia
    text = "Muscogee County deputies said the fire in Columbus spread fast. Georgia fire crews contained it."
    (r,) = resolve(gaz, text, "Columbus")
    assert (r.place.country, r.place.admin1) == ("USA", "Georgia")
    (alone,) = resolve(gaz, "Columbus police said.", "Columbus")
    assert alone.place.admin1 == "Ohio"


def test_geocode_local_story_overrides_the_capital(gaz):
    text = ("Sirens will be installed in Columbus, Grove City and Westerville this year. Dublin operates its own "
            "sirens, and Franklin County tests them on Wednesdays.")
    results = resolve(gaz, text, "Columbus", "Grove City", "Westerville", "Dublin", "Franklin County")
    assert {(r.place.country, r.place.admin1) for r in results} == {("USA", "Ohio")}
    (alone,) = resolve(gaz, "The tour starts in Dublin.", "Dublin")
    assert alone.place.country == "IRL"


def test_geocode_two_capitals_do_not_pull_each_other_abroad(gaz):
    london, paris = resolve(gaz, "Markets fell in London and Paris.", "London", "Paris")
    assert (london.place.country, paris.place.country) == ("GBR", "FRA")


def test_geocode_stray_fuzzy_guess_yields_to_the_focus(gaz):
    text = "Rebels from Abkhazz crossed into Georgia; Tbilisi protested and Gori was shelled, Georgian officials said."
    stray = resolve(gaz, text, "Abkhazz", "Georgia", "Tbilisi", "Gori", "Georgian")[0]
    assert stray.place.country == "GEO"


def test_geocode_unknown_name_is_placed_at_the_place_it_contains(gaz):
    text = "Researchers at the University of Alberta and at Colorado State University published the study."
    alberta, colorado = resolve(gaz, text, "University of Alberta", "Colorado State University")
    assert (alberta.place.country, alberta.place.admin1, alberta.place.feature) == ("CAN", "Alberta", "admin1")
    assert (colorado.place.country, colorado.place.admin1) == ("USA", "Colorado")


def test_geocode_demonym_inside_an_unknown_name_is_its_country(gaz):
    (r,) = resolve(gaz, "Officials said the Nigerian Ports Authority had closed two berths.", "Nigerian Ports Authority")
    assert r.place.country == "NGA" and r.place.feature == "country"


def test_geocode_street_named_after_a_place_is_not_at_that_place(gaz):
    text = ("Flooding closed shops in Pittsburgh on Friday. In Pittsburgh the water reached Washington Avenue "
            "and Bourbon Street, residents of Pittsburgh said.")
    _s1, square, street = resolve(gaz, text, "Pittsburgh", "Washington Avenue", "Bourbon Street")
    for r in (square, street):
        # the story's most-named town, not Washington (DC) or a town called Bourbon
        assert r.place.name == "Pittsburgh" and r.place.admin1 == "Pennsylvania" and r.place.geo_precision == 2
        assert r.place.text == r.text


def test_geocode_unknown_building_falls_back_to_the_story_town(gaz):
    text = "Police in Leeds said a fire broke out at the Third Baptist Church overnight."
    leeds, church = resolve(gaz, text, "Leeds", "Third Baptist Church")
    assert leeds.place.country == "GBR"
    assert (church.place.name, church.place.country, church.place.geo_precision) == ("Leeds", "GBR", 2)
    assert church.score < leeds.score


def test_geocode_city_form_of_a_state_name_is_the_city(gaz):
    (r,) = resolve(gaz, "Delegates met in New York City this week.", "New York City")
    assert r.place.feature == "city" and r.place.admin1 == "New York"
    assert abs(r.place.lat - 40.71) < 0.2


def test_geocode_demonym_of_a_province_or_nation_is_its_admin1(gaz):
    text = "Scottish and Welsh fans travelled to Cardiff; Chechen officials denied it."
    scottish, welsh, _cardiff, chechen = resolve(gaz, text, "Scottish", "Welsh", "Cardiff", "Chechen")
    assert (scottish.place.country, scottish.place.admin1, scottish.place.feature) == ("GBR", "Scotland", "admin1")
    assert welsh.place.admin1 == "Wales"
    assert chechen.place.country == "RUS" and chechen.place.feature == "admin1"


@pytest.mark.parametrize("text,name,country,admin1", [
    ("Wildfires forced evacuations near Kelowna, BC, on Sunday.", "BC", "CAN", "British Columbia"),
    ("Flooding hit Lismore in northern NSW again.", "NSW", "AUS", "New South Wales"),
    ("The mill in Moncton, N.B., will close.", "N.B.", "CAN", "New Brunswick"),
])
def test_geocode_province_codes_and_abbreviations(gaz, text, name, country, admin1):
    r = resolve(gaz, text, name)[0]
    assert (r.place.country, r.place.admin1, r.place.feature) == (country, admin1, "admin1")


def test_geocode_ambiguous_code_follows_the_other_places(gaz):
    perth = "Storms hit Perth and Fremantle, WA, overnight."
    seattle = "Storms hit Seattle and Spokane, WA, overnight."
    _perth, fremantle, wa = resolve(gaz, perth, "Perth", "Fremantle", "WA")
    assert wa.place.country == "AUS" and fremantle.place.country == "AUS"
    _seattle, spokane, wa = resolve(gaz, seattle, "Seattle", "Spokane", "WA")
    assert wa.place.country == "USA" and spokane.place.admin1 == "Washington"


def test_geocode_town_before_an_ambiguous_code_lies_in_one_of_its_regions(gaz):
    text = "Bushfires threatened Esperance, WA, and Kalgoorlie, in Western Australia."
    esperance, *_ = resolve(gaz, text, "Esperance", "WA", "Kalgoorlie", "Western Australia")
    assert (esperance.place.country, esperance.place.admin1) == ("AUS", "Western Australia")


def test_geocode_regions_seas_and_rivers_from_the_packaged_list(gaz):
    text = ("Boats left Libya across the Mediterranean while shelling went on in Eastern Ghouta and in Darfur; "
            "the Euphrates was low.")
    med, ghouta, darfur, euphrates = resolve(gaz, text, "Mediterranean", "Eastern Ghouta", "Darfur", "Euphrates")
    assert med.place.feature == "region" and med.place.country is None and 30 < med.place.lat < 40
    assert (ghouta.place.country, ghouta.place.feature) == ("SYR", "region")
    assert darfur.place.country == "SDN" and euphrates.place.country == "IRQ"


def test_geocode_focus_town_lies_in_the_story_country(gaz):
    # Liverpool is named more often, but the story is in Egypt: the unknown school is put in Cairo
    text = ("CAIRO - Egypt's academy of Liverpool, like Liverpool and Liverpool fans, trains in Cairo at the "
            "Zorblax Academy; Egyptian coaches said Egypt would host more.")
    res = resolve(gaz, text, "CAIRO", "Egypt", "Liverpool", "Liverpool", "Liverpool", "Cairo", "Zorblax Academy",
                  "Egyptian", "Egypt")
    school = res[6]
    assert (school.place.name, school.place.country) == ("Cairo", "EGY")


def test_geocode_names_in_a_list_of_counties_are_counties(gaz):
    text = "Flood warnings cover Becker, Clay and Wilkin counties in Minnesota."
    becker, clay, wilkin, _mn = resolve(gaz, text, "Becker", "Clay", "Wilkin", "Minnesota")
    for r in (becker, clay, wilkin):
        assert r.place.feature == "admin2" and r.place.admin1 == "Minnesota", r


def test_geocode_demonym_is_not_taken_for_a_stray_spelling_guess(gaz):
    # 'Russian' is Russia even in a story whose other places are all in one US state
    text = "Police in Athens, Georgia, and in Macon, Georgia, said a Russian tourist was missing."
    *_, russian = resolve(gaz, text, "Athens", "Georgia", "Macon", "Georgia", "Russian")
    assert (russian.place.country, russian.place.feature) == ("RUS", "country")


@pytest.mark.parametrize("text,site,town,admin1", [
    ("Crowds filled Washington Square Park in New York on Sunday, New York police said.",
     "Washington Square Park", "New York", "New York"),  # not Washington, D.C.
    ("Trains were halted at the Gare de Lyon in Paris, the Paris prefecture said.",
     "Gare de Lyon", "Paris", "Ile-de-France"),  # not Lyon
])
def test_geocode_site_named_after_a_place_is_in_the_story_town(gaz, text, site, town, admin1):
    r, _town = resolve(gaz, text, site, town)
    assert r.place is not None and r.place.admin1 == admin1 and r.place.geo_precision >= 2


def test_geocode_county_list_with_capital_counties(gaz):
    text = "Storm damage in Becker and Clay Counties, Minnesota."
    becker, clay = resolve(gaz, text, "Becker", "Clay")
    assert becker.place.feature == clay.place.feature == "admin2"


def test_every_packaged_demonym_names_a_place_of_the_gazetteer(gaz):
    from wirecoder.geo.geocode import _demonym_entry, _demonyms

    targets = set(_demonyms().values())
    assert len(targets) > 150  # the countries' and the provinces'
    assert [t for t in targets if _demonym_entry(gaz, t) is None] == []


# -- what a caller knows besides the text (the pipeline's places stage: the story's country, each name's cues)

def test_geocode_country_hint_moves_a_shared_name_home(gaz):
    text = "Clashes broke out in Tripoli overnight."
    (alone,) = resolve(gaz, text, "Tripoli")
    (home,) = resolve_toponyms(text, spans_of(text, "Tripoli"), gaz, country="LBN")
    assert alone.place.country == "LBY" and home.place.country == "LBN"


def test_geocode_bare_name_of_a_province_and_its_town_is_the_town_unless_a_cue_asks(gaz):
    text = "Shells fell on Homs and on Kunduz."
    homs, kunduz = resolve(gaz, text, "Homs", "Kunduz")
    assert (homs.place.feature, kunduz.place.feature) == ("city", "city")
    asked = resolve_toponyms(text, spans_of(text, "Homs", "Kunduz"), gaz, hints=[Hint(kind="admin1"), Hint()])
    assert [r.place.feature for r in asked] == ["admin1", "city"]


def test_geocode_bracketed_country_binds_the_name(gaz):
    text = "Le sommet de Rome a rassemblé des délégués."
    (told,) = resolve_toponyms(text, spans_of(text, "Rome"), gaz, hints=[Hint(country="USA")])
    assert (told.place.country, told.place.admin1) == ("USA", "Georgia")


def test_geocode_demonyms_can_be_read_as_no_place(gaz):
    text = "Syrian troops advanced."
    (with_demonyms,) = resolve(gaz, text, "Syrian")
    (without,) = resolve_toponyms(text, spans_of(text, "Syrian"), gaz, demonyms=False)
    assert with_demonyms.place.country == "SYR"
    assert without.place is None or without.place.country != "SYR" or without.focus


def test_geocode_kinds_limit_the_candidates(gaz):
    text = "Flooding hit Kunduz."
    (r,) = resolve_toponyms(text, spans_of(text, "Kunduz"), gaz, kinds=("admin1", "country"))
    assert r.place is not None and r.place.feature == "admin1"


def test_geocode_a_spelling_in_the_home_country_competes_with_an_inner_name(gaz):
    text = "Une bombe a explosé à Bir al-Abed."
    (alone,) = resolve(gaz, text, "Bir al-Abed")
    (home,) = resolve_toponyms(text, spans_of(text, "Bir al-Abed"), gaz, country="EGY")
    assert alone.place.country != "EGY" and (home.place.country, home.place.admin1) == ("EGY", "North Sinai")


def test_a_town_whose_own_name_is_written_wins_over_its_province_renamed_otherwise(gaz):
    # the city was renamed Dnipro; its province still bears the old name and lists 'Dnipro' among its own
    text = "Une frappe a fait deux morts à Dnipro."
    (r,) = resolve_toponyms(text, spans_of(text, "Dnipro"), gaz, country="UKR",
                            kinds=("city", "admin1", "country"))
    assert (r.place.name, r.place.feature) == ("Dnipro", "city")
