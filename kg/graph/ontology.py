"""The kg ontology (``kg/ontology.ttl``): predicates, labels, Wikidata mappings.

The shipped file uses the default base IRI; :func:`ontology_turtle` rewrites it for another
``Settings.base_iri`` so a store never mixes two vocabularies.

Examples
--------
>>> "heads" in fact_predicates() and "said" in fact_predicates()
True
>>> "sentence" in fact_predicates()
False
>>> wikidata_property("heads")
'P488'
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from kg.config import DEFAULT_BASE_IRI, Settings

__all__ = ["ontology_turtle", "fact_predicates", "event_predicates", "wikidata_property", "ONTOLOGY_GRAPH"]

ONTOLOGY_GRAPH = "ontology"  # local name under the base IRI of the graph holding the ontology


@functools.lru_cache(maxsize=1)
def _shipped() -> str:
    return resources.files("kg").joinpath("ontology.ttl").read_text(encoding="utf-8")


def ontology_turtle(settings: Settings | None = None) -> str:
    """The ontology as Turtle, in the namespace of ``settings.base_iri``."""
    text = _shipped()
    base = (settings or Settings()).base_iri
    return text if base == DEFAULT_BASE_IRI else text.replace(DEFAULT_BASE_IRI, base)


@functools.lru_cache(maxsize=1)
def _predicates() -> dict[str, dict[str, str]]:
    """Local name → {"super": …, "wikidata": …, "label": …} for every kg property with a domain."""
    out: dict[str, dict[str, str]] = {}
    for block in _shipped().split("\n\n"):
        m = re.match(r"kg:(\w+) a owl:(Object|Datatype)Property", block.strip())
        if not m:
            continue
        info = {"kind": m.group(2)}
        if sup := re.search(r"rdfs:subPropertyOf kg:(\w+)", block):
            info["super"] = sup.group(1)
        if wd := re.search(r"owl:equivalentProperty wdt:(P\d+)", block):
            info["wikidata"] = wd.group(1)
        if label := re.search(r'rdfs:label "([^"]+)"', block):
            info["label"] = label.group(1)
        out[m.group(1)] = info
    return out


@functools.lru_cache(maxsize=1)
def fact_predicates() -> frozenset[str]:
    """Predicates whose triples are facts: every sub-property of kg:relation, and ``said``."""
    preds = _predicates()

    def is_relation(name: str, seen: tuple[str, ...] = ()) -> bool:
        sup = preds.get(name, {}).get("super")
        return sup in ("relation", "event") or (sup is not None and sup not in seen and is_relation(sup, (*seen, name)))

    return frozenset({n for n in preds if n not in ("relation", "event") and is_relation(n)} | {"said"})


@functools.lru_cache(maxsize=1)
def event_predicates() -> frozenset[str]:
    """Predicates of PLOVER-family events (sub-properties of kg:event)."""
    preds = _predicates()
    return frozenset(n for n in fact_predicates() if preds[n].get("super") in ("event", "criticizes", "assaults"))


def wikidata_property(predicate: str) -> str:
    """The Wikidata property a kg predicate is equivalent to, or ""."""
    return _predicates().get(predicate, {}).get("wikidata", "")
