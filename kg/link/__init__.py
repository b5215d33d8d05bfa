"""Linking mentions to known entities: the gazetteer of countries, cities, regions,
organisations, news media and leaders, with Wikidata and GeoNames ids.

>>> from kg.link import Gazetteer
>>> Gazetteer.load().lookup("the U.S.").same_as
('wd:Q30', 'gn:6252001')
"""

from __future__ import annotations

from kg.link.gazetteer import (
    DEFAULT_PATH,
    ENTRY_TYPES,
    SPACY_LABEL,
    GazEntry,
    Gazetteer,
    Role,
    add_entity_ruler,
    normalize,
)

__all__ = [
    "GazEntry",
    "Role",
    "Gazetteer",
    "normalize",
    "add_entity_ruler",
    "DEFAULT_PATH",
    "ENTRY_TYPES",
    "SPACY_LABEL",
]
