"""The people–event–body network for Gephi and networkx users (GraphML, GEXF).

Nodes are people, events and bodies; edges link a person to each event they took part in
(with their roles) and to each body they hold a post in (with the title). Built with one SPARQL
query per edge kind, straight into a networkx graph.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from .store import Store, atomic_write

PARTICIPATION = """
SELECT ?p ?name ?e ?label ?date (GROUP_CONCAT(DISTINCT ?role; separator=",") AS ?roles) WHERE {
  ?part a gov:Participation ; gov:participant ?p ; gov:event ?e ; gov:role ?r .
  ?p rdfs:label ?name . ?e rdfs:label ?label .
  OPTIONAL { ?e schema:startDate ?date }
  BIND(STRAFTER(STR(?r), "#") AS ?role)
} GROUP BY ?p ?name ?e ?label ?date"""

POSTS = """
SELECT ?p ?name ?b ?body ?title WHERE {
  ?m a org:Membership ; org:member ?p ; org:organization ?b ; gov:title ?title .
  ?p rdfs:label ?name . ?b rdfs:label ?body .
}"""


def network(store: Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for r in store.query(PARTICIPATION):
        p, e = r["p"].value, r["e"].value
        g.add_node(p, label=r["name"].value, kind="person")
        g.add_node(e, label=r["label"].value, kind="event", date=r["date"].value if r["date"] else "")
        g.add_edge(p, e, key="participated", kind="participated", roles=r["roles"].value)
    for r in store.query(POSTS):
        p, b = r["p"].value, r["b"].value
        g.add_node(p, label=r["name"].value, kind="person")
        g.add_node(b, label=r["body"].value, kind="body")
        g.add_edge(p, b, key=r["title"].value, kind="post", title=r["title"].value)
    return g


def write_network(store: Store, out: str | Path, fmt: str) -> None:
    g = network(store)
    # sorted copy: the same graph gives the same bytes
    h = nx.MultiDiGraph()
    h.add_nodes_from(sorted(g.nodes(data=True)))
    h.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    if fmt == "graphml":
        atomic_write(Path(out), lambda fh: nx.write_graphml(h, fh, encoding="utf-8"))
    else:
        atomic_write(Path(out), lambda fh: nx.write_gexf(h, fh, encoding="utf-8"))
