"""Tests of kg.corpus with real files written to a temporary folder; no mocks."""

from __future__ import annotations

import codecs
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import DEFAULT_MAX_BYTES, CorpusReport, iter_articles, read_all
from kg.errors import InputError
from kg.model import content_hash

ROOT = Path(__file__).parents[1]
SEED = ROOT / "seeds" / "nato-dragone-ukraine-security-guarantees.txt"
NEWS_SAMPLE = ROOT.parent / "shared" / "data" / "news_sample"

KOREA = (
    "North Korea puts military in 'quasi-state of war'\n"
    "\n"
    "Friday, August 21, 2015\n"
    "\n"
    "According to Yonhap news agency, the military has been placed on high alert.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))  # write_text would turn "\n" into os.linesep on Windows
    return path


def only_problem(report: CorpusReport) -> InputError:
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    return report.problems[0]


# -- plain text and Markdown ------------------------------------------------------------------------


def test_txt_headline_dateline_and_text_unchanged(tmp_path):
    path = write(tmp_path / "korea.txt", KOREA)
    [a], report = read_all([path])
    assert report.ok and report.read == 1
    assert a.text == KOREA
    assert a.title == "North Korea puts military in 'quasi-state of war'"
    assert a.published == "2015-08-21"
    assert a.id == f"sha1:{content_hash(KOREA)}"
    assert a.source == "" and a.url == ""


def test_txt_without_blank_second_line_takes_the_file_stem(tmp_path):
    path = write(tmp_path / "no-headline.txt", "First sentence.\nSecond sentence.\n")
    [a], _ = read_all([path])
    assert a.title == "no-headline"
    assert a.published == ""


def test_txt_long_first_paragraph_is_not_a_headline(tmp_path):
    path = write(tmp_path / "paragraphs.txt", "NATO ministers met. " * 30 + "\n\nSecond paragraph.\n")
    [a], _ = read_all([path])
    assert a.title == "paragraphs"


def test_txt_dateline_needs_a_weekday(tmp_path):
    path = write(tmp_path / "a.txt", "Headline\n\nMay 7, 2015 was a warm day.\n")
    [a], _ = read_all([path])
    assert a.published == ""


def test_txt_crlf_and_surrounding_space_kept(tmp_path):
    text = "  Headline\r\n\r\nMonday, May 18, 2015\r\n\r\nBody.  \r\n\r\n"
    path = write(tmp_path / "crlf.txt", text)
    [a], _ = read_all([path])
    assert a.text == text  # offsets into the text must stay valid: nothing stripped or normalised
    assert a.title == "Headline"
    assert a.published == "2015-05-18"


def test_md_title_from_first_heading(tmp_path):
    text = "\n# NATO meets in Brussels #\n\nMinisters met on Tuesday.\n"
    path = write(tmp_path / "note.md", text)
    [a], _ = read_all([path])
    assert a.title == "NATO meets in Brussels"
    assert a.text == text


def test_seed_article_read_byte_for_byte():
    if not SEED.exists():
        pytest.skip("seed article not present")
    [a], report = read_all([SEED])
    assert report.ok
    assert a.text.encode("utf-8") == SEED.read_bytes()
    assert a.title == SEED.stem  # its line 2 is body text, not a blank line after a headline


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path / "u16.txt", codecs.BOM_UTF16_LE + KOREA.encode("utf-16-le"))
    [a], report = read_all([path])
    assert report.ok
    assert a.text == KOREA  # the BOM marks the encoding and is not text
    assert a.published == "2015-08-21"


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + KOREA.encode("utf-8"))
    [a], _ = read_all([path])
    assert a.text == KOREA


