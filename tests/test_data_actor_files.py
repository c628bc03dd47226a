"""Sanity checks on the packaged data files actors.json and countries.json."""

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "data"

# ISO3 keys accepted although pycountry does not know them.
EXTRA_ISO3 = {
    "XKX",  # Kosovo: user-assigned code, widely used (ACLED reports Kosovo as a country)
}

# Demonyms legitimately shared by several countries (folded form -> set of ISO3).
SHARED_DEMONYMS = {
    "congolais": {"COD", "COG"},
    "congolaise": {"COD", "COG"},
    "congolaises": {"COD", "COG"},
    "congolese": {"COD", "COG"},
}


def fold(text):
    """Lowercase, strip accents, turn hyphens/apostrophes into spaces, squeeze blanks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-'\u2019\u2018`\u02bc]", " ", text)
    return " ".join(text.split())


def load(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def actors_doc():
    return load("actors.json")


@pytest.fixture(scope="module")
def actors(actors_doc):
    return actors_doc["actors"]


@pytest.fixture(scope="module")
def countries():
    return load("countries.json")


def is_iso3(code):
    return code in EXTRA_ISO3 or pycountry.countries.get(alpha_3=code) is not None


# ---------------------------------------------------------------- helpers


def alias_collisions(actors):
    """Folded aliases claimed by two actors that are not per-country variants of one group."""
    owners = defaultdict(list)
    for actor in actors:
        for alias in actor["aliases"] + actor.get("home_aliases", []):
            owners[fold(alias)].append(actor)
    bad = {}
    for alias, group in owners.items():
        names = {a["name"] for a in group}
        if len(names) < 2:
            continue
        patterns = {a.get("name_pattern") for a in group}
        if all(a.get("per_country") for a in group) and len(patterns) == 1 and None not in patterns:
            continue
        bad[alias] = sorted(names)
    return bad


def demonym_collisions(countries):
    owners = defaultdict(set)
    for iso3, entry in countries.items():
        for dem in entry.get("demonyms_fr", []) + entry.get("demonyms_en", []):
            owners[fold(dem)].add(iso3)
    return {
        dem: sorted(isos)
        for dem, isos in owners.items()
        if len(isos) > 1 and SHARED_DEMONYMS.get(dem) != isos
    }


def name_collisions(countries):
    owners = defaultdict(set)
    for iso3, entry in countries.items():
        for name in entry["fr"] + entry["en"]:
            owners[fold(name)].add(iso3)
    return {n: sorted(i) for n, i in owners.items() if len(i) > 1}


# ---------------------------------------------------------------- actors.json


def test_actors_file_structure(actors_doc, actors):
    assert isinstance(actors_doc.get("_format"), str) and len(actors_doc["_format"]) > 50
    assert isinstance(actors, list)
    assert 100 <= len(actors) <= 300


def test_every_actor_is_well_formed(actors):
    for actor in actors:
        assert isinstance(actor.get("name"), str) and actor["name"].strip(), actor
        assert actor["name"] == actor["name"].strip(), actor["name"]
        assert isinstance(actor.get("inter"), int) and not isinstance(actor["inter"], bool), actor["name"]
        assert 1 <= actor["inter"] <= 8, actor["name"]
        aliases = actor.get("aliases")
        assert isinstance(aliases, list) and aliases, actor["name"]
        home = actor.get("home_aliases", [])
        assert isinstance(home, list) and (not home or actor.get("country")), actor["name"]  # (a home to be in)
        for alias in aliases + home:
            assert isinstance(alias, str) and alias.strip() == alias and fold(alias), (actor["name"], alias)
            # aliases are meant to be found verbatim in running text
            assert "(" not in alias and ")" not in alias, (actor["name"], alias)
        country = actor.get("country")
        assert country is None or is_iso3(country), (actor["name"], country)


def test_per_country_actors_have_pattern(actors):
    per_country = [a for a in actors if a.get("per_country")]
    assert per_country, "expected at least the Islamic State entry"
    for actor in per_country:
        assert actor["per_country"] is True
        pattern = actor.get("name_pattern")
        assert isinstance(pattern, str) and "{country}" in pattern, actor["name"]
        # the example name must be the pattern filled with some country name
        prefix, _, suffix = pattern.partition("{country}")
        assert actor["name"].startswith(prefix) and actor["name"].endswith(suffix), actor["name"]
        assert len(actor["name"]) > len(prefix) + len(suffix), actor["name"]
    for actor in actors:
        if not actor.get("per_country"):
            assert "name_pattern" not in actor, actor["name"]


def test_per_country_example_uses_acled_country_name(actors, countries):
    for actor in actors:
        if actor.get("per_country") and actor.get("country"):
            expected = actor["name_pattern"].format(country=countries[actor["country"]]["acled"])
            assert actor["name"] == expected


def test_no_alias_shared_by_two_actors(actors):
    assert alias_collisions(actors) == {}


def test_alias_collision_check_can_fail():
    sample = [
        {"name": "A", "inter": 2, "aliases": ["Front al-Nosra"]},
        {"name": "B", "inter": 2, "aliases": ["front al nosra"]},
    ]
    assert alias_collisions(sample) == {"front al nosra": ["A", "B"]}
    variants = [
        {"name": "Islamic State (Syria)", "inter": 2, "aliases": ["EI"], "per_country": True,
         "name_pattern": "Islamic State ({country})"},
        {"name": "Islamic State (Iraq)", "inter": 2, "aliases": ["EI"], "per_country": True,
         "name_pattern": "Islamic State ({country})"},
    ]
    assert alias_collisions(variants) == {}
    variants[1]["name_pattern"] = "Other ({country})"
    assert alias_collisions(variants) != {}


def test_names_unique(actors):
    names = [a["name"] for a in actors]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes


@pytest.mark.parametrize(
    "alias,name",
    [
        ("Daech", "Islamic State (Syria)"),
        ("Etat islamique", "Islamic State (Syria)"),
        ("HTC", "Hayat Tahrir al-Sham"),
        ("Hay'at Tahrir al-Cham", "Hayat Tahrir al-Sham"),
        ("Front al-Nosra", "Jabhat al-Nusra"),
        ("Forces démocratiques syriennes", "SDF: Syrian Democratic Forces"),
        ("shebab", "Al Shabaab"),
        ("ISWAP", "Islamic State (West Africa)"),
        ("EIGS", "Islamic State (Sahel)"),
        ("GSIM", "JNIM: Group for Support of Islam and Muslims"),
        ("AQMI", "AQIM: Al Qaeda in the Islamic Maghreb"),
        ("JAS", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("ex-Seleka", "Seleka Rebel Coalition"),
        ("Armee nationale libyenne", "Military Forces of Libya (2014-) Khalifa Haftar Faction"),
        ("FARDC", "Military Forces of the Democratic Republic of Congo"),
        ("Tsahal", "Military Forces of Israel"),
        ("CGRI", "Military Forces of Iran (Islamic Revolutionary Guard Corps)"),
        ("CTS", "Military Forces of Iraq"),
        ("Monusco", "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo"),
        ("FINUL", "UNIFIL: United Nations Interim Force in Lebanon"),
        ("Force multinationale mixte", "MNJTF: Multinational Joint Task Force"),
        ("opération Barkhane", "Military Forces of France"),
    ],
)
def test_key_aliases_resolve(actors, alias, name):
    owners = {a["name"] for a in actors if fold(alias) in {fold(x) for x in a["aliases"]}}
    assert owners == {name}


def test_international_missions_are_inter_8(actors):
    for actor in actors:
        if actor["name"].split(":")[0] in {"MONUSCO", "MINUSMA", "MINUSCA", "UNIFIL", "UNSMIL", "AMISOM",
                                           "ATMIS", "MNJTF", "NATO"}:
            assert actor["inter"] == 8, actor["name"]


# ---------------------------------------------------------------- countries.json


def test_country_keys_are_iso3(countries):
    assert isinstance(countries, dict)
    bad = [k for k in countries if not (len(k) == 3 and k.isupper() and is_iso3(k))]
    assert bad == []


def test_all_pycountry_countries_present(countries):
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in countries]
    assert missing == []


def test_country_entries_well_formed(countries):
    for iso3, entry in countries.items():
        assert isinstance(entry.get("acled"), str) and entry["acled"].strip(), iso3
        for key in ("fr", "en"):
            assert isinstance(entry.get(key), list) and entry[key], (iso3, key)
            assert all(isinstance(x, str) and x.strip() for x in entry[key]), (iso3, key)
        for key in ("demonyms_fr", "demonyms_en"):
            assert isinstance(entry.get(key), list), (iso3, key)
            assert all(isinstance(x, str) and x.strip() for x in entry[key]), (iso3, key)
        assert "capital" in entry and (entry["capital"] is None or isinstance(entry["capital"], str)), iso3


def test_acled_names_unique(countries):
    names = [e["acled"] for e in countries.values()]
    assert len(names) == len(set(names))


def test_no_demonym_collision(countries):
    assert demonym_collisions(countries) == {}


def test_demonym_collision_check_can_fail():
    sample = {
        "NER": {"demonyms_fr": ["nigérien"], "demonyms_en": []},
        "NGA": {"demonyms_fr": ["nigerien"], "demonyms_en": []},
    }
    assert demonym_collisions(sample) == {"nigerien": ["NER", "NGA"]}


def test_no_country_name_collision(countries):
    assert name_collisions(countries) == {}


# Countries for which all four French demonym forms (m/f, sg/pl) are expected.
FULL_DEMONYMS = (
    # Africa
    "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COD COG CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB KEN "
    "LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA "
    "ZMB ZWE ESH "
    # Middle East
    "BHR CYP IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM "
    # major powers and other frequent ones
    "USA RUS CHN FRA GBR DEU UKR IND PAK AFG JPN ITA ESP CAN BRA HTI MMR COL PHL"
).split()


def test_full_french_demonyms(countries):
    for iso3 in FULL_DEMONYMS:
        dems = countries[iso3]["demonyms_fr"]
        assert len(dems) >= 2, (iso3, dems)
        masc = dems[0]
        # a plural form is always present
        assert any(d != masc and d.endswith(("s", "x")) for d in dems) or masc.endswith("s"), (iso3, dems)
        # a distinct feminine unless the masculine is epicene (russe, yéménite, burkinabè...)
        if not masc.endswith(("e", "è", "é")):
            assert any(d.endswith(("e", "es")) for d in dems), (iso3, dems)
            assert len(dems) >= 3, (iso3, dems)
        assert countries[iso3]["demonyms_en"], iso3
        assert countries[iso3]["capital"], iso3


@pytest.mark.parametrize(
    "iso3,acled,fr_name,demonym",
    [
        ("COD", "Democratic Republic of Congo", "RDC", "congolaises"),
        ("CAF", "Central African Republic", "Centrafrique", "centrafricaines"),
        ("CIV", "Ivory Coast", "Côte d'Ivoire", "ivoirienne"),
        ("USA", "United States", "États-Unis", "américaines"),
        ("GBR", "United Kingdom", "Royaume-Uni", "britanniques"),
        ("MMR", "Myanmar", "Birmanie", "birmane"),
        ("ISR", "Israel", "Israël", "israéliennes"),
        ("PSE", "Palestine", "Territoires palestiniens", "palestinienne"),
        ("BFA", "Burkina Faso", "Burkina Faso", "burkinabè"),
        ("NER", "Niger", "Niger", "nigérienne"),
        ("NGA", "Nigeria", "Nigeria", "nigériane"),
        ("TUR", "Turkey", "Turquie", "turque"),
        ("YEM", "Yemen", "Yémen", "yéménites"),
        ("RUS", "Russia", "Russie", "russes"),
        ("IRN", "Iran", "Iran", "iraniennes"),
    ],
)
def test_key_countries(countries, iso3, acled, fr_name, demonym):
    entry = countries[iso3]
    assert entry["acled"] == acled
    assert fr_name in entry["fr"]
    assert demonym in entry["demonyms_fr"]


def test_actor_countries_exist(actors, countries):
    for actor in actors:
        if actor.get("country"):
            assert actor["country"] in countries, actor["name"]


def test_local_names_point_to_listed_actors_of_another_country(actors):
    by_name = {a["name"]: a for a in actors}
    for actor in actors:
        for other in actor.get("local_for", []):
            assert other in by_name, (actor["name"], other)
            assert by_name[other].get("country") != actor["country"], (actor["name"], other)
