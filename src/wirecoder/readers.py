"""Readers: files, directories and standard input in, `Article`s (or `Rejection`s for bad records) out.

Formats, chosen by extension (or content for stdin): plain text (`.txt`, optional leading ` date YYYY-MM[-DD]`
token giving the publication date), JSON Lines (`.jsonl`/`.ndjson`: `id, text, published, source, url, lang`;
other fields ignored, so a gold file is valid input), JSON (`.json`: an array of such records, one record, or JSON
Lines), CSV (`.csv`, same column names, header required), HTML (`.html`/`.htm`: the page's article, without its
menus and "read also" boxes, dated by the page's own publication date, through trafilatura). Ids: the record's
id, else the file name (made printable when it is not valid UTF-8), else a text hash.

Every input is accounted for: a file in another encoding is decoded (byte-order marks, then UTF-8, then
charset-normalizer's best guess); what cannot be read, a record nested too deeply, and every path skipped inside a
directory (unknown extension, symbolic link, unreadable folder) is a `Rejection` with its reason.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import Code
from .model import Article, Rejection, article_id

DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")
SUFFIXES = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
            ".csv": "csv", ".html": "html", ".htm": "html"}
# spaCy's own limit (nlp.max_length): longer texts are no dispatch, and its parser would need gigabytes for them
MAX_TEXT_CHARS = 1_000_000


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
    doc_id = safe_name(str(id) if id not in (None, "") else (name or (article_id(text) if text else "unnamed")))
    source, url, lang = (safe_name(str(v)) if v not in (None, "") else None for v in (source, url, lang))
    if text is None or not text.strip():
        return Rejection(doc_id, "read", Code.E104.name, Code.E104.format(doc_id=doc_id))
    if len(text) > MAX_TEXT_CHARS:
        return Rejection(doc_id, "read", Code.E109.name,
                         Code.E109.format(doc_id=doc_id, chars=len(text), limit=MAX_TEXT_CHARS))
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
        except RecursionError:
            yield Rejection(f"{origin}:{n}", "read", Code.E102.name,
                            Code.E102.format(line=n, path=origin, reason="nested too deeply"))
            continue
        except ValueError as e:
            yield Rejection(f"{origin}:{n}", "read", Code.E102.name, Code.E102.format(line=n, path=origin, reason=e))
            continue
        yield record_to_article(rec, f"{Path(origin).stem}-{n}")


def read_json(data: str, origin: str) -> Iterator[Article | Rejection]:
    """A `.json` file: an array of records, a single record (pretty-printed or not), or JSON Lines."""
    head = data.lstrip()[:1]
    if head in ("[", "{"):
        try:
            whole = json.loads(data)
        except RecursionError:
            yield Rejection(origin, "read", Code.E102.name, Code.E102.format(line=1, path=origin,
                                                                              reason="nested too deeply"))
            return
        except ValueError:
            whole = None  # JSON Lines, or broken: read line by line, each line accounted for
        if isinstance(whole, list):
            for n, rec in enumerate(whole, 1):
                if isinstance(rec, dict):
                    yield record_to_article(rec, f"{Path(origin).stem}-{n}")
                else:
                    yield Rejection(f"{origin}:{n}", "read", Code.E102.name,
                                    Code.E102.format(line=n, path=origin, reason="array item is not a JSON object"))
            return
        if isinstance(whole, dict):
            yield record_to_article(whole, Path(origin).stem)
            return
    yield from read_jsonl(io.StringIO(data), origin)


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


def html_article(html: str) -> tuple[str, str | None]:
    """The article of a web page (its title, then its paragraphs, one per block; no menus, no "read also" boxes)
    and the page's own publication date (YYYY-MM-DD) when it gives one, through trafilatura (offline)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      include_links=False, deduplicate=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        return "", None
    paras = [" ".join(p.split()) for p in doc.text.split("\n")]
    return "\n\n".join(p for p in paras if p), doc.date or None


def html_to_text(html: str) -> str:
    """The article text of a web page (see `html_article`)."""
    return html_article(html)[0]


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head == "{":
        return "jsonl"
    if head == "[":
        return "json"
    if head == "<":
        return "html"
    return "text"


def safe_name(name: str) -> str:
    """A name (a file's, a record's id) as printable, storable text: bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) become '\\xff' escapes, and any other lone surrogate (a broken JSON
    escape) '\\ud800'."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


ENCODING_SAMPLE = 1 << 16  # bytes read to tell a file's encoding
COMMON_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1251", "cp1256", "gb2312", "shift_jis", "euc_kr")


def encoding_of(head: bytes) -> str | None:
    """The encoding of a file from its first bytes: a byte-order mark, else UTF-8 when the bytes are UTF-8, else
    charset-normalizer's best guess (Latin-1, Windows-1252, UTF-16 without a mark...); None: not text."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(head)
    best = matches.best()
    if best is None:
        return None
    # encodings that read the bytes equally well (Windows-1250 and -1252 on a French text): the reading that
    # needs the fewest Unicode blocks wins, then the encoding most used on the web
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    return min(tied, key=lambda m: (len(m.alphabets), COMMON_ENCODINGS.index(m.encoding)
                                    if m.encoding in COMMON_ENCODINGS else len(COMMON_ENCODINGS))).encoding


