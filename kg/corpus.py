"""Read news articles from files and folders into :class:`~kg.model.Article` records.

One function, :func:`iter_articles`, streams articles from any mix of files and folders; the
format follows the file extension:

=============================  ====================================================================
``.txt``, ``.md``              one article; the text is the whole file, unchanged
``.jsonl``, ``.ndjson``        one JSON object per line: ``id, title, text, url, source, published``
``.json``                      a list of such objects, or one object
``.html``, ``.htm``            one article: the main text, title, canonical URL and date of the page
``.xml``, ``.rss``, ``.atom``  an RSS or Atom feed: one article per entry
=============================  ====================================================================

Bad input never ends in a traceback: every problem becomes an :class:`~kg.errors.InputError`
naming the file (and the line of a JSONL file). By default problems are collected on the returned
stream and reading goes on; ``on_problem`` receives them as they happen instead, and
``strict=True`` raises the first one.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "korea.txt").write_text(
...     "North Korea on alert\\n\\nFriday, August 21, 2015\\n\\nThe army was put on alert.\\n")
>>> _ = (folder / "more.jsonl").write_text('{"text": "NATO met.", "url": "https://n.example/1"}\\n{oops\\n')
>>> articles, report = read_all([folder])
>>> [(a.title, a.published) for a in articles]
[('North Korea on alert', '2015-08-21'), ('', '')]
>>> articles[1].id
'https://n.example/1'
>>> print(report.problems[0])  # doctest: +ELLIPSIS
/.../more.jsonl:2: not valid JSON: ...
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import io
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.model import Article

__all__ = ["iter_articles", "read_all", "ArticleStream", "CorpusReport", "SUFFIXES", "DEFAULT_MAX_BYTES"]

#: Largest file read whole (and longest JSONL line). A 50 MB article must still be read, so the
#: limit sits well above that; it exists to refuse a mistaken multi-gigabyte dump, not big articles.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_TEXT = (".txt", ".md")
_JSONL = (".jsonl", ".ndjson")
_JSON = (".json",)
_HTML = (".html", ".htm")
_FEED = (".xml", ".rss", ".atom")
#: Extensions kg reads, lower case.
SUFFIXES = _TEXT + _JSONL + _JSON + _HTML + _FEED

# Inside a folder, files of other types are passed over quietly (a logo.png next to the articles
# is no mistake), except documents a user plausibly meant as articles: those get one problem each.
_DOCUMENT_SUFFIXES = frozenset({".doc", ".docx", ".odt", ".rtf", ".pdf", ".epub", ".pages", ".wpd"})

# json raises RecursionError, not JSONDecodeError, on thousands of nested brackets
_TOO_DEEP = "JSON nested too deeply to read"

_SNIFF = 8192  # bytes looked at for NUL bytes when a file is streamed rather than read whole

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class CorpusReport:
    """What a read of sources gave: articles read, records or files skipped, and the problems.

    ``skipped`` counts files, records and feed entries left out because of a problem; a problem
    need not skip anything (an unreadable ``published`` value only empties that field).
    ``ignored`` counts files inside folders passed over quietly because kg does not read their
    type (images, stylesheets …); hidden files are not counted.

    Examples
    --------
    >>> r = CorpusReport(read=3, skipped=1, problems=(InputError("empty file", path="a.txt"),))
    >>> r.ok, str(r)
    (False, 'read 3 articles, skipped 1, 1 problem')
    """

    read: int = 0
    skipped: int = 0
    ignored: int = 0
    problems: tuple[InputError, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no problem was met."""
        return not self.problems

    def __str__(self) -> str:
        n = len(self.problems)
        return f"read {self.read} articles, skipped {self.skipped}, {n} problem{'' if n == 1 else 's'}"


