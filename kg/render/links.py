"""Where each page of the site lives, and which URLs from the data may become links.

Pages are named after the local part of the IRI they show (``entity/nato.html``,
``article/6dedd1d770b034667c05.html``). A local part that is not a plain lower-case name
(capitals, which collide on case-insensitive disks; dots, slashes, ``%``, anything a file system
or a URL would read) gets a cleaned name plus ``~`` and a hash of the full IRI, so no IRI can name
a file outside its folder and two IRIs never share a page.

An article's own URL comes from the article record, which is untrusted: :func:`safe_url` lets
through only absolute ``http``/``https`` URLs, so no page ever links to ``javascript:``,
``data:`` or ``file:``.

Examples
--------
>>> page_slug("https://kg.example.org/entity/nato", "https://kg.example.org/entity/")
'nato'
>>> page_slug("https://kg.example.org/entity/../../etc/passwd", "https://kg.example.org/entity/")
'etc-passwd~167333b072'
>>> safe_url("javascript:alert(1)"), safe_url("https://example.org/a?b=1")
('', 'https://example.org/a?b=1')
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

__all__ = ["page_slug", "safe_url", "ENTITY_DIR", "ARTICLE_DIR", "ASSET_DIR"]

ENTITY_DIR = "entity"
ARTICLE_DIR = "article"
ASSET_DIR = "assets"

_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
# Characters a browser drops or rewrites while parsing a URL (C0 controls, space, tab, newline):
# "java\tscript:" is javascript: to a browser, so they must not survive into an href.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def page_slug(iri: str, namespace: str) -> str:
    """The file name (without ``.html``) of the page that shows ``iri``.

    Parameters
    ----------
    iri : str
        An entity or article IRI.
    namespace : str
        The prefix its kind of IRI shares (``Settings.entity_ns``, ``Settings.article_ns``);
        an IRI outside it is named by its whole text.

    Returns
    -------
    str
        The local part when it is a plain lower-case name of at most 100 characters
        (``[a-z0-9][a-z0-9_-]*``), else a cleaned, shortened local part, ``~`` and ten hex digits
        of the SHA-1 of ``iri``. ``~`` never occurs in a plain name, so the two kinds cannot meet.

    Examples
    --------
    >>> page_slug("https://kg.example.org/entity/Donald_Trump", "https://kg.example.org/entity/")
    'donald_trump~fe34754641'
    >>> page_slug("urn:x", "https://kg.example.org/entity/")
    'urn-x~3b1fd55f19'
    """
    local = iri[len(namespace):] if iri.startswith(namespace) else iri
    if _PLAIN.fullmatch(local):
        return local
    cleaned = _UNSAFE.sub("-", local.lower()).strip("-_")[:60] or "x"
    digest = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:10]
    return f"{cleaned}~{digest}"


def safe_url(url: str) -> str:
    """``url`` if it is an absolute ``http``/``https`` URL with a host, else ``""``.

    Examples
    --------
    >>> safe_url(" https://example.org/x "), safe_url("java\\tscript:alert(1)"), safe_url("//evil")
    ('https://example.org/x', '', '')
    >>> safe_url("https://example.org/a b")
    ''
    """
    url = url.strip()
    if _CONTROL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url
