"""Round trips of every export format: write merged events, read them back with the tools users load them with."""
from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date

import duckdb
import pytest

from wirecoder import exports
from wirecoder.errors import ConfigError

STAMP = 1_700_000_000


def sample_events() -> list[dict]:
    """Four merged events as the store hands them over, written by hand.

    A shelling in Syria (two mentions, no toll reported), a protest in Ouagadougou known only to the month (a
    comma and a quote in its notes), an attack on civilians in Tillabéri (a toll range) and an arrest in Mali
    with nothing but a country (no coordinates, no second actor, no PLOVER category, no mentions).
    """
    return [
        {
            "event_id": "a1b2c3d4e5f60718", "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack", "plover": "ASSAULT",
            "actor1": "Jaish al-Nasr", "inter1": 2, "actor2": "Islamic State (Syria)", "inter2": 2,
            "country": "SYR", "admin1": "Idlib", "location": "Al-Khowein", "latitude": 35.5642, "longitude": 36.9913,
            "geo_precision": 2, "geonames_id": 169389, "date": "2018-02-06", "time_precision": 1,
            "fatalities": None, "fatalities_max": None, "count": None, "n_mentions": 2, "n_documents": 2,
            "n_sources": 1, "sources": ["AFP"], "reported_by": ["Syrian Observatory for Human Rights"],
            "notes": "Le groupe Jaish al-Nasr a bombardé\nles positions de l'EI à Al-Khowein.",
            "first_published": "2018-02-07",
            "mentions": [
                {"doc_id": "afp-001", "source": "AFP", "published": "2018-02-07", "sentence_start": 100,
                 "sentence_end": 170, "trigger_start": 126, "trigger_end": 134,
                 "sentence": "Le groupe Jaish al-Nasr a bombardé les positions de l'EI à Al-Khowein."},
                {"doc_id": "afp-002", "source": "AFP", "published": "2018-02", "sentence_start": 0,
                 "sentence_end": 40, "trigger_start": None, "trigger_end": None,
                 "sentence": "Des tirs d'artillerie visaient Al-Khowein."},
            ],
        },
        {
            "event_id": "0f1e2d3c4b5a6978", "event_type": "Protests", "sub_event_type": "Peaceful protest",
            "plover": "PROTEST", "actor1": "Protesters (Burkina Faso)", "inter1": 6, "actor2": None, "inter2": None,
            "country": "BFA", "admin1": "Centre", "location": "Ouagadougou", "latitude": 12.3714,
            "longitude": -1.5197, "geo_precision": 1, "geonames_id": 2357048, "date": "2024-03",
            "time_precision": 3, "fatalities": 0, "fatalities_max": 0, "count": 2000, "n_mentions": 1,
            "n_documents": 1, "n_sources": 1, "sources": ["Le Faso"], "reported_by": [],
            "notes": 'Des milliers de manifestants ont défilé à Ouagadougou, scandant "Non à la guerre".',
            "first_published": "2024-03-28",
            "mentions": [{"doc_id": "faso-17", "source": "Le Faso", "published": "2024-03-28", "sentence_start": 0,
                          "sentence_end": 83, "trigger_start": 33, "trigger_end": 40,
                          "sentence": 'Des milliers de manifestants ont défilé à Ouagadougou, scandant "Non à '
                                      'la guerre".'}],
        },
        {
            "event_id": "99aa88bb77cc66dd", "event_type": "Violence against civilians", "sub_event_type": "Attack",
            "plover": "ASSAULT", "actor1": "JNIM: Group for Support of Islam and Muslims", "inter1": 2,
            "actor2": "Civilians (Niger)", "inter2": 7, "country": "NER", "admin1": "Tillabéri",
            "location": "Téra", "latitude": 14.0078, "longitude": 0.7531, "geo_precision": 1, "geonames_id": None,
            "date": "2024-01-15", "time_precision": 1, "fatalities": 12, "fatalities_max": 15, "count": None,
            "n_mentions": 1, "n_documents": 1, "n_sources": 1, "sources": ["RFI"], "reported_by": [],
            "notes": "Au moins 12 civils, peut-être 15, ont été tués près de Téra.", "first_published": "2024-01-16",
            "mentions": [{"doc_id": "rfi-3", "source": "RFI", "published": "2024-01-16", "sentence_start": 0,
                          "sentence_end": 60, "trigger_start": 44, "trigger_end": 48,
                          "sentence": "Au moins 12 civils, peut-être 15, ont été tués près de Téra."}],
        },
        {
            "event_id": "1234567890abcdef", "event_type": "Strategic developments", "sub_event_type": "Arrests",
            "plover": None, "actor1": "Military Forces of Mali (2021-)", "inter1": 1, "actor2": None, "inter2": None,
            "country": "MLI", "admin1": None, "location": None, "latitude": None, "longitude": None,
            "geo_precision": 3, "geonames_id": None, "date": "2024-02-29", "time_precision": None,
            "fatalities": None, "fatalities_max": None, "count": None, "n_mentions": 0, "n_documents": 0,
            "n_sources": 0, "sources": None, "reported_by": None, "notes": None, "first_published": None,
            "mentions": None,
        },
    ]