def test_50_mb_article_is_read(tmp_path):
    paragraph = ("NATO ministers met in Brussels on Tuesday to discuss security guarantees. " * 20 + "\n\n").encode()
    body = paragraph * (50 * 1024 * 1024 // len(paragraph) + 1)
    data = b"A very long article\n\n" + body
    assert len(data) > 50 * 1024 * 1024
    path = write(tmp_path / "long.txt", data)
    [a], report = read_all([path])
    assert report.ok
    assert a.title == "A very long article"
    assert len(a.text) == len(data)
    del a, data, body


# -- JSONL and JSON ---------------------------------------------------------------------------------


def test_jsonl_fields_and_id_fallbacks(tmp_path):
    records = [
        {"id": "a1", "title": "T1", "text": "One.", "url": "https://n.example/1", "source": "Wire",
         "published": "2015-08-21T10:00:00Z"},
        {"text": "Two.", "url": "https://n.example/2", "published": "Fri, 21 Aug 2015 10:00:00 +0200"},
        {"text": "Three.", "extra": [1, 2]},
        {"id": 42, "text": "Four.", "published": "August 21, 2015"},
    ]  # fmt: skip
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in records) + "\n\n")
    articles, report = read_all([path])
    assert report.ok, report.problems
    assert [a.id for a in articles] == ["a1", "https://n.example/2", f"sha1:{content_hash('Three.')}", "42"]
    assert articles[0].title == "T1" and articles[0].source == "Wire" and articles[0].url == "https://n.example/1"
    assert [a.published for a in articles] == [
        "2015-08-21T10:00:00+00:00", "2015-08-21T10:00:00+02:00", "", "2015-08-21"]  # fmt: skip


def test_ndjson_extension(tmp_path):
    path = write(tmp_path / "a.ndjson", '{"text": "NATO met."}\n')
    [a], _ = read_all([path])
    assert a.text == "NATO met."


def test_jsonl_100k_lines_with_malformed_lines_is_fast(tmp_path):
    bad = {10, 5_000, 99_999}
    lines = []
    for i in range(1, 100_001):
        if i in bad:
            lines.append('{"text": "broken' if i != 5_000 else "not json at all")
        else:
            lines.append(json.dumps({"id": f"n{i}", "title": f"Title {i}", "text": f"Article {i} about NATO.",
                                     "source": "Wire", "published": "2015-08-21"}))  # fmt: skip
    path = write(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    start = time.perf_counter()
    stream = iter_articles([path])
    count = sum(1 for _ in stream)
    elapsed = time.perf_counter() - start
    report = stream.report()
    assert count == 100_000 - len(bad) == report.read
    assert sorted(p.line for p in report.problems) == sorted(bad)
    assert all(p.path == str(path) and "not valid JSON" in p.reason for p in report.problems)
    assert f"{path}:5000: not valid JSON" in str(next(p for p in report.problems if p.line == 5000))
    assert report.skipped == len(bad)
    assert elapsed < 5, f"100,000 JSONL lines took {elapsed:.1f}s"


def test_jsonl_utf16_with_bom(tmp_path):
    text = '{"text": "Kyiv é"}\n{"text": "Two"}\n'
    path = write(tmp_path / "u16.jsonl", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    articles, report = read_all([path])
    assert report.ok
    assert [a.text for a in articles] == ["Kyiv é", "Two"]


def test_jsonl_invalid_utf8_line_is_reported_and_the_rest_read(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"text": "one"}\n{"text": "caf\xe9"}\n{"text": "three"}\n')
    articles, report = read_all([path])
    assert [a.text for a in articles] == ["one", "three"]
    err = only_problem(report)
    assert err.line == 2 and "not valid UTF-8" in err.reason


def test_jsonl_of_only_undecodable_lines_is_not_called_blank(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"text": "caf\xe9"}\n')
    _, report = read_all([path])
    assert "not valid UTF-8" in only_problem(report).reason


def test_jsonl_missing_text(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"title": "No body", "body": "x"}\n')
    articles, report = read_all([path])
    assert articles == []
    err = only_problem(report)
    assert err.line == 1 and "no 'text' field" in err.reason and "body" in err.reason


def test_jsonl_empty_text(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"text": "   "}\n')
    _, report = read_all([path])
    assert "'text' is empty" in only_problem(report).reason


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"text": 42}, "text"),
        ({"text": ["a"]}, "text"),
        ({"text": "ok", "published": 20150821}, "published"),
        ({"text": "ok", "id": {"x": 1}}, "id"),
        ({"text": "ok", "title": ["a", "b"]}, "title"),
        ({"text": "ok", "id": True}, "id"),
    ],
)
def test_jsonl_wrong_types_are_rejected(tmp_path, record, field):
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    articles, report = read_all([path])
    assert articles == []
    err = only_problem(report)
    assert err.line == 1 and f"field {field!r} must be a string" in err.reason


