"""The neighbourhood of an entity as vis-network data (the library pyvis draws with).

The JSON is built directly rather than through ``pyvis.network.Network`` (whose ``add_edge``
scans every edge, quadratic on big graphs, and whose templates link a CDN). The entity
network (people, bodies, places, events, articles and the relations between them) is indexed
once per app; a neighbourhood is a breadth-first walk, capped at ``max_nodes``.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from .data import CLASS_KIND, Graph

EDGES = """
SELECT ?a ?b ?rel WHERE {
  { ?x a gov:Participation ; gov:participant ?a ; gov:event ?b ; gov:role ?r . BIND(STRAFTER(STR(?r), "#") AS ?rel) }
  UNION { ?m a org:Membership ; org:member ?a ; org:organization ?b ; gov:title ?rel }
  UNION { ?a schema:organizer ?b . BIND("organizer" AS ?rel) }
  UNION { ?a org:subOrganizationOf ?b . BIND("part of" AS ?rel) }
  UNION { ?a gov:governs ?b . BIND("governs" AS ?rel) }
  UNION { ?a schema:containedInPlace ?b . BIND("in" AS ?rel) }
  UNION { ?a a schema:NewsArticle ; gov:event ?b . BIND("reports" AS ?rel) }
  UNION { ?a schema:author ?b . BIND("author" AS ?rel) }
}"""

NODES = """
SELECT ?n ?class ?label WHERE {
  VALUES ?class { schema:Person org:Organization schema:AdministrativeArea schema:Event schema:NewsArticle }
  ?n a ?class . OPTIONAL { ?n rdfs:label ?l } OPTIONAL { ?n schema:headline ?h }
  BIND(COALESCE(?l, ?h, "") AS ?label)
}"""

STYLE = {  # kind → (legend label, vis shape, colour)
    "person": ("Person 人物", "dot", "#2b6cb0"),
    "body": ("Body 机构", "square", "#c05621"),
    "place": ("Place 地点", "triangle", "#2f855a"),
    "event": ("Event 会议活动", "diamond", "#b7791f"),
    "article": ("Article 报道", "box", "#718096"),
}


class NetworkIndex:
    """Adjacency of the entity network, built on first use."""

    def __init__(self, g: Graph):
        self.g = g
        self._lock = threading.Lock()
        self._ready = False
        self.adj: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.nodes: dict[str, tuple[str, str]] = {}

    def build(self) -> None:
        with self._lock:
            if self._ready:
                return
            for r in self.g.rows(NODES):
                n = r["n"].value
                if n not in self.nodes:
                    self.nodes[n] = (CLASS_KIND[r["class"].value], r["label"].value)
            for r in self.g.rows(EDGES):
                a, b, rel = r["a"].value, r["b"].value, r["rel"].value
                if a in self.nodes and b in self.nodes and a != b:
                    self.adj[a][b].add(rel)
                    self.adj[b][a].add(rel)
            self._ready = True

    def neighbourhood(self, center: str, depth: int = 1, max_nodes: int = 200) -> dict:
        """vis nodes and edges within ``depth`` steps of ``center``, at most ``max_nodes`` nodes."""
        self.build()
        depth = 1 if depth < 1 else min(depth, 2)
        levels = [[center]] if center in self.nodes else [[]]
        seen = {center}
        for _ in range(depth):
            nxt = []
            for n in levels[-1]:
                for m in self.adj.get(n, ()):
                    if m not in seen:
                        seen.add(m)
                        nxt.append(m)
            levels.append(nxt)
        chosen: list[str] = []
        for level in levels:
            # the best connected first, so the cap keeps what matters most
            for n in sorted(level, key=lambda n: (-len(self.adj.get(n, ())), self.nodes[n][1], n)):
                if len(chosen) < max_nodes:
                    chosen.append(n)
        ids = {n: i for i, n in enumerate(chosen)}
        nodes = []
        for n in chosen:
            kind, label = self.nodes[n]
            legend, shape, colour = STYLE[kind]
            nodes.append({"id": ids[n], "label": _clip(label) or n.rsplit("/", 1)[-1], "group": kind,
                          "title": f"{legend.split()[0]}: {label}", "url": self.g.url_for_iri(n),
                          **({"borderWidth": 4, "size": 30} if n == center else {})})
        edges = []
        for n in chosen:
            for m, rels in self.adj.get(n, {}).items():
                if m in ids and ids[n] < ids[m]:
                    label = ", ".join(sorted(rels))
                    edges.append({"from": ids[n], "to": ids[m], "label": _clip(label, 16), "title": label})
        kinds = sorted({self.nodes[n][0] for n in chosen}, key=list(STYLE).index)
        return {
            "center": center, "depth": depth, "nodes": nodes, "edges": edges,
            "total": len(seen) if center in self.nodes else 0, "shown": len(chosen),
            "left_out": len(seen) - len(chosen) if center in self.nodes else 0,
            "legend": [{"group": k, "label": STYLE[k][0], "shape": STYLE[k][1], "color": STYLE[k][2]} for k in kinds],
            "groups": {k: {"shape": s, "color": {"background": c, "border": c}} for k, (_, s, c) in STYLE.items()},
        }


def _clip(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