def by_id(rows, key="event_id"):
    return {r[key]: r for r in rows}


# --- ACLED CSV -----------------------------------------------------------------------------------------------

@pytest.fixture
def acled_csv(tmp_path):
    path = tmp_path / "acled.csv"
    assert exports.write_acled_csv(sample_events(), path, timestamp=STAMP) == 4
    return path


def test_exports_acled_csv_has_acled_columns_in_order(acled_csv):
    with open(acled_csv, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
    assert len(rows) == 4


def test_exports_acled_csv_values_round_trip(acled_csv):
    with open(acled_csv, encoding="utf-8", newline="") as f:
        rows = by_id(csv.DictReader(f), "event_id_cnty")
    syria, ouaga, tera, mali = (rows["SYRa1b2c3d4e5f60718"], rows["BFA0f1e2d3c4b5a6978"],
                                rows["NER99aa88bb77cc66dd"], rows["MLI1234567890abcdef"])

    assert syria["event_date"] == "2018-02-06" and syria["year"] == "2018" and syria["time_precision"] == "1"
    assert syria["interaction"] == "22" and syria["disorder_type"] == "Political violence"
    assert syria["iso"] == "760" and syria["country"] == "Syria" and syria["region"] == "Middle East"
    assert syria["fatalities"] == "0"  # no toll reported: ACLED's 0
    assert syria["source"] == "AFP; Syrian Observatory for Human Rights"
    assert syria["notes"] == "Le groupe Jaish al-Nasr a bombardé les positions de l'EI à Al-Khowein."
    assert (syria["latitude"], syria["longitude"]) == ("35.5642", "36.9913")
    assert syria["timestamp"] == str(STAMP)

    # Month precision: the first day of the month, time_precision 3.
    assert ouaga["event_date"] == "2024-03-01" and ouaga["time_precision"] == "3" and ouaga["year"] == "2024"
    assert ouaga["interaction"] == "60" and ouaga["inter1"] == "6" and ouaga["inter2"] == "0"
    assert ouaga["disorder_type"] == "Demonstrations" and ouaga["tags"] == "crowd size=2000"
    assert ouaga["notes"] == 'Des milliers de manifestants ont défilé à Ouagadougou, scandant "Non à la guerre".'
    assert ouaga["location"] == "Ouagadougou" and ouaga["iso"] == "854" and ouaga["region"] == "Western Africa"
    assert (ouaga["latitude"], ouaga["longitude"]) == ("12.3714", "-1.5197")

    assert tera["interaction"] == "27" and tera["civilian_targeting"] == "Civilian targeting"
    assert tera["admin1"] == "Tillabéri" and tera["fatalities"] == "12"
    assert syria["civilian_targeting"] == "" and ouaga["civilian_targeting"] == ""

    assert mali["interaction"] == "10" and mali["disorder_type"] == "Strategic developments"
    assert mali["time_precision"] == "1" and mali["event_date"] == "2024-02-29"
    assert mali["latitude"] == "" and mali["location"] == "" and mali["source"] == "" and mali["notes"] == ""
    assert mali["country"] == "Mali" and mali["iso"] == "466"


def test_exports_acled_csv_loads_in_pandas_with_acled_types(acled_csv):
    import pandas as pd

    df = pd.read_csv(acled_csv)
    assert list(df.columns) == exports.ACLED_COLUMNS
    for col in ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                "fatalities", "timestamp"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_float_dtype(df["longitude"])
    rows = df.set_index("event_id_cnty")
    assert rows.loc["BFA0f1e2d3c4b5a6978", "interaction"] == 60
    assert rows.loc["NER99aa88bb77cc66dd", "fatalities"] == 12
    assert rows.loc["NER99aa88bb77cc66dd", "admin1"] == "Tillabéri"
    assert pd.to_datetime(df["event_date"], format="%Y-%m-%d").notna().all()
    assert df["fatalities"].sum() == 12


def test_exports_acled_csv_to_a_text_stream():
    out = io.StringIO()
    exports.export(sample_events()[:1], "acled-csv", out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,") and len(lines) == 2


def test_exports_interaction_codes():
    assert exports.interaction(2, 1) == "12"
    assert exports.interaction(1, 1) == "11"
    assert exports.interaction(7, 3) == "37"
    assert exports.interaction(None, 6) == "60"
    assert exports.interaction(None, None) == ""


def test_exports_disorder_types():
    assert exports.disorder_type("Protests", "Excessive force against protesters") == \
        "Political violence; Demonstrations"
    assert exports.disorder_type("Riots", "Mob violence") == "Demonstrations"
    assert exports.disorder_type("Battles", "Armed clash") == "Political violence"
    assert exports.disorder_type("Strategic developments", "Agreement") == "Strategic developments"
    assert exports.disorder_type(None, None) == ""


def test_exports_day_date():
    assert exports.day_date("2018-02-06") == "2018-02-06"
    assert exports.day_date("2024-03") == "2024-03-01"
    assert exports.day_date("2024") == "2024-01-01"
    assert exports.day_date(None) is None


# --- GeoJSON -------------------------------------------------------------------------------------------------

def test_exports_geojson_points_in_lon_lat_order(tmp_path, caplog):
    path = tmp_path / "events.geojson"
    with caplog.at_level(logging.INFO, logger="wirecoder.exports"):
        written = exports.write_geojson(sample_events(), path)
    assert written == 3
    assert "1 event(s) without coordinates skipped" in caplog.text

    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    features = by_id([f["properties"] for f in doc["features"]])
    assert set(features) == {"a1b2c3d4e5f60718", "0f1e2d3c4b5a6978", "99aa88bb77cc66dd"}
    samples = by_id(sample_events())
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        event = samples[feature["id"]]
        assert [lon, lat] == [event["longitude"], event["latitude"]]
        props = feature["properties"]
        assert "mentions" not in props and props["n_mentions"] == event["n_mentions"]
    ouaga = features["0f1e2d3c4b5a6978"]
    assert ouaga["location"] == "Ouagadougou" and ouaga["date"] == "2024-03" and ouaga["sources"] == ["Le Faso"]
    assert features["99aa88bb77cc66dd"]["admin1"] == "Tillabéri"


def test_exports_geojson_skips_out_of_range_coordinates():
    event = dict(sample_events()[0], latitude=136.9, longitude=35.5)
    out = io.StringIO()
    assert exports.write_geojson([event], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


# --- Parquet -------------------------------------------------------------------------------------------------

@pytest.fixture
def parquet_file(tmp_path):
    path = tmp_path / "events.parquet"
    assert exports.write_parquet(sample_events(), path) == 4
    return path


def test_exports_parquet_reads_back_in_duckdb(parquet_file):
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet_file}')").fetchall()
    types = {r[0]: r[1] for r in described}
    assert [r[0] for r in described] == exports.PARQUET_COLUMNS
    assert types["event_date"] == "DATE" and types["date"] == "VARCHAR"
    assert types["latitude"] == "DOUBLE" and types["fatalities"] == "INTEGER" and types["geonames_id"] == "BIGINT"
    assert types["sources"] == "VARCHAR[]" and types["mentions"].startswith("STRUCT(doc_id VARCHAR")
    assert types["mentions"].endswith("[]")

    cur = con.execute(f"SELECT * FROM read_parquet('{parquet_file}') ORDER BY event_id")
    names = [d[0] for d in cur.description]
    rows = by_id([dict(zip(names, r)) for r in cur.fetchall()])
    assert len(rows) == 4
    syria, ouaga, tera, mali = (rows["a1b2c3d4e5f60718"], rows["0f1e2d3c4b5a6978"], rows["99aa88bb77cc66dd"],
                                rows["1234567890abcdef"])
    assert ouaga["date"] == "2024-03" and ouaga["event_date"] == date(2024, 3, 1)
    assert syria["event_date"] == date(2018, 2, 6) and syria["fatalities"] is None
    assert tera["admin1"] == "Tillabéri" and tera["fatalities_max"] == 15 and tera["latitude"] == 14.0078
    assert ouaga["notes"] == 'Des milliers de manifestants ont défilé à Ouagadougou, scandant "Non à la guerre".'
    assert [m["doc_id"] for m in syria["mentions"]] == ["afp-001", "afp-002"]
    assert syria["mentions"][0]["trigger_start"] == 126
    assert syria["mentions"][1]["trigger_start"] is None
    assert syria["mentions"][1]["sentence"] == "Des tirs d'artillerie visaient Al-Khowein."
    assert syria["sources"] == ["AFP"] and syria["reported_by"] == ["Syrian Observatory for Human Rights"]
    assert mali["mentions"] == [] and mali["latitude"] is None and mali["sources"] == []
    n = con.execute(f"SELECT count(*) FROM (SELECT unnest(mentions) FROM read_parquet('{parquet_file}'))").fetchone()
    assert n == (4,)


def test_exports_parquet_reads_back_in_pandas_and_pyarrow(parquet_file):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(parquet_file)
    assert table.schema.field("event_date").type == pa.date32()
    mentions_type = table.schema.field("mentions").type
    assert pa.types.is_list(mentions_type) and pa.types.is_struct(mentions_type.value_type)
    assert table.schema.field("inter1").type == pa.int32()

    df = pd.read_parquet(parquet_file).set_index("event_id")
    assert len(df) == 4 and list(df.columns) == exports.PARQUET_COLUMNS[1:]
    assert df.loc["99aa88bb77cc66dd", "admin1"] == "Tillabéri"
    assert df.loc["0f1e2d3c4b5a6978", "count"] == 2000
    mentions = list(df.loc["a1b2c3d4e5f60718", "mentions"])
    assert [m["doc_id"] for m in mentions] == ["afp-001", "afp-002"]
    assert mentions[0]["sentence"].startswith("Le groupe Jaish al-Nasr")


def test_exports_parquet_to_a_binary_stream():
    buf = io.BytesIO()
    assert exports.export(sample_events(), "parquet", buf) == 4
    assert buf.getvalue()[:4] == b"PAR1" and buf.getvalue()[-4:] == b"PAR1"
    with pytest.raises(TypeError):
        exports.write_parquet(sample_events(), io.StringIO())


# --- PLOVER --------------------------------------------------------------------------------------------------

def test_exports_plover_records(tmp_path):
    path = tmp_path / "events.plover.json"
    assert exports.write_plover(sample_events(), path) == 3
    records = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == 3
    required = {"id", "date", "event", "mode", "context", "source", "target", "dead", "location", "text"}
    for record in records:
        assert required <= set(record)
        assert record["event"] in {"ASSAULT", "PROTEST"}
        assert record["mode"] == "" and record["context"] == ""
    recs = by_id(records, "id")
    assert "1234567890abcdef" not in recs  # no PLOVER category
    syria = recs["a1b2c3d4e5f60718"]
    assert syria["source"] == [{"actorText": "Jaish al-Nasr", "name": "Jaish al-Nasr", "agent": "Rebel groups",
                                "inter": 2}]
    assert syria["target"][0]["agent"] == "Rebel groups"
    assert syria["eventText"] == "bombardé"
    assert syria["date"] == "2018-02-06" and syria["dead"] is None
    assert syria["location"]["lat"] == 35.5642 and syria["location"]["lon"] == 36.9913
    ouaga = recs["0f1e2d3c4b5a6978"]
    assert ouaga["target"] == [] and ouaga["size"] == 2000 and ouaga["timePrecision"] == 3
    assert ouaga["location"]["placeName"] == "Ouagadougou"
    tera = recs["99aa88bb77cc66dd"]
    assert tera["target"][0]["agent"] == "Civilians" and tera["dead"] == 12 and tera["fatalitiesMax"] == 15


# --- JSON Lines and plain CSV --------------------------------------------------------------------------------

def test_exports_jsonl_round_trip(tmp_path):
    path = tmp_path / "events.jsonl"
    assert exports.write_jsonl(sample_events(), path) == 4
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = by_id(json.loads(line) for line in lines)
    assert len(lines) == 4
    for event in sample_events():
        row = rows[event["event_id"]]
        for key in exports.FLAT_COLUMNS:
            if key in exports.LIST_COLUMNS:
                assert row[key] == (event.get(key) or [])
            else:
                assert row[key] == event.get(key), key
        assert row["mentions"] == (event["mentions"] or [])


def test_exports_csv_round_trip(tmp_path):
    path = tmp_path / "events.csv"
    assert exports.write_csv(sample_events(), path) == 4
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = by_id(reader)
    assert reader.fieldnames == exports.FLAT_COLUMNS
    syria, ouaga, mali = rows["a1b2c3d4e5f60718"], rows["0f1e2d3c4b5a6978"], rows["1234567890abcdef"]
    assert json.loads(syria["reported_by"]) == ["Syrian Observatory for Human Rights"]
    assert json.loads(mali["sources"]) == [] and mali["latitude"] == "" and mali["fatalities"] == ""
    assert ouaga["notes"] == 'Des milliers de manifestants ont défilé à Ouagadougou, scandant "Non à la guerre".'
    assert ouaga["date"] == "2024-03" and float(ouaga["longitude"]) == -1.5197
    assert "mentions" not in reader.fieldnames


# --- registry ------------------------------------------------------------------------------------------------

def test_exports_registry_names_every_format():
    assert set(exports.EXPORTERS) == {"acled-csv", "geojson", "parquet", "plover", "jsonl", "csv"}
    with pytest.raises(ConfigError) as err:
        exports.exporter("shapefile")
    assert "E204" in str(err.value) and "acled-csv" in str(err.value)
