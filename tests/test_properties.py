"""Property-based tests (hypothesis): the readers, the date and number readers and event assembly take any input
without raising, and what they return holds together (offsets point at the words they name, dates are real days,
every input line is accounted for)."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wirecoder.lang.en import dates as en_dates, numbers as en_numbers
from wirecoder.lang.fr import dates as fr_dates, numbers as fr_numbers
from wirecoder.model import Article, Rejection
from wirecoder.readers import encoding_of, make_article, read_json, read_jsonl, read_path
from wirecoder.timeline import resolve

# Words the readers look for, so that the generated texts hit their patterns and not only their misses.
FR_WORDS = ["lundi", "mardi", "dimanche", "soir", "nuit", "du", "au", "le", "12", "3", "mars", "décembre", "2024",
            "dernier", "la", "veille", "semaine", "jours", "plus", "tard", "après", "deux", "vingt", "cent",
            "mille", "une", "dizaine", "morts", "tués", "au moins", "1 200", "et", ",", "-"]
EN_WORDS = ["on", "Monday", "last", "week", "overnight", "12", "March", "2024", "at", "least", "a", "dozen",
            "scores", "of", "killed", "two", "hundred", "people", "and", ",", "-", "the", "night"]
PUBLISHED = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


def phrases(words: list[str]):
    return st.lists(st.one_of(st.sampled_from(words), st.text(max_size=6)), max_size=14).map(" ".join)


@given(st.lists(st.text(max_size=60), max_size=8))
def test_every_line_of_json_lines_is_one_document_or_one_rejection(lines):
    joined = "\n".join(lines)
    items = list(read_jsonl(io.StringIO(joined), "fuzz.jsonl"))
    assert len(items) == sum(1 for line in joined.split("\n") if line.strip())
    assert all(isinstance(i, (Article, Rejection)) for i in items)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4), max_leaves=20))
def test_any_json_value_is_read_without_raising(value):
    import json

    items = list(read_json(json.dumps(value), "fuzz.json"))
    assert all(isinstance(i, (Article, Rejection)) for i in items)
    if isinstance(value, list):
        assert len(items) == len(value)


@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.text(max_size=12)))
def test_make_article_takes_any_fields(text, doc_id, published):
    item = make_article(text, id=doc_id, published=published)
    if isinstance(item, Article):
        assert "\r" not in item.text and item.text.strip()
        item.id.encode("utf-8")  # storable
    else:
        assert item.code in ("E104", "E105")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".txt", ".jsonl", ".json", ".csv", ".html", ".dat"]))
def test_any_bytes_in_any_file_are_read_without_raising(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    items = list(read_path(str(path)))
    assert all(isinstance(i, (Article, Rejection)) for i in items)
    assert encoding_of(data) is None or isinstance(encoding_of(data), str)


@pytest.mark.parametrize("reader", [fr_dates, en_dates], ids=["fr", "en"])
@given(data=st.data(), published=PUBLISHED)
def test_date_phrases_point_at_their_words_and_resolve_to_real_days(reader, data, published):
    text = data.draw(phrases(FR_WORDS if reader is fr_dates else EN_WORDS))
    found = reader.find_dates(text)
    ends = [0]
    for p in found:
        assert text[p.start:p.end] == p.text and p.start >= ends[-1]  # in order, not overlapping
        ends.append(p.end)
        r = resolve(p, published)
        if r is not None:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r.iso) and r.precision in (1, 2, 3, 4)
            if len(r.iso) == 10:
                dt.date.fromisoformat(r.iso)


@given(phrases(FR_WORDS))
def test_counts_point_at_their_words_and_are_not_negative(text):
    for start, end, value, phrase in fr_numbers.find_counts(text):
        assert text[start:end] == phrase and value >= 0


@pytest.mark.parametrize("reader", [fr_numbers, en_numbers], ids=["fr", "en"])
@given(data=st.data())
def test_a_count_phrase_reads_as_a_number_or_as_none(reader, data):
    value = reader.parse_count(data.draw(phrases(FR_WORDS if reader is fr_numbers else EN_WORDS)))
    assert value is None or (isinstance(value, int) and value >= 0)


@pytest.mark.parametrize("n", [0, 1, 7, 12, 21, 99, 100, 250, 1200, 999999])
def test_a_written_number_reads_as_itself(n):
    assert fr_numbers.parse_count(f"{n:,}".replace(",", " ") + " morts") == n


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=phrases(FR_WORDS + ["Des", "hommes", "armés", "ont", "attaqué", "le", "village", "de", "Kidal",
                                 "l'armée", "a", "tué", "rebelles", "à", "Gao", "selon", "la", "police", "."]),
       published=PUBLISHED)
def test_events_are_assembled_from_any_text_with_evidence_that_points_at_its_words(code, text, published):
    article = code(text, published.isoformat())
    assert article.rejection is None or article.rejection.code in ("E104", "E301")
    for e in article.events + article.candidates:
        for name, span in e.evidence.items():
            assert article.text[span.start:span.end] == span.text, name
        assert article.text[e.sentence.start:e.sentence.end] == e.sentence.text
        assert e.date is None or e.date <= published.isoformat()[:len(e.date)]
        assert 0.0 <= e.confidence <= 1.0 and (e.fatalities is None or e.fatalities >= 0)
