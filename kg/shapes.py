"""SHACL validation of a built graph against ``kg/shapes.ttl`` (pyshacl, no inference)."""

from __future__ import annotations

from pathlib import Path

from .store import Store

SHAPES = Path(__file__).with_name("shapes.ttl")


def validate(store: Store) -> tuple[bool, str]:
    import pyoxigraph as ox
    import rdflib
    from pyshacl import validate as shacl

    data = rdflib.Graph()
    nt = ox.serialize((q.triple for q in store.quads()), format=ox.RdfFormat.N_TRIPLES)
    data.parse(data=nt.decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _graph, text = shacl(data, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), text