def test_jsonl_numbers_coerced_to_strings(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": 7, "title": 2024, "text": "ok"}\n')
    [a], report = read_all([path])
    assert report.ok
    assert (a.id, a.title) == ("7", "2024")


def test_jsonl_lone_surrogate_in_text(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"text": "bad \\ud800 text"}\n')
    articles, report = read_all([path])
    assert articles == []
    assert "lone surrogate" in only_problem(report).reason


def test_jsonl_line_not_an_object(tmp_path):
    path = write(tmp_path / "a.jsonl", '["text", "a list"]\n"a string"\n')
    _, report = read_all([path])
    assert [(p.line, "expected a JSON object" in p.reason) for p in report.problems] == [(1, True), (2, True)]


def test_jsonl_unreadable_date_kept_article_reported(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"text": "ok", "published": "next week"}\n')
    [a], report = read_all([path])
    assert a.published == ""
    assert "not a date" in only_problem(report).reason
    assert report.skipped == 0


def test_jsonl_line_above_the_limit(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"text": "short"}\n{"text": "' + "x" * 500 + '"}\n{"text": "end"}\n')
    articles, report = read_all([path], max_bytes=100)
    assert [a.text for a in articles] == ["short", "end"]
    err = only_problem(report)
    assert err.line == 2 and "longer than 100 bytes" in err.reason


def test_json_list_and_single_object(tmp_path):
    many = write(tmp_path / "many.json", json.dumps([{"text": "One."}, {"text": "Two.", "id": "b"}, 5]))
    one = write(tmp_path / "one.json", json.dumps({"text": "Three.", "title": "T"}))
    articles, report = read_all([many, one])
    assert [a.text for a in articles] == ["One.", "Two.", "Three."]
    err = only_problem(report)
    assert err.path == str(many) and err.reason.startswith("item 3: expected a JSON object")


def test_json_malformed_names_the_line(tmp_path):
    path = write(tmp_path / "bad.json", '[\n {"text": "a"},\n {"text": }\n]')
    _, report = read_all([path])
    err = only_problem(report)
    assert err.line == 3 and "not valid JSON" in err.reason


def test_json_nested_too_deeply(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    one = write(tmp_path / "deep.json", deep)
    many = write(tmp_path / "deep.jsonl", '{"text": "ok"}\n{"text": ' + deep + "}\n")
    articles, report = read_all([one, many])
    assert [a.text for a in articles] == ["ok"]
    too_deep = "JSON nested too deeply to read"
    assert [(p.path, p.line, p.reason) for p in report.problems] == [(str(one), None, too_deep), (str(many), 2, too_deep)]


def test_json_wrong_top_level_value(tmp_path):
    path = write(tmp_path / "bad.json", '"just a string"')
    _, report = read_all([path])
    assert "expected a JSON object or a list" in only_problem(report).reason


# -- HTML -------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>NATO weighs troops | Example News</title>
<meta property="og:title" content="NATO weighs troops for Ukraine">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-08-30T08:15:00+02:00">
<link rel="canonical" href="https://news.example/nato-troops">
<style>body { color: red; } .secret-style {}</style>
<script>var trackingSecret = "do not read";</script>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-08-29"}</script>
</head>
<body>
<header><h1>Example News</h1><p>Site banner</p></header>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main>
<article>
<p>NATO is weighing
   whether to send troops.</p>
<p>Dragone said it was a <b>political</b> issue.<br>Talks go on.</p>
<script>document.write("injected")</script>
<div hidden><p>Hidden teaser</p><div>nested</div></div>
<p>Kyiv &amp; Moscow were told.</p>
</article>
<aside>Related stories</aside>
</main>
<footer>Copyright footer</footer>
</body></html>
"""


def test_html_main_text_title_url_date(tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    [a], report = read_all([path])
    assert report.ok
    assert a.text == (
        "NATO is weighing whether to send troops.\n\n"
        "Dragone said it was a political issue.\nTalks go on.\n\n"
        "Kyiv & Moscow were told."
    )
    for noise in ("color", "secret-style", "trackingSecret", "injected", "Site banner", "Home",
                  "Related", "Copyright", "Hidden", "nested"):  # fmt: skip
        assert noise not in a.text
    assert a.title == "NATO weighs troops for Ukraine"
    assert a.url == a.id == "https://news.example/nato-troops"
    assert a.published == "2025-08-30T08:15:00+02:00"
    assert a.source == "Example News"


def test_html_fallbacks_title_tag_og_url_json_ld_date(tmp_path):
    page = """<html><head><title> Plain  title </title>
    <meta property="og:url" content="https://news.example/2">
    <link rel="canonical" href="/relative-only">
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
      {"@type": "NewsArticle", "datePublished": "2024-03-01T12:00:00Z"}]}</script>
    </head><body><div><p>First paragraph.</p><p>Second paragraph.</p></div></body></html>"""
    path = write(tmp_path / "b.htm", page)
    [a], _ = read_all([path])
    assert a.title == "Plain title"
    assert a.url == "https://news.example/2"
    assert a.published == "2024-03-01T12:00:00+00:00"
    assert a.text == "First paragraph.\n\nSecond paragraph."


def test_html_time_element_date(tmp_path):
    page = '<html><body><article><time datetime="2023-02-23">23 Feb</time><p>Text.</p></article></body></html>'
    path = write(tmp_path / "c.html", page)
    [a], _ = read_all([path])
    assert a.published == "2023-02-23"
    assert a.title == "c"


def test_html_declared_latin1_charset(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 in Z\xfcrich.</p></body></html>'
    path = write(tmp_path / "latin.html", page.encode("latin-1"))
    [a], report = read_all([path])
    assert report.ok
    assert a.text == "Café in Zürich."


def test_html_without_text(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>")
    _, report = read_all([path])
    assert "no text found" in only_problem(report).reason


# -- feeds ------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Demo Wire</title>
  <link>https://wire.example/</link>
  <item>
    <title>NATO weighs troops</title>
    <link>https://wire.example/nato</link>
    <guid>wire-1</guid>
    <pubDate>Sat, 30 Aug 2025 08:15:00 +0200</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>NATO is weighing troops.</p><script>alert(1)</script><p>Talks go on.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second item</title>
    <guid isPermaLink="false">wire-2</guid>
    <description>&lt;p&gt;Only a &lt;b&gt;summary&lt;/b&gt;.&lt;/p&gt;</description>
  </item>
  <item>
    <title>No text</title>
    <link>https://wire.example/empty</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Desk</title>
  <id>urn:uuid:feed</id>
  <updated>2024-03-01T12:00:00Z</updated>
  <entry>
    <title>Summit ends</title>
    <link href="https://atom.example/summit"/>
    <id>urn:uuid:1</id>
    <published>2024-03-01T10:00:00Z</published>
    <updated>2024-03-01T12:00:00Z</updated>
    <content type="html">&lt;p&gt;Leaders met in Vilnius.&lt;/p&gt;&lt;p&gt;They agreed.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain text entry</title>
    <id>urn:uuid:2</id>
    <updated>2024-03-02</updated>
    <summary type="text">A plain summary.</summary>
  </entry>
</feed>
"""