def _skipped(path: str, name: str, reason: str) -> Rejection:
    return Rejection(safe_name(name), "read", Code.E108.name, Code.E108.format(path=safe_name(path), reason=reason))


def _directory(root: Path) -> Iterator[Article | Rejection]:
    """Every file under a directory in path order; what is not read (unknown extension, a symbolic link, a
    folder that cannot be listed) is a rejection, never silently left out."""
    found: list[tuple[str, Path, str | None]] = []  # (sort key, path, reason to skip or None)

    def unreadable(err: OSError) -> None:
        where = Path(err.filename or root)
        found.append((str(where), where, f"cannot list this folder ({err.strerror or err})"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        for d in dirs:
            if (base / d).is_symlink():
                found.append((str(base / d), base / d, "symbolic link to a folder (not followed)"))
        for f in files:
            child = base / f
            if child.is_symlink():
                reason = "symbolic link (not followed)"
            elif not _regular(child):  # opening a named pipe would wait for a writer for ever
                reason = "not a regular file (a named pipe, socket or device)"
            elif child.suffix.lower() not in SUFFIXES:
                reason = f"unknown extension {child.suffix or '(none)'!r} (known: {', '.join(sorted(SUFFIXES))})"
            else:
                reason = None
            found.append((str(child), child, reason))
    for _, child, reason in sorted(found, key=lambda x: x[0]):
        rel = child.relative_to(root) if child != root else Path(child.name)
        if reason is not None:
            yield _skipped(str(child), rel.as_posix(), reason)
        else:
            yield from read_path(str(child), name=rel.with_suffix("").as_posix())


def _regular(path: Path) -> bool:
    """A regular file (or one that vanished since it was listed: reading it will say so)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def read_path(path: str, name: str | None = None) -> Iterator[Article | Rejection]:
    """Everything in one input: a file, a directory (recursively) or '-' for stdin.

    A text file's id is its name without extension; inside a directory, its path relative to that directory
    (so 'a/x.txt' and 'b/x.txt' stay two documents)."""
    if path == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else None
        data = sys.stdin.read() if raw is None else _decoded(raw)
        if data is None:
            yield Rejection("stdin", "read", Code.E101.name, Code.E101.format(path="stdin", reason="not text"))
            return
        yield from _read_string(data, _sniff(data), "stdin")
        return
    p = Path(path)
    if p.is_dir():
        yield from _directory(p)
        return
    shown, ident = safe_name(str(p)), safe_name(name or p.stem or str(p))
    kind = SUFFIXES.get(p.suffix.lower())
    try:
        with open(p, "rb") as f:
            head = f.read(ENCODING_SAMPLE)
        encoding = encoding_of(head)
        if encoding is None:
            yield Rejection(ident, "read", Code.E101.name, Code.E101.format(path=shown, reason="not text in any "
                                                                            "encoding charset-normalizer knows"))
            return
        if kind is None:
            kind = _sniff(head.decode(encoding, errors="replace"))
        # the encoding found in the first bytes; JSON Lines and CSV are read as a stream
        with open(p, encoding=encoding, newline="") as f:
            if kind == "jsonl":
                yield from read_jsonl(f, shown)
            elif kind == "json":
                yield from read_json(f.read(), shown)
            elif kind == "csv":
                yield from read_csv(f, shown)
            else:
                yield from _read_string(f.read(), kind, ident)
    except (OSError, UnicodeDecodeError) as e:
        yield Rejection(ident, "read", Code.E101.name, Code.E101.format(path=shown, reason=e))


def _decoded(raw: bytes) -> str | None:
    encoding = encoding_of(raw[:ENCODING_SAMPLE])
    if encoding is None:
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _read_string(data: str, kind: str, name: str) -> Iterator[Article | Rejection]:
    if kind == "jsonl":
        yield from read_jsonl(io.StringIO(data), name)
    elif kind == "json":
        yield from read_json(data, name)
    elif kind == "html":
        text, published = html_article(data)
        yield make_article(text, name=name, published=published)
    else:
        yield from read_text(data, name)


def read_inputs(paths: Iterable[str]) -> Iterator[Article | Rejection]:
    for path in paths:
        yield from read_path(path)
