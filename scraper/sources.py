"""Load the sources file (TOML): one ``[[source]]`` table per outlet or press-release section."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from records.article import Source
from scraper.errors import SourcesFileError
from scraper.urls import is_http_url

DEFAULT_SOURCES = Path(__file__).parent / "data" / "sources.toml"
KINDS: tuple[str, ...] = ("news", "police", "mayor", "city", "prosecutor", "sheriff")
_LIST_KEYS = ("feeds", "sitemaps", "listings")
_URL_KEYS = ("homepage",)
_ALLOWED = {f.name for f in fields(Source)}
_HEADER = re.compile(r"^[ \t]*\[\[\s*source\s*\]\]", re.MULTILINE)


def _entry_lines(text: str) -> list[int]:
    """1-based line number of each ``[[source]]`` header, in order."""
    return [text.count("\n", 0, m.start()) + 1 for m in _HEADER.finditer(text)]


def _key_line(text: str, header_line: int | None, key: str) -> int | None:
    """Line of ``key = ...`` inside the entry starting at ``header_line`` (else the header's)."""
    if header_line is None:
        return None
    lines = text.splitlines()
    for number in range(header_line, len(lines)):
        line = lines[number].strip()
        if _HEADER.match(line):
            break
        if re.match(rf"{re.escape(key)}\s*=", line):
            return number + 1
    return header_line


class _Where:
    """The file, its text and the entry being read: what an error message needs."""

    def __init__(self, path: Path, text: str, line: int | None) -> None:
        self.path, self.text, self.line = path, text, line


def _bad(where_: _Where, index: int, name: str | None, key: str, why: str) -> SourcesFileError:
    path = where_.path
    line = _key_line(where_.text, where_.line, key)
    where = f"{path}" + (f", line {line}" if line else "")
    who = f"source #{index + 1}" + (f" ({name!r})" if name else "")
    return SourcesFileError(f"{where}: {who}, key {key!r}: {why}. Fix that entry of the sources file "
                            f"(see scraper/data/sources.toml for the format).")


def _source(w: _Where, index: int, raw: Any) -> Source:
    if not isinstance(raw, dict):
        raise _bad(w, index, None, "source", "each [[source]] must be a table")
    name = raw.get("name")
    unknown = sorted(set(raw) - _ALLOWED)
    if unknown:
        raise _bad(w, index, name if isinstance(name, str) else None, unknown[0],
                   f"unknown key (known keys: {', '.join(sorted(_ALLOWED))})")
    for key in ("name", "city", "state"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _bad(w, index, name if isinstance(name, str) else None, key,
                       "required, must be a non-empty string")
    values: dict[str, Any] = dict(raw)
    kind = values.get("kind", "news")
    if kind not in KINDS:
        raise _bad(w, index, name, "kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    for key in _LIST_KEYS:
        items = values.get(key, [])
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(u, str) and is_http_url(u) for u in items):
            raise _bad(w, index, name, key, "must be a list of http(s) URLs")
        values[key] = tuple(items)
    for key in _URL_KEYS:
        if key in values and not (isinstance(values[key], str) and is_http_url(values[key])):
            raise _bad(w, index, name, key, "must be an http(s) URL")
    for key in ("link_selector", "next_selector", "url_pattern", "note"):
        if key in values and not isinstance(values[key], str):
            raise _bad(w, index, name, key, "must be a string")
    if "url_pattern" in values:
        try:
            re.compile(values["url_pattern"])
        except re.error as exc:
            raise _bad(w, index, name, "url_pattern", f"not a valid regex ({exc})") from exc
    for key, typ in (("max_listing_pages", int), ("per_host_concurrency", int), ("reach", int)):
        if key in values and (not isinstance(values[key], typ) or isinstance(values[key], bool)
                              or values[key] < 1):
            raise _bad(w, index, name, key, "must be a positive integer")
    if "crawl_delay" in values:
        delay = values["crawl_delay"]
        if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
            raise _bad(w, index, name, "crawl_delay", "must be a number of seconds >= 0")
        values["crawl_delay"] = float(delay)
    if values["listings"] and not values.get("link_selector"):
        raise _bad(w, index, name, "link_selector", "required when listings are given")
    if not (values["feeds"] or values["sitemaps"] or values["listings"]):
        raise _bad(w, index, name, "feeds", "give at least one of feeds, sitemaps or listings")
    return Source(**values)


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read a sources TOML file (default: the bundled scraper/data/sources.toml).

    Raises SourcesFileError naming the file, line and key of the first problem.
    """
    file = Path(path) if path is not None else DEFAULT_SOURCES
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesFileError(f"Cannot read sources file {file}: {exc.strerror or exc}. "
                               f"Pass an existing file with --sources.") from exc
    except UnicodeDecodeError as exc:
        raise SourcesFileError(f"{file} is not a sources file: it is not UTF-8 text (byte "
                               f"0x{exc.object[exc.start]:02x} at offset {exc.start}). Pass the TOML "
                               "file of [[source]] tables with --sources.") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"{file} is not valid TOML: {exc}. Fix the file and run again.") from exc
    entries = data.get("source")
    extra = sorted(set(data) - {"source"})
    if extra:
        raise SourcesFileError(f"{file}: unknown top-level key {extra[0]!r}; the file holds only "
                               f"[[source]] tables.")
    if not isinstance(entries, list) or not entries:
        raise SourcesFileError(f"{file} has no [[source]] tables. Add at least one source.")
    lines = _entry_lines(text)
    sources: list[Source] = []
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        line = lines[i] if i < len(lines) else None
        source = _source(_Where(file, text, line), i, raw)
        if source.name in seen:
            raise _bad(_Where(file, text, line), i, source.name, "name", "duplicate source name")
        seen.add(source.name)
        sources.append(source)
    return sources
