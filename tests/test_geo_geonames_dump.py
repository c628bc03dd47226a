"""The optional GeoNames dump files (geo/geonames_dump.py), on a stand-in of our own in GeoNames' format."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from wirecoder.errors import ConfigError
from wirecoder.geo import geonames_dump
from wirecoder.geo.gazetteer import Gazetteer, _cache_path, _load_or_build
from wirecoder.geo.geocode import resolve_toponyms

SAMPLE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"


@pytest.fixture(scope="module")
def dumped(tmp_path_factory) -> Gazetteer:
    mp = pytest.MonkeyPatch()
    mp.setenv("WIRECODER_CACHE", str(tmp_path_factory.mktemp("cache")))
    mp.setenv(geonames_dump.ENV, str(SAMPLE))
    try:
        yield Gazetteer(_load_or_build())
    finally:
        mp.undo()


def test_rows_are_read_and_short_lines_skipped():
    rows = list(geonames_dump.iter_rows(SAMPLE))
    assert [r[0] for r in rows] == ["6251999", "5883102", "990000001", "990000002", "990000003", "2988507",
                                    "990000006"]


def test_zip_file_gives_the_same_rows(tmp_path):
    z = tmp_path / "XX.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.write(SAMPLE, "XX.txt")
        f.writestr("readme.txt", "not data\n")
    assert list(geonames_dump.iter_rows(z)) == list(geonames_dump.iter_rows(SAMPLE))


def test_new_sites_villages_and_water_are_added(dumped):
    (site,) = dumped.lookup_scored("Hopital Zorblax", kind="site")[:1]
    place = site[0]
    assert (place.name, place.feature, place.country, place.admin1) == \
        ("Zorblax Memorial Hospital", "site", "CAN", "Alberta")
    assert place.geonames_id == 990000001 and place.geo_precision == 1
    village = dumped.lookup("Keltadrart", country="MLI")[0]
    assert (village.feature, village.country, round(village.lat, 1)) == ("city", "MLI", 18.4)
    wadi = dumped.lookup_scored("Zorblax Wadi", extended=True)[0][0]
    assert wadi.feature == "site" and wadi.country == "DZA"


def test_a_commune_row_does_not_outrank_its_town(dumped):
    text = "Police in Lyon said two people were hurt."
    (r,) = resolve_toponyms(text, [(10, 14)], dumped)
    assert r.place.feature == "city" and r.place.admin1 == "Auvergne-Rhone-Alpes"


def test_divisions_take_geonames_points_and_known_towns_are_left_alone(dumped):
    canada = dumped.country_place("CAN")
    assert (round(canada.lat, 1), round(canada.lon, 1)) == (61.5, -110.5)
    alberta = dumped.admin1_place("CAN", "Alberta")
    assert (round(alberta.lat, 1), round(alberta.lon, 1)) == (53.0, -116.0)
    paris = dumped.lookup("Paris", country="FRA")[0]
    assert abs(paris.lat - 48.85) < 0.1  # the sample's bogus point for Paris is not taken


def test_resolver_uses_the_dump_sites(dumped):
    text = "Two patients died at the Zorblax Memorial Hospital in Edmonton, Alberta."
    start = text.index("Zorblax")
    (r,) = resolve_toponyms(text, [(start, start + len("Zorblax Memorial Hospital"))], dumped)
    assert r.place.feature == "site" and r.place.geonames_id == 990000001


def test_cache_key_names_the_dump(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRECODER_CACHE", str(tmp_path))
    monkeypatch.delenv(geonames_dump.ENV, raising=False)
    plain = _cache_path()
    monkeypatch.setenv(geonames_dump.ENV, str(SAMPLE))
    assert _cache_path() != plain and "-geonames" in _cache_path().name


def test_missing_dump_file_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(geonames_dump.ENV, str(tmp_path / "allCountries.zip"))
    with pytest.raises(ConfigError) as e:
        geonames_dump.dump_paths()
    assert str(e.value).startswith("[E204]") and "allCountries.zip" in str(e.value)


def test_corrupt_zip_is_a_data_file_error(tmp_path):
    bad = tmp_path / "SY.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ConfigError) as e:
        list(geonames_dump.iter_rows(bad))
    assert str(e.value).startswith("[E205]")


def test_file_without_geonames_rows_is_a_data_file_error(tmp_path):
    other = tmp_path / "ML.txt"
    other.write_text("ML\t91000\tBamako\tsome postal-code file\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        list(geonames_dump.iter_rows(other))
    assert str(e.value).startswith("[E205]") and "19 tab-separated columns" in str(e.value)