class ArticleStream(Iterator[Article]):
    """The iterator :func:`iter_articles` returns: articles, plus counts and problems so far.

    Attributes
    ----------
    read, skipped, ignored : int
        Running counts, as in :class:`CorpusReport`.
    problems : list of InputError
        Problems met so far, when no ``on_problem`` callback was given (else empty).
    """

    def __init__(
        self,
        sources: Iterable[str | os.PathLike[str]],
        *,
        strict: bool,
        on_problem: Callable[[InputError], None] | None,
        max_bytes: int,
        max_chars: int | None = None,
    ) -> None:
        self.read = 0
        self.skipped = 0
        self.ignored = 0
        self.problems: list[InputError] = []
        self._strict = strict
        self._on_problem = on_problem if on_problem is not None else self.problems.append
        self._max_bytes = max_bytes
        self._max_chars = max_chars
        # id -> (sha1 of the text, file, line where first read): first wins, a different text is reported
        self._seen_ids: dict[str, tuple[bytes, str, int | None]] = {}
        # real paths already read, so a file named twice (or also inside a named folder) is read once
        self._seen_files: set[str] = set()
        self._gen = self._articles(sources)

    def __next__(self) -> Article:
        return next(self._gen)

    def report(self) -> CorpusReport:
        """The counts and problems so far as a frozen :class:`CorpusReport`."""
        return CorpusReport(self.read, self.skipped, self.ignored, tuple(self.problems))

    # -- problems ---------------------------------------------------------------------------------

    def _problem(self, err: InputError, *, skipped: bool = True) -> None:
        if self._strict:
            raise err
        if skipped:
            self.skipped += 1
        self._on_problem(err)

    # -- walking sources --------------------------------------------------------------------------

    def _articles(self, sources: Iterable[str | os.PathLike[str]]) -> Iterator[Article]:
        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]  # one path is an easy slip; reading its characters as paths is not
        for source in sources:
            path = Path(source)
            try:
                is_dir = path.is_dir()
                exists = is_dir or path.exists()
            except OSError as exc:
                self._problem(InputError(f"cannot read: {exc.strerror or exc}", path=str(path)))
                continue
            if not exists:
                self._problem(InputError("no such file or folder", path=str(path)))
            elif is_dir:
                yield from self._folder(path)
            elif path.suffix.lower() in SUFFIXES:
                yield from self._file(path)
            else:
                self._problem(InputError(_unsupported(path), path=str(path)))

    def _folder(self, folder: Path) -> Iterator[Article]:
        readable = 0
        other: set[str] = set()
        for path in _walk(folder):
            if isinstance(path, InputError):
                self._problem(path)
                continue
            suffix = path.suffix.lower()
            if suffix in SUFFIXES:
                readable += 1
                yield from self._file(path)
            elif suffix in _DOCUMENT_SUFFIXES:
                other.add(suffix)
                self._problem(InputError(_unsupported(path), path=str(path)))
            else:
                other.add(suffix or "(no extension)")
                self.ignored += 1
        if not readable:
            found = f" (found only {', '.join(sorted(other))} files)" if other else " (it is empty)"
            reads = " ".join(SUFFIXES)
            message = f"folder holds no file kg reads{found}; kg reads {reads}"
            self._problem(InputError(message, path=str(folder)), skipped=False)

    def _file(self, path: Path) -> Iterator[Article]:
        try:
            real = os.path.realpath(path)
        except OSError:  # pragma: no cover - realpath only fails on exotic file systems
            real = str(path)
        if real in self._seen_files:
            return
        self._seen_files.add(real)
        suffix = path.suffix.lower()
        try:
            if suffix in _JSONL:
                records = self._jsonl(path)
            else:
                data = _read_bytes(path, self._max_bytes)
                if suffix in _TEXT:
                    records = iter([(_text_article(path, _decode(data, path)), None)])
                elif suffix in _JSON:
                    records = self._json(path, _decode(data, path))
                elif suffix in _HTML:
                    records = iter([(_html_article(path, _decode_html(data, path)), None)])
                else:
                    records = self._feed(path, data)
            where = str(path)
            for article, line in records:
                if self._max_chars is not None and len(article.text) > self._max_chars:
                    message = (f"article text is {len(article.text):,} characters, above the limit of "
                               f"{self._max_chars:,} (KG_MAX_CHARS); split it or raise the limit; skipped")
                    self._problem(InputError(message, path=where, line=line))
                    continue
                if self._new(article, where, line):
                    self.read += 1
                    yield article
        except InputError as err:
            if self._strict:
                raise
            self._problem(err)

    def _new(self, article: Article, path: str, line: int | None) -> bool:
        """Whether ``article`` is new to this run; a known id with another text is reported."""
        digest = hashlib.sha1(article.text.encode("utf-8", "surrogatepass")).digest()
        first = self._seen_ids.get(article.id)
        if first is None:
            self._seen_ids[article.id] = (digest, path, line)  # one path string shared by a file's records
            return True
        if first[0] != digest:
            where = first[1] if first[2] is None else f"{first[1]}:{first[2]}"
            message = f"duplicate id {article.id!r} with a different text (first read in {where}); skipped"
            self._problem(InputError(message, path=path, line=line))
        return False  # the same article again is dropped quietly

    # -- formats that give many articles per file -------------------------------------------------

    def _jsonl(self, path: Path) -> Iterator[tuple[Article, int | None]]:
        try:
            f = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across yields
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
        try:
            head = f.read(_SNIFF)
            if not head:
                raise InputError("empty file", path=str(path))
            encoding = _bom_encoding(head)
            if encoding is None and b"\0" in head:
                raise InputError("binary file (NUL bytes), not text", path=str(path))
            f.seek(0)
            if encoding in (None, "utf-8"):
                lines = _utf8_lines(f, self._max_bytes)
            else:
                lines = _text_lines(io.TextIOWrapper(f, encoding=encoding, newline=""), self._max_bytes)
            blank = True
            for number, line in lines:
                if isinstance(line, InputError):
                    blank = False
                    self._problem(InputError(line.reason, path=str(path), line=number))
                    continue
                if number == 1:
                    line = line.removeprefix("\ufeff")
                if not line.strip():
                    continue  # blank lines (a trailing newline, a spacer) carry nothing
                blank = False
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    message = f"not valid JSON: {exc.msg} (column {exc.colno})"
                    self._problem(InputError(message, path=str(path), line=number))
                    continue
                except RecursionError:
                    self._problem(InputError(_TOO_DEEP, path=str(path), line=number))
                    continue
                article = self._record(value, path, number)
                if article is not None:
                    yield article, number
            if blank:
                raise InputError("file holds only whitespace", path=str(path))
        finally:
            f.close()

    def _json(self, path: Path, text: str) -> Iterator[tuple[Article, int | None]]:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"not valid JSON: {exc.msg} (column {exc.colno})"
            raise InputError(message, path=str(path), line=exc.lineno) from None
        except RecursionError:
            raise InputError(_TOO_DEEP, path=str(path)) from None
        if isinstance(value, dict):
            article = self._record(value, path, None)
            if article is not None:
                yield article, None
        elif isinstance(value, list):
            if not value:
                raise InputError("the JSON list is empty", path=str(path))
            for i, item in enumerate(value, 1):
                article = self._record(item, path, None, item=i)
                if article is not None:
                    yield article, None
        else:
            message = f"expected a JSON object or a list of objects, not {_json_type(value)}"
            raise InputError(message, path=str(path))

    def _record(self, value: object, path: Path, line: int | None, item: int | None = None) -> Article | None:
        prefix = f"item {item}: " if item is not None else ""
        try:
            article, bad_date = _record_article(value)
        except _BadRecord as exc:
            self._problem(InputError(f"{prefix}{exc}; skipped", path=str(path), line=line))
            return None
        if bad_date:
            message = f"{prefix}field 'published' is not a date kg can read: {bad_date!r}; left empty"
            self._problem(InputError(message, path=str(path), line=line), skipped=False)
        return article

    def _feed(self, path: Path, data: bytes) -> Iterator[tuple[Article, int | None]]:
        # feedparser decodes the bytes itself (XML declares its encoding), so only the checks that
        # hold for any encoding are made here.
        _check_not_blank(data, path)
        try:
            import feedparser

            feed = feedparser.parse(io.BytesIO(data))
            source = _clean_space(feed.feed.get("title", ""))
            articles = [_entry_article(entry, source) for entry in feed.entries]
        except Exception as exc:  # noqa: BLE001 - a parser failing on odd input is a bad file, not a bug of ours
            raise InputError(f"not a readable RSS/Atom feed ({type(exc).__name__}: {exc})", path=str(path)) from None
        if not articles:
            if feed.get("bozo"):
                why = feed.get("bozo_exception")
                raise InputError(f"not a readable RSS/Atom feed ({why})", path=str(path))
            raise InputError("not an RSS/Atom feed, or a feed without entries", path=str(path))
        if not any(articles):
            # one problem for the file, not one per entry of what is most likely not a news feed
            why = f" ({feed.get('bozo_exception')})" if feed.get("bozo") else ""
            raise InputError(f"none of the {len(articles)} feed entries has text{why}", path=str(path))
        for i, (entry, article) in enumerate(zip(feed.entries, articles), 1):
            if article is None:
                name = _clean_space(entry.get("title", "")) or entry.get("link", "") or "untitled"
                self._problem(InputError(f"entry {i} ({name!r}) has no text; skipped", path=str(path)))
            else:
                yield article, None


