"""Counts per class and per property."""

from __future__ import annotations

from .store import Store


def graph_stats(store: Store) -> dict:
    classes = {r["c"].value: int(r["n"].value) for r in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c")}
    props = {r["p"].value: int(r["n"].value) for r in store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p")}
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    return {"triples": triples, "classes": classes, "properties": props}
