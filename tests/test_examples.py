"""The bundled example dispatches: their annotations match the files, and coding them finds their events."""
import pytest

from wirecoder.api import examples_dir
from wirecoder.readers import read_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def coded(pipeline):
    return {a.id: a for a in pipeline.run(read_path(str(examples_dir())))}


def test_examples_gold_matches_the_bundled_files(examples_gold):
    files = {p.stem: p.read_text(encoding="utf-8") for p in examples_dir().glob("*.txt")}
    assert len(files) >= 10
    assert sorted(files) == sorted(d["id"] for d in examples_gold)
    for doc in examples_gold:
        assert doc["text"] == files[doc["id"]]
        for event in doc["events"]:
            assert event["evidence"] in doc["text"]


def test_examples_every_dispatch_is_coded(coded, examples_gold):
    for doc in examples_gold:
        art = coded[doc["id"]]
        assert art.rejection is None
        types = {(e.event_type, e.location.country if e.location else None) for e in art.events}
        wanted = {(g["event_type"], g["location"]["country"]) for g in doc["events"] if not g.get("optional")}
        # the coder finds at least one of each dispatch's annotated (type, country) pairs ...
        assert types & wanted, (doc["id"], types, wanted)
        # ... and never places an event in a country the dispatch does not report on
        assert {c for _, c in types} <= {c for _, c in wanted} | {None}, doc["id"]


def test_examples_background_sentences_are_not_coded(coded):
    for art in coded.values():
        for e in art.events:
            assert e.date is None or e.date[:4] >= str(art.published.year - 1), (art.id, e.sentence.text)
