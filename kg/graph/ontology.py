"""The kg ontology (``kg/ontology.ttl``): classes, predicates, labels, Wikidata mappings.

The shipped file uses the default base IRI; :func:`ontology_turtle` rewrites it for another
``Settings.base_iri`` so a store never mixes two vocabularies. The file is read with a Turtle
parser (pyoxigraph), so any valid Turtle layout works.

Examples
--------
>>> "heads" in fact_predicates() and "said" in fact_predicates()
True
>>> "sentence" in fact_predicates()
False
>>> "criticizes" in event_predicates() and "accuses" in event_predicates()
True
>>> wikidata_property("memberOf"), wikidata_mapping("memberOf")
('P463', ('equivalent', 'P463'))
>>> wikidata_mapping("headOfStateOf"), wikidata_mapping("heads")
(('inverse', 'P35'), ('close', 'P488'))
>>> predicate_info("heads").label, predicate_info("heads").domain
('heads', 'http://schema.org/Person')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from kg.config import DEFAULT_BASE_IRI, Settings

__all__ = [
    "ontology_turtle", "ontology_quads", "fact_predicates", "event_predicates", "predicate_info",
    "wikidata_property", "wikidata_mapping", "PredicateInfo", "ONTOLOGY_GRAPH",
]

ONTOLOGY_GRAPH = "ontology"  # local name under the base IRI of the graph holding the ontology

_KG = DEFAULT_BASE_IRI + "ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_WDT = "http://www.wikidata.org/prop/direct/"


@dataclass(frozen=True)
class PredicateInfo:
    """What the ontology says of one kg predicate (IRIs in full, ``""`` when not stated).

    Parameters
    ----------
    name : str
        Local name (``heads``).
    kind : str
        ``"Object"`` or ``"Datatype"`` (the OWL property kind).
    label, comment, domain, range, super : str
        ``rdfs:label``, ``rdfs:comment``, ``rdfs:domain``, ``rdfs:range``, ``rdfs:subPropertyOf``.
    equivalent, inverse, close : str
        Wikidata property ids (``P463``) of ``owl:equivalentProperty``, ``owl:inverseOf`` and
        ``skos:closeMatch``.
    symmetric : bool
        Declared ``owl:SymmetricProperty`` (kg writes each pair once, in IRI order).
    """

    name: str
    kind: str
    label: str = ""
    comment: str = ""
    domain: str = ""
    range: str = ""
    super: str = ""
    equivalent: str = ""
    inverse: str = ""
    close: str = ""
    symmetric: bool = False


@functools.lru_cache(maxsize=1)
def _shipped() -> str:
    return resources.files("kg").joinpath("ontology.ttl").read_text(encoding="utf-8")


def ontology_turtle(settings: Settings | None = None) -> str:
    """The ontology as Turtle, in the namespace of ``settings.base_iri``."""
    text = _shipped()
    base = (settings or Settings()).base_iri
    return text if base == DEFAULT_BASE_IRI else text.replace(DEFAULT_BASE_IRI, base)


def ontology_quads(settings: Settings | None = None) -> list[ox.Quad]:
    """The ontology's triples in its own named graph (``{base}ontology``), as the store keeps them."""
    settings = settings or Settings()
    graph = ox.NamedNode(settings.base_iri + ONTOLOGY_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(ontology_turtle(settings).encode("utf-8"), ox.RdfFormat.TURTLE)]


@functools.lru_cache(maxsize=1)
def _predicates() -> dict[str, PredicateInfo]:
    """Local name → :class:`PredicateInfo` for every property the ontology declares under kg:."""
    props: dict[str, dict[str, str]] = {}
    types: dict[str, set[str]] = {}
    for t in ox.parse(_shipped().encode("utf-8"), ox.RdfFormat.TURTLE):
        s = t.subject
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(_KG):
            continue
        name = s.value[len(_KG):]
        if t.predicate.value == _RDF + "type":
            types.setdefault(name, set()).add(t.object.value)
        props.setdefault(name, {})[t.predicate.value] = t.object.value
    out = {}
    for name, p in props.items():
        kinds = types.get(name, set()) & {_OWL + "ObjectProperty", _OWL + "DatatypeProperty"}
        if not kinds:
            continue
        kind = kinds.pop()

        def wd(key: str) -> str:
            value = p.get(key, "")
            return value[len(_WDT):] if value.startswith(_WDT) else ""

        sup = p.get(_RDFS + "subPropertyOf", "")
        out[name] = PredicateInfo(
            name=name, kind=kind[len(_OWL):-len("Property")], label=p.get(_RDFS + "label", ""),
            comment=p.get(_RDFS + "comment", ""), domain=p.get(_RDFS + "domain", ""),
            range=p.get(_RDFS + "range", ""), super=sup[len(_KG):] if sup.startswith(_KG) else sup,
            equivalent=wd(_OWL + "equivalentProperty"), inverse=wd(_OWL + "inverseOf"),
            close=wd(_SKOS + "closeMatch"), symmetric=_OWL + "SymmetricProperty" in types.get(name, ()),
        )
    return out


def _ancestors(name: str) -> list[str]:
    preds, seen = _predicates(), [name]
    while (sup := preds.get(seen[-1], PredicateInfo(seen[-1], "")).super) and sup not in seen:
        seen.append(sup)
    return seen[1:]


@functools.lru_cache(maxsize=1)
def fact_predicates() -> frozenset[str]:
    """Predicates whose triples are facts: every sub-property of kg:relation, and ``said``."""
    return frozenset(
        {n for n in _predicates() if n not in ("relation", "event") and "relation" in _ancestors(n)} | {"said"}
    )


@functools.lru_cache(maxsize=1)
def event_predicates() -> frozenset[str]:
    """Predicates of PLOVER-family events (sub-properties of kg:event, at any depth)."""
    return frozenset(n for n in fact_predicates() if "event" in _ancestors(n))


def predicate_info(predicate: str) -> PredicateInfo | None:
    """What the ontology says of ``predicate`` (a local name), or None when it is not declared."""
    return _predicates().get(predicate)


def wikidata_mapping(predicate: str) -> tuple[str, str] | None:
    """``(relation, Pid)``: how a kg predicate maps to Wikidata, or None.

    ``relation`` is ``"equivalent"`` (same meaning and direction), ``"inverse"`` (Wikidata states
    it from the other end) or ``"close"`` (the nearest property; wider meaning or other direction).
    """
    info = _predicates().get(predicate)
    if info is None:
        return None
    for relation, pid in (("equivalent", info.equivalent), ("inverse", info.inverse), ("close", info.close)):
        if pid:
            return relation, pid
    return None


def wikidata_property(predicate: str) -> str:
    """The nearest Wikidata property of a kg predicate (``skos:closeMatch``), or ""."""
    info = _predicates().get(predicate)
    return info.close if info else ""
