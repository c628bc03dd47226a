import io
import json
from datetime import date

from wirecoder.readers import date_header, html_to_text, make_article, parse_published, read_inputs, read_path
from wirecoder.model import Article, Rejection


def test_readers_date_header_sets_published_and_precision(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2018-02 Les rebelles ont pris la ville mardi.", encoding="utf-8")
    (art,) = list(read_path(str(p)))
    assert art.id == "a"
    assert art.published == date(2018, 2, 1) and art.published_precision == 3
    assert art.text.startswith(" date 2018-02")
    assert art.text[art.body_start:].startswith("Les rebelles")


def test_readers_full_day_header():
    pub, prec = parse_published("2013-03-23")
    assert pub == date(2013, 3, 23) and prec == 1
    assert date_header(" date 2013-03-23\nTitre") == ("2013-03-23", 17)


def test_readers_jsonl_ignores_extra_fields_and_rejects_bad_lines(tmp_path):
    p = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "x1", "text": "Un texte.", "published": "2020-01-02", "events": [], "lang": "fr"}),
             "{not json",
             json.dumps({"id": "x3", "text": ""}),
             json.dumps({"text": "Sans identifiant."})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(str(p)))
    assert isinstance(items[0], Article) and items[0].id == "x1" and items[0].lang == "fr"
    assert isinstance(items[1], Rejection) and items[1].code == "E102"
    assert isinstance(items[2], Rejection) and items[2].code == "E104"
    assert isinstance(items[3], Article) and items[3].id.startswith("doc-")


def test_readers_csv_and_directories(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text("Premier texte.", encoding="utf-8")
    (d / "t.csv").write_text('id,text,published\nc1,"Deuxième, texte.",2021-05\n', encoding="utf-8")
    (d / "ignored.bin").write_bytes(b"\x00\x01")
    items = list(read_inputs([str(d)]))
    assert [a.id for a in items if isinstance(a, Article)] == ["one", "c1"]
    (skipped,) = [r for r in items if isinstance(r, Rejection)]  # never left out silently
    assert skipped.code == "E108" and "ignored.bin" in skipped.detail and "unknown extension" in skipped.detail


def test_readers_bad_date_is_rejected_not_raised():
    r = make_article("Texte.", id="z", published="hier")
    assert isinstance(r, Rejection) and r.code == "E105"


def test_readers_stable_hash_id_for_same_text():
    a = make_article("Même texte.")
    b = make_article("Même texte.")
    assert a.id == b.id


def test_readers_html_keeps_visible_text_only():
    html = "<html><head><script>var x=1</script></head><body><nav>Menu</nav><p>Des soldats ont été tués.</p></body></html>"
    assert html_to_text(html) == "Des soldats ont été tués."


def test_readers_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(" date 2019-03-01 Une manifestation a eu lieu."))
    (art,) = list(read_path("-"))
    assert art.published == date(2019, 3, 1)


def test_readers_non_string_or_broken_text_is_rejected_not_raised(tmp_path):
    p = tmp_path / "odd.jsonl"
    p.write_text('{"text": {"a": 1}}\n{"id": "s", "text": "abc\\ud800def"}\n{"id": "ok", "text": "Bien."}\n',
                 encoding="utf-8")
    items = list(read_path(str(p)))
    assert [type(i).__name__ for i in items] == ["Rejection", "Rejection", "Article"]
    assert items[0].code == items[1].code == "E104"


def test_readers_byte_order_mark_and_crlf(tmp_path):
    (tmp_path / "b.csv").write_bytes('\ufeffid,text\nc9,"Ligne un.\r\n\r\nLigne deux."\n'.encode("utf-8"))
    (tmp_path / "b.jsonl").write_bytes('\ufeff{"id": "j9", "text": "Un."}\n'.encode("utf-8"))
    items = {a.id: a for a in read_inputs([str(tmp_path)])}
    assert set(items) == {"c9", "j9"}
    assert items["c9"].text == "Ligne un.\n\nLigne deux."


def test_readers_same_file_name_in_two_folders_gives_two_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(f"Dépêche {sub}.", encoding="utf-8")
    assert sorted(a.id for a in read_inputs([str(tmp_path)])) == ["a/x", "b/x"]


def test_readers_impossible_date_is_a_one_line_e105():
    r = make_article("Texte.", id="z", published="2018-02-30")
    assert isinstance(r, Rejection) and r.detail.startswith("[E105]") and "2018-02-30" in r.detail
