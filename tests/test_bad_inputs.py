"""Every input accounted for: a folder of bad inputs of every kind, mixed with good ones, ingested in one run.

Nothing aborts the run; each input ends as exactly one stored document (coded, or rejected by a stage) or one
stored rejection with its reason; `wirecoder rejections` lists them; nothing is overwritten.
"""
from __future__ import annotations

import json
import os

import duckdb
import pytest

from wirecoder.cli import main

pytestmark = pytest.mark.slow

GOOD = ("Des hommes armés ont attaqué lundi le village de Kukawa, dans l'Etat de Borno, tuant douze civils, "
        "selon la police.")
PAGE = """<html><head><title>Mali</title><meta property="article:published_time" content="2021-03-04T10:00:00Z">
</head><body><nav>Accueil Monde Afrique</nav><article><h1>Mali : une attaque fait dix morts près de Boni</h1>
<p>Des hommes armés ont attaqué mercredi le village de Boni, dans le centre du Mali, tuant dix civils, selon des
sources locales.</p><p>L'attaque n'a pas été revendiquée.</p>
<div class="read-also"><p>Lire aussi</p><ul><li><a href="/niger">Niger : une embuscade fait cinq morts près de
Tillabéri</a></li><li><a href="/bfa">Burkina : dix soldats tués dans une attaque à Djibo</a></li></ul></div>
<p>Le gouvernement a condamné l'attaque et annoncé une enquête.</p></article><footer>Tous droits réservés</footer>
</body></html>"""


def nested(depth: int) -> str:
    return '{"id": "deep", "text": ' + "[" * depth + "]" * depth + "}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "good.txt").write_text(" date 2024-03-12\n" + GOOD, encoding="utf-8")
    (d / "latin1.txt").write_bytes((" date 2024-03-12\n" + GOOD.replace("Kukawa", "Kukawa, près du marché")
                                    ).encode("latin-1"))
    (d / "cp1252.txt").write_bytes((" date 2024-03-12\nŒuvre « inachevée » : " + GOOD).encode("cp1252"))
    (d / "utf16.txt").write_bytes((" date 2024-03-12\n" + GOOD).encode("utf-16"))  # with its byte-order mark
    with open(os.path.join(os.fsencode(d), b"bad\xff.txt"), "wb") as f:  # a name that is not UTF-8
        f.write(GOOD.encode("utf-8"))
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "deep.jsonl").write_text(nested(5000) + "\n" + json.dumps({"id": "shallow", "text": GOOD}) + "\n",
                                  encoding="utf-8")
    (d / "records.json").write_text(json.dumps([{"id": "arr-1", "text": GOOD, "published": "2024-03-12"},
                                                {"id": "arr-2", "text": "Rien ne s'est passé."}, 7], indent=2),
                                    encoding="utf-8")
    (d / "single.json").write_text(json.dumps({"id": "one", "text": GOOD}, indent=2), encoding="utf-8")
    (d / "dup.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "same", "text": GOOD}, {"id": "same", "text": "Un autre texte, sous le même identifiant."},
        {"id": "same", "text": GOOD}, {"id": "bad-date", "text": GOOD, "published": "2024-13-45"},
        {"id": "surrogate\ud800", "text": GOOD}]), encoding="utf-8")
    (d / "notext.csv").write_text("id,body\n1,rien\n", encoding="utf-8")
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    (d / "notes.xyz").write_text("pas un format connu", encoding="utf-8")
    (d / "link.txt").symlink_to(d / "good.txt")
    os.mkfifo(d / "pipe.txt")  # opened, a named pipe would wait for a writer for ever
    (d / "huge.txt").write_text("Des combats ont eu lieu à Gao. " * 40_000, encoding="utf-8")  # 1.24 M characters
    return d


@pytest.fixture(scope="module")
def stored(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "bad.duckdb"
    status = main(["ingest", str(corpus), "--db", str(db)])
    con = duckdb.connect(str(db), read_only=True)
    docs = {r[0]: {"status": r[1], "text": r[2], "published": r[3]} for r in
            con.execute("SELECT doc_id, status, text, published FROM documents").fetchall()}
    rejections = {r[0]: r[1] for r in con.execute("SELECT doc_id, code FROM rejections").fetchall()}
    events = con.execute("SELECT doc_id, location FROM mentions").fetchall()
    con.close()
    return status, docs, rejections, events, db


def test_every_input_is_one_document_or_one_rejection(stored):
    status, docs, rejections, _, _ = stored
    assert status == 1  # some documents were rejected; the run itself went through
    coded = {k for k, v in docs.items() if v["status"] == "coded"}
    assert coded >= {"good", "latin1", "cp1252", "utf16", "bad\\xff", "shallow", "arr-1", "arr-2", "one", "same",
                     "surrogate\\ud800", "page"}
    assert any(k.startswith("same~") for k in coded)  # a second text under a used id is kept, not overwritten
    assert {os.path.basename(k): v for k, v in rejections.items()} == {
        "empty": "E104", "deep.jsonl:1": "E102", "records.json:3": "E102", "bad-date": "E105",
        "notext.csv": "E102", "notes.xyz": "E108", "link.txt": "E108", "binary": "E101", "pipe.txt": "E108",
        "huge": "E109"}
    # 24 inputs (17 files: 3 array items, 2 + 5 records), the second identical 'same' stored once: 23 outcomes
    assert len(set(docs) | set(rejections)) == 23 and not set(docs) & set(rejections)


def test_legacy_encodings_are_decoded_not_rejected(stored):
    _, docs, _, _, _ = stored
    assert "près du marché" in docs["latin1"]["text"]
    assert "\nŒuvre « inachevée » : Des hommes armés" in docs["cp1252"]["text"]
    assert docs["utf16"]["text"].startswith(" date 2024-03-12") and "Kukawa" in docs["utf16"]["text"]


def test_a_web_page_is_its_article_dated_by_the_page(stored):
    _, docs, _, events, _ = stored
    page = docs["page"]
    assert page["published"] == "2021-03-04"
    assert "Boni" in page["text"] and "Tillabéri" not in page["text"] and "Djibo" not in page["text"]
    assert "Accueil" not in page["text"] and "droits" not in page["text"]
    places = [loc for doc, loc in events if doc == "page"]
    assert places and not {"Tillabéri", "Tillaberi", "Djibo"} & set(places)  # the boxed stories are not coded


def test_rejections_command_lists_every_rejection(stored, capsys):
    _, _, rejections, _, db = stored
    capsys.readouterr()
    assert main(["rejections", "--db", str(db), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc_id"]: r["code"] for r in rows} == rejections
    assert all(r["detail"].startswith(f"[{r['code']}]") for r in rows)


def test_a_read_command_on_a_missing_store_is_one_clear_line(tmp_path, capsys):
    for command in (["events"], ["rejections"], ["show", "evt-x"]):
        assert main([*command, "--db", str(tmp_path / "typo.duckdb")]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("wirecoder: [E401]") and "no such file" in err and "\n" not in err
    assert not (tmp_path / "typo.duckdb").exists()
