"""What every HTML page kg writes shares: templates, assets, the Content-Security-Policy, escaping.

A page either carries its assets inline (one self-contained file: ``kg render``, the notebook) or
links them from a local ``assets/`` folder (the static site and ``kg serve``, where thousands of
entity pages would otherwise each repeat 700 kB of vis-network). Nothing is ever loaded from
another host: the policy is ``default-src 'none'``, scripts run only with the page's nonce, and
linked stylesheets come from the page's own origin (``'self'``, which Chromium also matches for
``file://`` pages).

Strings from articles reach a page only through Jinja's autoescaping (HTML) or
:func:`script_json` (the one JSON block a page's script reads).

Examples
--------
>>> counts = {"entities": 0, "facts": 0, "articles": 0, "overview": 0}
>>> html = render_page("index.html.j2", Assets.linked("../assets/"), page_title="<b>",
...                    heading="x", nav=[], entities=[], articles=[], counts=counts,
...                    overview_href="overview.html")
>>> "<title>&lt;b&gt;</title>" in html and 'src="../assets/index.js"' in html
True
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.errors import KGError

__all__ = [
    "Assets",
    "ASSET_NAMES",
    "asset_text",
    "asset_media_type",
    "write_assets",
    "render_page",
    "content_security_policy",
    "environment",
    "script_json",
    "write_atomic",
]

_HERE = Path(__file__).parent
_TEMPLATES = _HERE / "templates"
_OWN_ASSETS = _HERE / "assets"

ASSET_NAMES = ("vis-network.min.js", "vis-network.css", "kg.css", "network.js", "index.js")
"""Files of the ``assets/`` folder: vis-network (from the pyvis package) and kg's own."""

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

# Characters that could end a <script> element, open an HTML comment, or (U+2028/2029) end a JS
# string in engines before ES2019, replaced after json.dumps by their JSON escapes.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> Markup:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` accepts.

    Returns
    -------
    markupsafe.Markup
        JSON text with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` escapes,
        which JSON and JavaScript read back as the same characters.

    Examples
    --------
    >>> str(script_json({"a": "</script><b>&"}))
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json(["\\u2028"])) == ["\\u2028"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return Markup(_JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text))


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder.

    A reader, such as a browser reloading the page or a web server, sees the old file or the new
    one, never half of one; the folder is created when missing.

    Examples
    --------
    >>> p = write_atomic(Path(tempfile.mkdtemp()) / "a" / "x.html", "<p>hi</p>")
    >>> p.read_text()
    '<p>hi</p>'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); a page is meant to be read by whoever serves it.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


@functools.lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """The text of asset ``name`` (one of :data:`ASSET_NAMES`), ready to inline or to serve.

    Examples
    --------
    >>> "vis" in asset_text("vis-network.min.js")
    True
    >>> asset_text("../secret")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: no asset named '../secret'
    """
    if name not in ASSET_NAMES:
        raise KGError(f"no asset named {name!r}")
    if name.startswith("vis-network"):
        import pyvis

        text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
        # The source-map comment would make a browser with DevTools open fetch a missing file.
        text = re.sub(r"//# sourceMappingURL=\S*", "", text)
    else:
        text = (_OWN_ASSETS / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise KGError(f"asset {name} cannot be inlined: it contains a closing tag")
    return text


def asset_media_type(name: str) -> str:
    """The ``Content-Type`` of asset ``name``.

    >>> asset_media_type("kg.css")
    'text/css; charset=utf-8'
    """
    return _MEDIA_TYPES[Path(name).suffix]


def write_assets(folder: str | os.PathLike[str]) -> list[Path]:
    """Write every asset into ``folder`` (atomically, file by file); returns the paths."""
    return [write_atomic(Path(folder) / name, asset_text(name)) for name in ASSET_NAMES]


@dataclass(frozen=True)
class Assets:
    """How a page gets its scripts and styles: inline, or linked from ``prefix`` (a relative URL).

    Examples
    --------
    >>> Assets.inline().linked_prefix, Assets.linked("assets/").linked_prefix
    (None, 'assets/')
    """

    linked_prefix: str | None = None

    @classmethod
    def inline(cls) -> Assets:
        return cls(None)

    @classmethod
    def linked(cls, prefix: str) -> Assets:
        return cls(prefix)

    def style(self, name: str, nonce: str) -> Markup:
        if self.linked_prefix is None:
            return Markup("<style>{}</style>").format(Markup(asset_text(name)))
        return Markup('<link rel="stylesheet" href="{}">').format(self.linked_prefix + name)

    def script(self, name: str, nonce: str) -> Markup:
        if self.linked_prefix is None:
            return Markup('<script nonce="{}">{}</script>').format(nonce, Markup(asset_text(name)))
        return Markup('<script nonce="{}" src="{}"></script>').format(nonce, self.linked_prefix + name)


def content_security_policy(nonce: str, assets: Assets) -> str:
    """The page's policy: nothing from anywhere, except its own nonce-bearing scripts and styles.

    ``style-src 'unsafe-inline'`` stays because displaCy writes its colours as ``style``
    attributes; injected markup cannot get that far (all data is escaped), so this is the
    second wall, and the first one that matters (scripts) admits nothing without the nonce.

    Examples
    --------
    >>> content_security_policy("n0", Assets.inline()).split("; ")[:2]
    ["default-src 'none'", "script-src 'nonce-n0'"]
    """
    style = "'self' 'unsafe-inline'" if assets.linked_prefix is not None else "'unsafe-inline'"
    return "; ".join([
        "default-src 'none'",
        f"script-src 'nonce-{nonce}'",
        f"style-src {style}",
        "img-src data: blob:",
        "font-src data:",
        "connect-src 'none'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment of kg's templates: autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    return env


def render_page(template: str, assets: Assets, *, nonce: str | None = None, **context: Any) -> str:
    """Render ``template`` with ``context``, the asset tags and a Content-Security-Policy.

    Parameters
    ----------
    template : str
        A template name in ``kg/render/templates``.
    assets : Assets
        Inline, or linked from a relative folder.
    nonce : str, optional
        The script nonce; a fresh random one by default.
    **context
        Template variables; every template needs ``page_title``.
    """
    nonce = nonce or secrets.token_urlsafe(18)
    return environment().get_template(template).render(
        # Our own text (the nonce is URL-safe base64), inside a double-quoted attribute: its
        # single quotes need no escaping, and read better unescaped.
        csp=Markup(content_security_policy(nonce, assets)),
        nonce=nonce,
        style=lambda name: assets.style(name, nonce),
        script=lambda name: assets.script(name, nonce),
        **context,
    )