def iter_articles(
    sources: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
    on_problem: Callable[[InputError], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int | None = None,
) -> ArticleStream:
    """Stream the articles in ``sources``: files, and folders searched recursively.

    Folders are read in sorted order; hidden files and folders (``.name``) are passed over, as are
    files of types kg does not read (documents such as ``.docx`` or ``.pdf`` are reported). Files
    are read one at a time and JSONL line by line, so memory does not grow with the corpus. An
    article whose id was already read is dropped; if its text differs, that is reported too.

    Parameters
    ----------
    sources : iterable of str or path
        Files and folders; a single path is accepted too.
    strict : bool
        Raise the first problem as an :class:`~kg.errors.InputError` instead of going on.
    on_problem : callable, optional
        Called with each :class:`~kg.errors.InputError` as it happens; by default problems are
        collected in the returned stream's ``problems`` list.
    max_bytes : int
        Files larger than this (and JSONL lines longer than this) are reported, not read.
    max_chars : int, optional
        Articles whose text is longer than this are reported and skipped (``kg build`` passes
        :attr:`kg.config.Settings.max_chars`, what spaCy can parse); by default no limit.

    Returns
    -------
    ArticleStream
        An iterator of :class:`~kg.model.Article`, with running counts and the problems.

    Raises
    ------
    InputError
        Only when ``strict`` is true.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "note.md").write_text("# NATO meets\\n\\nMinisters met in Brussels.\\n")
    >>> _ = (folder / ".draft.md").write_text("hidden, never read")
    >>> stream = iter_articles([folder])
    >>> [(a.title, a.text) for a in stream]
    [('NATO meets', '# NATO meets\\n\\nMinisters met in Brussels.\\n')]
    >>> stream.problems
    []
    >>> seen = []
    >>> list(iter_articles([folder / "missing.txt"], on_problem=seen.append))
    []
    >>> seen[0].reason
    'no such file or folder'
    """
    return ArticleStream(sources, strict=strict, on_problem=on_problem, max_bytes=max_bytes, max_chars=max_chars)


def read_all(
    sources: Iterable[str | os.PathLike[str]],
    strict: bool = False,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[Article], CorpusReport]:
    """Read every article of ``sources`` into a list, with a :class:`CorpusReport`.

    For tests and small corpora; :func:`iter_articles` streams.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"
    >>> _ = path.write_text("")
    >>> articles, report = read_all([path])
    >>> articles, report.skipped, report.problems[0].reason
    ([], 1, 'empty file')
    """
    stream = iter_articles(sources, strict=strict, max_bytes=max_bytes)
    articles = list(stream)
    return articles, stream.report()


# -- files and bytes --------------------------------------------------------------------------------


# Documentation that travels with corpora (a folder's README, SOURCE.md, LICENSE) is not news.
_CORPUS_DOCS = {"readme", "source", "sources", "license", "licence", "changelog", "copying", "notice"}


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under ``folder``, recursively, sorted by name, hidden entries and symlink loops left out.

    Corpus documentation files (README.md, SOURCE.md, LICENSE …) found inside folders are left out.

    A subfolder that cannot be listed comes as an :class:`InputError` in its place.
    """
    seen: set[str] = set()

    def walk(d: Path) -> Iterator[Path | InputError]:
        real = os.path.realpath(d)
        if real in seen:
            return
        seen.add(real)
        try:
            with os.scandir(d) as it:
                entries = sorted(
                    (e for e in it if not e.name.startswith(".") and e.name.split(".")[0].lower() not in _CORPUS_DOCS),
                    key=lambda e: e.name,
                )
        except OSError as exc:
            yield InputError(f"cannot list folder: {exc.strerror or exc}", path=str(d))
            return
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:
                continue
            if is_dir:
                yield from walk(Path(e.path))
            else:
                yield Path(e.path)

    return walk(folder)


def _unsupported(path: Path) -> str:
    kind = f"file type {path.suffix!r}" if path.suffix else "file without an extension"
    return f"unsupported {kind}; kg reads {' '.join(SUFFIXES)}"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            mib = 1024 * 1024
            raise InputError(
                f"file is {size / mib:.1f} MiB, above the limit of {max_bytes / mib:.1f} MiB (max_bytes)",
                path=str(path),
            )
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # a file growing while we read still stops at the limit
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > max_bytes:
        raise InputError(f"file is above the limit of {max_bytes} bytes (max_bytes)", path=str(path))
    return data


def _bom_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _check_not_blank(data: bytes, path: Path) -> None:
    if not data:
        raise InputError("empty file", path=str(path))
    if _bom_encoding(data) is None:
        if b"\0" in data:
            raise InputError("binary file (NUL bytes), not text", path=str(path))
        if data.isspace():  # unlike strip(), no copy of a 50 MB file
            raise InputError("file holds only whitespace", path=str(path))


def _decode(data: bytes, path: Path) -> str:
    """The text of ``data``: UTF-8, or UTF-16/32 with a BOM; anything else is refused, not guessed."""
    _check_not_blank(data, path)
    encoding = _bom_encoding(data)
    try:
        if encoding is not None:
            # the BOM marks the encoding; it is not part of the text (offsets count from after it)
            text = data.decode(encoding).removeprefix("\ufeff")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        what = encoding.upper() if encoding else "UTF-8"
        bad = data[exc.start : exc.start + 1].hex()
        message = (
            f"not valid {what} (byte 0x{bad} at offset {exc.start}); "
            "save the file as UTF-8 (kg does not guess encodings)"
        )
        raise InputError(message, path=str(path), line=line) from None
    if not text or text.isspace():
        raise InputError("file holds only whitespace", path=str(path))
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes, path: Path) -> str:
    """Like :func:`_decode`, but a page that is not UTF-8 may name its encoding in ``<meta>``."""
    try:
        return _decode(data, path)
    except InputError as err:
        if not err.reason.startswith("not valid UTF-8"):
            raise
        m = _META_CHARSET.search(data[:4096])
        if not m:
            raise
        try:
            # declared, not guessed: decoding with the page's own charset is no silent mojibake
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise err from None


def _utf8_lines(f: io.BufferedReader, max_bytes: int) -> Iterator[tuple[int, str | InputError]]:
    """(number, line) of a binary file; a line that is too long or not UTF-8 comes as an error."""
    number = 0
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line without holding it
                raw = f.readline(1 << 20)
            yield number, InputError(f"line is longer than {max_bytes} bytes (max_bytes); skipped")
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, InputError(
                f"not valid UTF-8 (byte 0x{raw[exc.start:exc.start + 1].hex()} at column {exc.start + 1}); skipped"
            )


def _text_lines(f: io.TextIOWrapper, max_chars: int) -> Iterator[tuple[int, str | InputError]]:
    number = 0
    try:
        while True:
            line = f.readline(max_chars + 1)
            if not line:
                return
            number += 1
            if len(line) > max_chars and not line.endswith("\n"):
                while line and not line.endswith("\n"):
                    line = f.readline(1 << 20)
                yield number, InputError(f"line is longer than {max_chars} characters (max_bytes); skipped")
                continue
            yield number, line
    except UnicodeDecodeError as exc:
        # a stream decoder cannot resynchronise reliably, so the rest of the file is given up
        yield number + 1, InputError(f"not valid {f.encoding.upper()} ({exc.reason}); rest of the file skipped")


# -- records ----------------------------------------------------------------------------------------


class _BadRecord(ValueError):
    """A JSON record that cannot become an article; the message says why."""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _string_field(record: dict[str, object], name: str, *, numbers: bool) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            # JSON may escape a lone surrogate ("\\ud800"): no character, and no IRI or RDF writer takes it
            raise _BadRecord(
                f"field {name!r} holds a lone surrogate at character {exc.start}, not valid Unicode"
            ) from None
        return value
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # ids exported from databases are often numbers; "42" is what was meant
    raise _BadRecord(f"field {name!r} must be a string, not {_json_type(value)}")


def _record_article(value: object) -> tuple[Article, str]:
    """The article of one JSON record, and the ``published`` value if it could not be read."""
    if not isinstance(value, dict):
        raise _BadRecord(f"expected a JSON object, not {_json_type(value)}")
    if "text" not in value or value["text"] is None:
        fields = ", ".join(sorted(map(str, value))) or "none"
        raise _BadRecord(f"no 'text' field (fields: {fields})")
    text = _string_field(value, "text", numbers=False)
    if not text.strip():
        raise _BadRecord("field 'text' is empty")
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # JSON may escape a lone surrogate ("\\ud800"); it is no character and breaks every writer later
        raise _BadRecord(f"field 'text' holds a lone surrogate at character {exc.start}, not valid Unicode") from None
    ident = _string_field(value, "id", numbers=True).strip()
    title = _string_field(value, "title", numbers=True).strip()
    url = _string_field(value, "url", numbers=False).strip()
    source = _string_field(value, "source", numbers=True).strip()
    raw_date = _string_field(value, "published", numbers=False)
    published = _iso_date(raw_date)
    bad_date = raw_date.strip() if raw_date.strip() and not published else ""
    ident = ident or url or f"sha1:{hashlib.sha1(encoded).hexdigest()}"
    article = Article(id=ident, text=text, title=title, url=url, source=source, published=published)
    return article, bad_date


# -- plain text -------------------------------------------------------------------------------------

_MAX_HEADLINE = 300  # characters
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _first_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` without their line ends, without splitting the whole text."""
    lines = []
    pos = 0
    while len(lines) < n and pos < len(text):
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        lines.append(m.group().rstrip("\r\n"))
        pos = m.end()
    return lines


def _text_article(path: Path, text: str) -> Article:
    """A ``.txt`` or ``.md`` file as one article; ``text`` is kept as it is, offsets stay valid."""
    lines = _first_lines(text, 40)  # the headline and dateline are near the top; a 50 MB body is not split
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title, body = path.stem, first
    if first is not None:
        if path.suffix.lower() == ".md":
            title = _md_heading(lines[first]) or path.stem
            body = first + 1
        elif first + 1 < len(lines) and not lines[first + 1].strip() and len(lines[first]) <= _MAX_HEADLINE:
            # Wikinews headline convention: line 1 is the headline, then a blank line (a long
            # line before a blank one is a first paragraph, not a headline)
            title = lines[first].strip()
            body = first + 1
    published = ""
    if body is not None:
        dateline = next((line for line in lines[body:] if line.strip()), "")
        published = _dateline(dateline)
    return Article.from_text(text, title=title, published=published)


def _md_heading(line: str) -> str:
    """``# Title #`` → ``Title``.

    >>> _md_heading("## NATO meets ##"), _md_heading("Plain line")
    ('NATO meets', 'Plain line')
    """
    line = line.strip()
    if line.startswith("#"):
        line = re.sub(r"\s+#+$", "", line.lstrip("#")).strip()
    return line


# -- dates ------------------------------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
# "Friday, August 21, 2015" (Wikinews), "August 21, 2015", "21 August 2015"
_WORDY_DATES = (
    re.compile(_WEEKDAY + r"?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(_WEEKDAY + r"?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)
# A dateline opens the body with a weekday; a body opening with a bare date is usually a sentence.
_DATELINE = re.compile(
    r"\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    + _MONTH
    + r"\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\b"
)


def _wordy(m: re.Match[str]) -> str:
    month = _MONTHS.get(m.group("month").lower())
    if month is None:
        return ""
    try:
        return dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
    except ValueError:
        return ""  # 31 February and the like


def _dateline(line: str) -> str:
    """The ISO date of a Wikinews dateline opening ``line``, else "".

    >>> _dateline("Thursday, May 7, 2015 On Tuesday, the government said"), _dateline("May 7, 2015 was hot")
    ('2015-05-07', '')
    """
    m = _DATELINE.match(line)
    return _wordy(m) if m else ""


def _iso_date(value: str) -> str:
    """``value`` as an ISO 8601 date or date-time; "" when empty or not a date kg can read.

    >>> _iso_date("2015-08-21"), _iso_date("2015-08-21T10:00:00Z")
    ('2015-08-21', '2015-08-21T10:00:00+00:00')
    >>> _iso_date("Fri, 21 Aug 2015 10:00:00 +0200"), _iso_date("Friday, August 21, 2015")
    ('2015-08-21T10:00:00+02:00', '2015-08-21')
    >>> _iso_date("21 August 2015"), _iso_date("soon")
    ('2015-08-21', '')
    """
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    for pattern in _WORDY_DATES:  # before RFC 2822, which would read "21 August 2015" as midnight
        m = pattern.fullmatch(value)
        if m:
            return _wordy(m)
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return ""


# -- HTML -------------------------------------------------------------------------------------------

# Text inside these is never article text: code, page furniture, controls.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside",
     "iframe", "object", "canvas", "button", "select", "textarea", "dialog"}
)  # fmt: skip
# These end a paragraph; a new one starts after them.
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
     "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tr", "figure", "figcaption",
     "hr", "address", "details", "summary", "center", "body", "html", "form", "fieldset", "caption"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_SPACE = re.compile(r"\s+")


