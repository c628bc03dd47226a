"""Readers: files, directories and standard input in, `Article`s (or `Rejection`s for bad records) out.

Formats, chosen by extension (or content for stdin): plain text (`.txt`, optional leading ` date YYYY-MM[-DD]`
token giving the publication date), JSON Lines (`.jsonl`/`.ndjson`: `id, text, published, source, url, lang`;
other fields ignored, so a gold file is valid input), CSV (`.csv`, same column names, header required),
HTML (`.html`/`.htm`: the visible text of the page). Ids: the record's id, else the file name, else a text hash.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .errors import Code
from .model import Article, Rejection, article_id

DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")
SUFFIXES = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".csv": "csv", ".html": "html", ".htm": "html"}



def parse_published(value) -> tuple[date | None, int | None]:
    """'2018-02-21' -> (date, 1); '2018-02' -> (first of month, 3); '' or None -> (None, None)."""
    if value in (None, ""):
        return None, None
    s = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?", s)
    if not m:
        raise ValueError(Code.E105.format(value=value))
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if d:
            return date(y, mo, int(d)), 1
        return date(y, mo, 1), 3
    except ValueError:  # '2018-02-30'
        raise ValueError(Code.E105.format(value=value)) from None


def date_header(text: str) -> tuple[str | None, int]:
    """The ` date YYYY-MM[-DD]` header at the start of a dispatch, and where the body starts."""
    m = DATE_HEADER.match(text)
    return (m.group(1), m.end()) if m else (None, 0)


def make_article(text, id=None, published=None, source=None, url=None, lang=None, name=None) -> Article | Rejection:
    """Build an Article from one record's fields; a record without text or with a bad date is a Rejection."""
    if not isinstance(text, str):
        text = None
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from a broken JSON escape
            text = None
    doc_id = str(id) if id not in (None, "") else (name or (article_id(text) if text else "unnamed"))
    if text is None or not text.strip():
        return Rejection(doc_id, "read", Code.E104.name, Code.E104.format(doc_id=doc_id))
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # one line-break convention for offsets
    header, body_start = date_header(text)
    try:
        pub, precision = parse_published(published if published not in (None, "") else header)
    except ValueError as e:
        return Rejection(doc_id, "read", Code.E105.name, str(e))
    article = Article(doc_id, text, pub, precision, source or None, url or None, lang or None)
    article.body_start = body_start
    return article


def read_text(text: str, name: str | None = None) -> Iterator[Article | Rejection]:
    yield make_article(text, name=name)


def read_jsonl(lines: Iterable[str], origin: str) -> Iterator[Article | Rejection]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            yield Rejection(f"{origin}:{n}", "read", Code.E102.name, Code.E102.format(line=n, path=origin, reason=e))
            continue
        yield record_to_article(rec, f"{Path(origin).stem}-{n}")


def read_csv(handle, origin: str) -> Iterator[Article | Rejection]:
    csv.field_size_limit(1 << 26)  # dispatches can be long; the default limit is 128 KiB
    reader = csv.DictReader(handle)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Rejection(origin, "read", Code.E102.name,
                        Code.E102.format(line=1, path=origin, reason="the header has no 'text' column"))
        return
    for n, rec in enumerate(reader, 2):
        yield record_to_article(rec, f"{Path(origin).stem}-{n}")


def record_to_article(rec: dict, fallback_id: str) -> Article | Rejection:
    """One record with the JSON Lines fields (`id, text, published, source, url, lang`) as an Article."""
    return make_article(rec.get("text"), id=rec.get("id") or rec.get("doc_id") or None,
                        published=rec.get("published"), source=rec.get("source"), url=rec.get("url"),
                        lang=rec.get("lang"), name=fallback_id if not rec.get("text") else None)


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page: drops script/style/nav/header/footer, keeps paragraph breaks."""

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form"}
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "title"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
        return "\n\n".join(p for p in paras if p)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return parser.text()


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head == "{":
        return "jsonl"
    if head == "<":
        return "html"
    return "text"


def read_path(path: str, name: str | None = None) -> Iterator[Article | Rejection]:
    """Everything in one input: a file, a directory (recursively, known extensions only) or '-' for stdin.

    A text file's id is its name without extension; inside a directory, its path relative to that directory
    (so 'a/x.txt' and 'b/x.txt' stay two documents)."""
    if path == "-":
        data = sys.stdin.read()
        yield from _read_string(data, _sniff(data), "stdin")
        return
    p = Path(path)
    if p.is_dir():
        for child in sorted(c for c in p.rglob("*") if c.is_file() and c.suffix.lower() in SUFFIXES):
            rel = child.relative_to(p).with_suffix("")
            yield from read_path(str(child), name=rel.as_posix())
        return
    kind = SUFFIXES.get(p.suffix.lower())
    try:
        if kind is None:
            with open(p, encoding="utf-8-sig") as f:
                head = f.read(2048)
            kind = _sniff(head)
        # utf-8-sig: a byte-order mark must not become part of the first field or line
        with open(p, encoding="utf-8-sig", newline="") as f:
            if kind == "jsonl":
                yield from read_jsonl(f, str(p))
            elif kind == "csv":
                yield from read_csv(f, str(p))
            else:
                data = f.read()
                yield from _read_string(data, kind, name or p.stem)
    except (OSError, UnicodeDecodeError) as e:
        yield Rejection(name or p.stem or str(p), "read", Code.E101.name, Code.E101.format(path=p, reason=e))


def _read_string(data: str, kind: str, name: str) -> Iterator[Article | Rejection]:
    if kind == "jsonl":
        yield from read_jsonl(io.StringIO(data), name)
    elif kind == "html":
        yield from read_text(html_to_text(data), name)
    else:
        yield from read_text(data, name)


def read_inputs(paths: Iterable[str]) -> Iterator[Article | Rejection]:
    for path in paths:
        yield from read_path(path)