def test_rss_feed(tmp_path):
    path = write(tmp_path / "wire.rss", RSS)
    articles, report = read_all([path])
    assert [a.title for a in articles] == ["NATO weighs troops", "Second item"]
    first, second = articles
    assert first.text == "NATO is weighing troops.\n\nTalks go on."
    assert first.url == first.id == "https://wire.example/nato"
    assert first.published == "2025-08-30T08:15:00+02:00"
    assert first.source == "Demo Wire"
    assert second.text == "Only a summary."
    assert second.id == "wire-2" and second.url == ""
    err = only_problem(report)
    assert "entry 3" in err.reason and "no text" in err.reason and report.skipped == 1


def test_atom_feed(tmp_path):
    path = write(tmp_path / "desk.atom", ATOM)
    articles, report = read_all([path])
    assert report.ok
    first, second = articles
    assert (first.title, first.url, first.source) == ("Summit ends", "https://atom.example/summit", "Atom Desk")
    assert first.text == "Leaders met in Vilnius.\n\nThey agreed."
    assert first.published == "2024-03-01T10:00:00+00:00"
    assert (second.text, second.id, second.published) == ("A plain summary.", "urn:uuid:2", "2024-03-02")


def test_broken_feed(tmp_path):
    path = write(tmp_path / "broken.xml", "<?xml version='1.0'?><rss><channel><title>Cut off")
    _, report = read_all([path])
    assert "not a readable RSS/Atom feed" in only_problem(report).reason