def _clean_space(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


class _HTMLText(HTMLParser):
    """Collects the paragraphs and the metadata of a page in one pass of :mod:`html.parser`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, int]] = []  # (text, 2 inside <article>, 1 inside <main>, else 0)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.title = ""
        self._buf: list[str] = []
        self._skip: list[str] = []  # open elements whose text is left out (and same-named ones inside)
        self._article = 0
        self._main = 0
        self._pre = 0
        self._in_title = False
        self._in_json_ld = False

    # paragraphs

    def _flush(self) -> None:
        raw = "".join(self._buf)
        self._buf = []
        # outside <pre> white space was already made single spaces, so "\n" here comes from <br>
        lines = [line.rstrip() if self._pre else _clean_space(line) for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():
            self.paragraphs.append((text, 2 if self._article else 1 if self._main else 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag in self._skip and tag not in _VOID:
                self._skip.append(tag)  # a <div> inside a hidden <div>: its end must not end the skip
            return
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "").strip()
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
        elif tag == "title" and not self.title:
            self._in_title = True
        if tag in _VOID:
            if tag == "br":
                self._buf.append("\n")
            elif tag == "hr":
                self._flush()
            return
        if tag in _SKIP or "hidden" in a or a.get("aria-hidden", "").lower() == "true":
            self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "article":
            self._article += 1
        elif tag == "main":
            self._main += 1
        elif tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <svg/>, <div/>: nothing opens, so nothing is skipped or counted
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        elif tag in _BLOCK and not self._skip:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_json_ld = False
        if self._skip:
            if tag in self._skip:
                # close the innermost open skipped element of that name, and any unclosed inside it
                while self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "article" and self._article:
            self._article -= 1
        elif tag == "main" and self._main:
            self._main -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)
        elif self._in_title:
            self.title += data
        elif not self._skip:
            self._buf.append(data if self._pre else _SPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._flush()

    def text(self) -> str:
        """The main text: paragraphs of <article> if any, else of <main>, else of the whole page."""
        best = max((where for _, where in self.paragraphs), default=0)
        return "\n\n".join(text for text, where in self.paragraphs if where == best)


def _html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines.

    >>> _html_to_text("<p>NATO <b>met</b>.</p><script>x()</script><p>Then&nbsp;left.<br>Late.</p>")
    'NATO met.\\n\\nThen left.\\nLate.'
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return parser.text()


def _json_ld_date(chunks: list[str]) -> str:
    """The first ``datePublished`` in JSON-LD blocks (nested in ``@graph`` or lists too)."""
    queue: deque[object] = deque()
    for chunk in chunks:
        try:
            queue.append(json.loads(chunk))
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common on the web and not the article's fault
    while queue:
        node = queue.popleft()
        if isinstance(node, list):
            queue.extendleft(reversed(node))
        elif isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str) and _iso_date(value):
                return _iso_date(value)
            queue.extend(v for v in node.values() if isinstance(v, (list, dict)))
    return ""


def _absolute(url: str) -> str:
    # a relative canonical link cannot serve as an id: two sites' "/news/1" would collide
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else ""


def _html_article(path: Path, html: str) -> Article:
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser on hostile input is a bad file, not a bug
        raise InputError(f"cannot parse HTML ({type(exc).__name__}: {exc})", path=str(path)) from None
    text = parser.text()
    if not text.strip():
        raise InputError("no text found in the HTML page", path=str(path))
    meta = parser.meta
    title = _clean_space(meta.get("og:title", "") or parser.title) or path.stem
    url = _absolute(parser.canonical) or _absolute(meta.get("og:url", ""))
    candidates = [meta.get("article:published_time", ""), meta.get("datepublished", "")]
    published = next((d for d in map(_iso_date, candidates) if d), "") or _json_ld_date(parser.json_ld)
    published = published or next((d for d in map(_iso_date, parser.times) if d), "")
    source = _clean_space(meta.get("og:site_name", ""))
    return Article.from_text(text, title=title, url=url, source=source, published=published)


# -- feeds ------------------------------------------------------------------------------------------


def _entry_article(entry: Mapping[str, Any], source: str) -> Article | None:
    """One feed entry as an article, or None when it has no text."""
    parts = list(entry.get("content") or []) or ([entry["summary_detail"]] if entry.get("summary_detail") else [])
    text = ""
    for part in parts:
        value = part.get("value", "")
        kind = part.get("type", "text/html")
        text = _html_to_text(value) if "html" in kind else value.strip()
        if text.strip():
            break
    if not text.strip():
        return None
    url = entry.get("link", "").strip()
    ident = url or entry.get("id", "").strip()
    published = ""
    for key in ("published", "updated", "created"):
        published = _iso_date(entry.get(key, ""))
        if published:
            break
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            # feedparser's parse of a date it knows but Python's ISO/RFC readers do not; it is UTC
            published = dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc).isoformat()
            break
    title = _clean_space(entry.get("title", ""))
    return Article.from_text(text, id=ident, title=title, url=url, source=source, published=published)
