"""An article's text with its entity mentions highlighted by spaCy's displaCy, from stored offsets.

No model runs: :func:`highlight_html` hands displaCy the text and the mention spans
(``manual=True``). displaCy escapes ``&``, ``<``, ``>`` and ``"`` in the text and in each
entity's text, but puts the span label, ``kb_id``, ``kb_url`` and any ``params`` into its
template as they are; labels come from the store, so they are escaped here, and the link to the
entity page is a template parameter escaped here too (its value is a relative page path kg
made, never data from the article). Spans that overlap an earlier one, or fall outside the text,
are left out: displaCy expects sorted, disjoint spans and would repeat text otherwise.

Examples
--------
>>> html = highlight_html('<b>"NATO"</b> met.', [(4, 8, "ORG", "entity/nato.html", "NATO")])
>>> "&lt;b&gt;&quot;" in html and 'href="entity/nato.html"' in html and "<b>" not in html
True
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import escape
from spacy import displacy

__all__ = ["highlight_html", "disjoint_spans"]

# displaCy's TPL_ENT with the entity text as a link to its page and classes instead of most of
# the inline styles (the colour stays inline: displaCy's per-label palette).
_TEMPLATE = (
    '<mark class="entity kg-mention" style="background: {bg}" data-label="{label}">'
    '<a class="kg-mention-link" href="{href}" title="{title}">{text}</a>'
    '<span class="kg-mention-label">{label}</span></mark>'
)


def disjoint_spans(spans: Iterable[tuple[int, int, str, str | None, str]], length: int) -> list[tuple]:
    """Spans sorted by start (longest first), inside ``[0, length]``, none overlapping an earlier one.

    Examples
    --------
    >>> disjoint_spans([(0, 4, "A", None, ""), (2, 6, "B", None, ""), (5, 9, "C", None, ""),
    ...                 (8, 99, "D", None, "")], 10)
    [(0, 4, 'A', None, ''), (5, 9, 'C', None, '')]
    """
    out: list[tuple] = []
    offset = 0
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = span[0], span[1]
        if start < offset or not 0 <= start < end <= length:
            continue
        out.append(span)
        offset = end
    return out


def highlight_html(text: str, spans: Iterable[tuple[int, int, str, str | None, str]]) -> str:
    """``text`` as HTML with each span marked by displaCy's entity style.

    Parameters
    ----------
    text : str
        The article text (untrusted).
    spans : iterable of (start, end, label, href, title)
        Character offsets (end exclusive), the NER label shown beside the mention, the page the
        mention links to (``None``: no link) and the link's tooltip (the entity's name).

    Returns
    -------
    str
        A ``<div class="entities">`` of escaped text and ``<mark>`` elements; newlines become
        ``<br>``.
    """
    ents = []
    for start, end, label, href, title in disjoint_spans(spans, len(text)):
        safe_label = str(escape(label or "ENT"))
        # An empty href is removed below: a mention of an entity without a page is not a link.
        params = {"label": safe_label, "title": str(escape(title)), "href": str(escape(href or ""))}
        ents.append({
            "start": start, "end": end,
            # displaCy looks the colour up by label; the escaped form of a real NER label is itself.
            "label": safe_label,
            "params": params,
        })
    html = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"template": _TEMPLATE},
    )
    # The text is escaped, so this exact markup can only be the template's.
    return html.replace('<a class="kg-mention-link" href="" ', '<a class="kg-mention-link" ')
