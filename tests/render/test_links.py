"""kg.render.links: page file names from IRIs, and which URLs may become links."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kg.render.links import page_slug, safe_url

NS = "https://kg.example.org/entity/"
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}|[a-z0-9_-]{1,60}~[0-9a-f]{10}|x~[0-9a-f]{10}")


def test_plain_local_names_are_kept():
    assert page_slug(NS + "donald-trump", NS) == "donald-trump"
    assert page_slug("https://kg.example.org/article/6dedd1d770b034667c05",
                     "https://kg.example.org/article/") == "6dedd1d770b034667c05"


def test_other_names_get_a_hash_and_stay_in_their_folder():
    for local in ("../../etc/passwd", "NATO", "a b", "a.html", "", "~", "x" * 101, "%2e%2e%2f", "日本"):
        slug = page_slug(NS + local, NS)
        assert "~" in slug and "/" not in slug and ".." not in slug, (local, slug)
    # Case-insensitive disks: NATO and nato must not share a file.
    assert page_slug(NS + "NATO", NS) != page_slug(NS + "nato", NS)


@given(st.text(max_size=120))
def test_every_slug_is_a_safe_file_name(local):
    assert SLUG.fullmatch(page_slug(NS + local, NS))


@given(st.text(max_size=30), st.text(max_size=30))
def test_different_iris_never_share_a_page(a, b):
    if a != b:
        assert page_slug(NS + a, NS) != page_slug(NS + b, NS)


def test_safe_url_keeps_only_http_and_https():
    assert safe_url("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    assert safe_url("HTTP://EXAMPLE.ORG/") == "HTTP://EXAMPLE.ORG/"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:x",
                "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/x",
                "/relative", "vbscript:x", "https://", "https://exa mple.org", "http://[::1", ""):
        assert safe_url(bad) == "", bad


@given(st.text(max_size=80))
def test_safe_url_never_returns_another_scheme(url):
    out = safe_url(url)
    assert out == "" or re.match(r"(?i)https?://[^\s/]", out)
