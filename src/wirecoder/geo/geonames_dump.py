"""Optional: GeoNames' own dump files added to the gazetteer (streets, buildings, rivers, villages under 500 people,
and GeoNames' exact points for countries and provinces).

No package registry carries GeoNames' full data, so wirecoder never downloads it. A user who has the files
(``allCountries.zip``, or one country's ``ML.zip``, ``SY.zip``..., from https://download.geonames.org/export/dump/)
names them in ``WIRECODER_GEONAMES`` (paths separated by ``os.pathsep``); the gazetteer index is then built with
them, cached under a key that includes each file's size and modification time, and used wherever the gazetteer
is. Without the variable nothing changes.

Each row of GeoNames' ``geoname`` table (19 tab-separated columns, in a .txt file or the .txt member of a .zip):
  * a country, first- or second-level division already in the index (same GeoNames id) takes GeoNames' point;
  * a place already in the index is left alone;
  * any other row becomes an entry: populated places (class P) are towns, divisions below the first level
    (ADM2 to ADM5, ADMD) are admin2, and everything else (spots, buildings, roads, water, areas, relief) is a
    site, below a town of the same name (a French commune's ADM4 row must not outrank its town); with its name,
    ASCII name and Latin-script alternate names.

Memory grows with the rows added, for the build and for every process that loads the index: measured with
200,000 synthetic rows, +340 MB to build and +230 MB to load. A country file is cheap; the whole of allCountries
(about 13 million rows) would need an estimated 15 GB to load and more to build, so use the countries your
stories are about.
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from ..errors import Code, ConfigError

ENV = "WIRECODER_GEONAMES"
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
N_COLUMNS = 19


def dump_paths() -> list[Path]:
    """The dump files named in WIRECODER_GEONAMES (empty when unset). A missing file is an error: a user who
    names one expects it to be used."""
    raw = os.environ.get(ENV, "").strip()
    paths = [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
    for p in paths:
        if not p.is_file():
            raise ConfigError(Code.E204, name=ENV, value=str(p), reason="not a file")
    return paths


def stamp(paths: list[Path]) -> str:
    """A short key for the cache file name: each file's name, size and modification time."""
    if not paths:
        return ""
    import hashlib

    text = "|".join(f"{p.resolve()}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in paths)
    return "-geonames" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def iter_rows(path: Path) -> Iterator[list[str]]:
    """The rows (lists of 19 strings) of one dump file, .txt or .zip; malformed lines are skipped, an unreadable
    file is a ConfigError [E205]."""
    n = 0
    try:
        for row in _file_rows(path):
            n += 1
            yield row
    except (OSError, EOFError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error) as e:
        raise ConfigError(Code.E205, path=str(path), reason=str(e) or type(e).__name__) from e
    if n == 0:
        raise ConfigError(Code.E205, path=str(path),
                          reason=f"no row in GeoNames' format ({N_COLUMNS} tab-separated columns)")


def _file_rows(path: Path) -> Iterator[list[str]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            for m in members:
                with z.open(m) as raw:
                    yield from _rows(io.TextIOWrapper(raw, encoding="utf-8"))
    else:
        with open(path, encoding="utf-8") as f:
            yield from _rows(f)


def _rows(f) -> Iterator[list[str]]:
    for line in f:
        row = line.rstrip("\n").split("\t")
        if len(row) == N_COLUMNS and row[0].isdigit():
            yield row


def add_dump(b, paths: list[Path], iso3_of2: dict[str, int], a1_of_code: dict[str, int]) -> int:
    """Add the rows of `paths` to the gazetteer builder `b` (see the module's docstring); returns the number of
    entries added or moved."""
    from .gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, SITE, fold, usable_alternate_name

    known: dict[int, int] = {}
    for i, g in enumerate(b.gid):
        if g:
            known.setdefault(g, i)
    changed = 0
    for path in paths:
        for row in iter_rows(path):
            gid = int(row[0])
            try:
                lat, lon = float(row[4]), float(row[5])
            except ValueError:
                continue
            fclass, fcode, iso2 = row[6], row[7], row[8]
            i = known.get(gid)
            if i is not None:
                if b.feat[i] in (COUNTRY, ADMIN1, ADMIN2):
                    b.lat[i], b.lon[i] = lat, lon  # GeoNames' own point for the division
                    changed += 1
                continue
            if fcode in COUNTRY_CODES or fcode == "ADM1":
                continue  # a country or province the packages do not list: too rare to guess its kind
            if fclass == "P":
                feat = CITY
            elif fclass == "A":
                feat = ADMIN2
            else:
                feat = SITE
            cc = iso3_of2.get(iso2, 0)
            a1 = a1_of_code.get(f"{iso2}.{row[10]}", 0)
            pop = int(row[14]) if row[14].isdigit() else 0
            i = b.add_entry(row[1], feat, cc, a1, lat, lon, pop, gid)
            known[gid] = i
            changed += 1
            seen = set()
            for name in [row[1], row[2]] + [a for a in row[3].split(",") if usable_alternate_name(a)]:
                k = fold(name)
                if k and k not in seen and not k.isdigit():
                    seen.add(k)
                    b.add_name(k, i)
    return changed
