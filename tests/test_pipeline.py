import pytest

from wirecoder.errors import Code, ConfigError, DocumentError
from wirecoder.model import Article
from wirecoder.options import Options
from wirecoder.pipeline import Pipeline


class Needs:
    name = "needs"
    requires = ("doc",)
    assigns = ("events",)

    def __init__(self, options=None):
        pass

    def __call__(self, article):
        return article


class Explodes:
    name = "explodes"
    requires = ("text",)
    assigns = ("doc",)

    def __call__(self, article):
        if "boom" in article.text:
            raise ValueError("cannot parse")
        if "typed" in article.text:
            raise DocumentError(Code.E104, doc_id=article.id)
        article.doc = "parsed"
        return article


class ReturnsNone:
    name = "none"
    requires = ()
    assigns = ()

    def __call__(self, article):
        return None


def test_pipeline_rejects_misordered_stages_at_build():
    with pytest.raises(ConfigError) as e:
        Pipeline([Needs()], Options.build())
    assert "[E201]" in str(e.value) and "doc" in str(e.value)


def test_pipeline_failing_document_becomes_rejection_and_run_goes_on():
    p = Pipeline([Explodes(), Needs()], Options.build())
    arts = [Article("a", "fine"), Article("b", "boom"), Article("c", "typed"), Article("d", "fine too")]
    out = list(p.run(arts, batch_size=2))
    assert [a.id for a in out] == ["a", "b", "c", "d"]
    assert out[0].rejection is None and out[0].doc == "parsed"
    assert out[1].rejection.stage == "explodes" and out[1].rejection.code == "E302"
    assert "cannot parse" in out[1].rejection.detail
    assert out[2].rejection.code == "E104"
    assert out[3].rejection is None


def test_pipeline_stage_must_return_article():
    p = Pipeline([ReturnsNone()], Options.build())
    with pytest.raises(ConfigError) as e:
        list(p.run([Article("a", "x")]))
    assert "[E303]" in str(e.value)


def test_pipeline_unknown_stage_name():
    with pytest.raises(ConfigError) as e:
        Pipeline.from_options(Options.build(stages=["language", "teleport"]))
    assert "[E202]" in str(e.value)


def test_options_layering_and_validation(tmp_path):
    cfg = tmp_path / "w.toml"
    cfg.write_text("[wirecoder]\nbatch_size = 8\nbackground_days = 30\n")
    o = Options.build(cfg, batch_size=4)
    assert o.batch_size == 4 and o.background_days == 30
    with pytest.raises(ConfigError):
        Options.build(unknown_key=1)
    with pytest.raises(ConfigError):
        Options.build(batch_size=0)


def test_pipeline_bad_lexicon_fails_at_build_not_per_document(tmp_path):
    bad = tmp_path / "lex.json"
    bad.write_text('{"triggers": {}}', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        Pipeline.from_options(Options.build(lexicon=str(bad), stages=["language", "nlp", "places", "triggers"]))
    assert "[E205]" in str(e.value) and "negation" in str(e.value)


def test_options_types_are_checked():
    with pytest.raises(ConfigError) as e:
        Options.build(batch_size="8")
    assert "[E204]" in str(e.value)


def test_pipeline_counts_cannot_run_before_actors():
    with pytest.raises(ConfigError) as e:
        Pipeline.from_options(Options.build(stages=["language", "nlp", "places", "triggers", "counts"]))
    assert "[E201]" in str(e.value) and "actors" in str(e.value)