def test_feed_whose_entries_all_lack_text_is_one_problem(tmp_path):
    path = write(tmp_path / "odd.xml", "<?xml version='1.0'?><rss><channel>" + "<item><title>t</title></item>" * 50)
    _, report = read_all([path])
    assert "none of the 50 feed entries has text" in only_problem(report).reason


def test_xml_that_is_not_a_feed(tmp_path):
    path = write(tmp_path / "data.xml", "<?xml version='1.0'?><root><row>1</row></root>")
    _, report = read_all([path])
    assert "not an RSS/Atom feed" in only_problem(report).reason


# -- bad files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.jsonl", "a.json", "a.html", "a.rss"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path / name, b"")
    articles, report = read_all([path])
    assert articles == []
    err = only_problem(report)
    assert err.reason == "empty file" and err.path == str(path)


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.json", "a.xml"])
def test_whitespace_only_file(tmp_path, name):
    path = write(tmp_path / name, " \n\t\n\n")
    _, report = read_all([path])
    assert only_problem(report).reason == "file holds only whitespace"


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.html", "a.xml"])
def test_binary_file(tmp_path, name):
    path = write(tmp_path / name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _, report = read_all([path])
    assert "binary file" in only_problem(report).reason


def test_invalid_utf8_is_refused_not_guessed(tmp_path):
    path = write(tmp_path / "latin1.txt", "Headline\n\nCaf\xe9 in Z\xfcrich.\n".encode("latin-1"))
    articles, report = read_all([path])
    assert articles == []
    err = only_problem(report)
    assert "not valid UTF-8" in err.reason and "0xe9" in err.reason and err.line == 3


def test_missing_path(tmp_path):
    _, report = read_all([tmp_path / "nope.txt"])
    err = only_problem(report)
    assert err.reason == "no such file or folder" and err.path == str(tmp_path / "nope.txt")


def test_unknown_extension_named_explicitly(tmp_path):
    path = write(tmp_path / "report.docx", b"PK\x03\x04")
    _, report = read_all([path])
    assert "unsupported file type '.docx'" in only_problem(report).reason


def test_file_above_max_bytes(tmp_path):
    path = write(tmp_path / "big.txt", "x" * 2000)
    _, report = read_all([path], max_bytes=1000)
    assert "above the limit" in only_problem(report).reason
    assert DEFAULT_MAX_BYTES > 50 * 1024 * 1024


def test_duplicate_id_with_different_text_first_wins(tmp_path):
    a = write(tmp_path / "a.jsonl", '{"id": "x", "text": "First."}\n{"id": "x", "text": "First."}\n')
    b = write(tmp_path / "b.jsonl", '{"text": "Other", "url": "u"}\n{"id": "x", "text": "Second."}\n')
    articles, report = read_all([a, b])
    assert [(x.id, x.text) for x in articles] == [("x", "First."), ("u", "Other")]
    err = only_problem(report)  # the same article twice is dropped quietly; a different text is not
    assert (err.path, err.line) == (str(b), 2)
    assert "duplicate id 'x'" in err.reason and f"{a}:1" in err.reason


def test_strict_raises_the_first_problem(tmp_path):
    good = write(tmp_path / "good.txt", KOREA)
    bad = write(tmp_path / "bad.jsonl", '{"text": "ok"}\n{oops\n')
    stream = iter_articles([good, bad, tmp_path / "missing.txt"], strict=True)
    assert next(stream).title.startswith("North Korea")
    assert next(stream).text == "ok"
    with pytest.raises(InputError) as info:
        next(stream)
    assert (info.value.path, info.value.line) == (str(bad), 2)


def test_strict_raises_for_file_level_problems(tmp_path):
    with pytest.raises(InputError, match="empty file"):
        read_all([write(tmp_path / "e.txt", "")], strict=True)


def test_on_problem_callback_receives_problems(tmp_path):
    seen: list[InputError] = []
    stream = iter_articles([tmp_path / "missing.md"], on_problem=seen.append)
    assert list(stream) == []
    assert [e.reason for e in seen] == ["no such file or folder"]
    assert stream.problems == []  # handed to the callback, not collected twice


_FORMATS = ["a.txt", "a.md", "a.jsonl", "a.json", "a.html", "a.xml"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(_FORMATS), data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_give_articles_or_input_errors(tmp_path, name, data):
    path = write(tmp_path / name, data)
    articles, report = read_all([path])  # must not raise, whatever the bytes
    assert all(isinstance(p, InputError) and p.path == str(path) for p in report.problems)
    assert all(a.text.strip() for a in articles)
    if name in ("a.txt", "a.md") and articles and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        assert articles[0].text == data.decode("utf-8-sig")  # the text is the file, unchanged


# -- folders ----------------------------------------------------------------------------------------


def test_folder_recursive_sorted_hidden_skipped(tmp_path):
    write(tmp_path / "b.txt", "B\n\nbody b\n")
    write(tmp_path / "a" / "z.md", "# AZ\n\nbody az\n")
    write(tmp_path / "a" / "a.txt", "AA\n\nbody aa\n")
    write(tmp_path / "c.jsonl", '{"text": "c1"}\n{"text": "c2"}\n')
    write(tmp_path / ".hidden.txt", "H\n\nhidden\n")
    write(tmp_path / ".git" / "x.txt", "G\n\ngit\n")
    write(tmp_path / "logo.png", b"\x89PNG\x00")
    articles, report = read_all([tmp_path])
    assert [a.title or a.text for a in articles] == ["AA", "AZ", "B", "c1", "c2"]
    assert report.ok
    assert report.ignored == 1


def test_folder_reports_documents_once(tmp_path):
    write(tmp_path / "a.txt", "A\n\nbody\n")
    write(tmp_path / "memo.docx", b"PK\x03\x04")
    stream = iter_articles([tmp_path, tmp_path / "a.txt"])  # a file also inside a named folder: read once
    assert len(list(stream)) == 1
    err = only_problem(stream.report())
    assert err.path == str(tmp_path / "memo.docx") and "unsupported file type '.docx'" in err.reason


def test_folder_without_readable_files(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "logo.png", b"\x89PNG\x00")
    write(docs / "sub" / "notes.csv", "a,b\n")
    (tmp_path / "empty").mkdir()
    articles, report = read_all([docs, tmp_path / "empty"])
    assert articles == []
    # one problem per named folder, none for its subfolders or the files passed over
    assert [p.path for p in report.problems] == [str(docs), str(tmp_path / "empty")]
    assert ".csv" in report.problems[0].reason and ".png" in report.problems[0].reason
    assert "(it is empty)" in report.problems[1].reason
    assert (report.skipped, report.ignored) == (0, 2)


def test_bad_files_in_folder_do_not_stop_reading(tmp_path):
    write(tmp_path / "1.txt", "")
    write(tmp_path / "2.txt", b"caf\xe9 not utf8 \xff")
    write(tmp_path / "3.txt", KOREA)
    write(tmp_path / "4.jsonl", '{"text": 1}\n')
    articles, report = read_all([tmp_path])
    assert len(articles) == 1
    assert [Path(p.path).name for p in report.problems] == ["1.txt", "2.txt", "4.jsonl"]
    assert (report.read, report.skipped) == (1, 3)
    assert str(report) == "read 1 articles, skipped 3, 3 problems"


# -- the shared Wikinews sample ---------------------------------------------------------------------


def test_news_sample():
    if not NEWS_SAMPLE.is_dir():
        pytest.skip("../shared/data/news_sample is not present")
    files = sorted(NEWS_SAMPLE.glob("*.txt"))
    articles, report = read_all(files)
    assert report.ok, report.problems
    assert len(articles) == 11
    # read as a folder, its SOURCE.md (documentation, not an article) is left out
    assert [a.id for a in read_all([NEWS_SAMPLE])[0]] == [a.id for a in articles]
    for path, a in zip(files, articles, strict=True):
        raw = path.read_bytes()
        assert a.text.encode("utf-8") == raw
        assert a.title == raw.decode("utf-8").split("\n", 1)[0].strip()
    published = {path.stem: a.published for path, a in zip(files, articles, strict=True)}
    assert published == {
        "GUM_interview_chomsky": "2009-04-04",
        "GUM_interview_hill": "",
        "GUM_interview_libertarian": "2013-10-19",
        "GUM_interview_peres": "",
        "GUM_news_afghan": "2017-07-21",
        "GUM_news_asylum": "2015-05-18",
        "GUM_news_election": "2016-09-09",
        "GUM_news_flag": "2015-05-07",  # dateline and first sentence share line 3
        "GUM_news_korea": "2015-08-21",
        "GUM_news_questionnaire": "2023-02-23",
        "GUM_news_sensitive": "2008-08-15",
    }
