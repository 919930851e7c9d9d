"""What each page shows, read from the store with fixed SPARQL. The IRI or text a page is about
is bound with a VALUES block of a term pyoxigraph serialised, never pasted in as raw text.
Every function returns plain JSON-ready data: the same dict feeds the HTML template and the
page's ``.json`` twin.
"""

from __future__ import annotations

from typing import Callable

import pyoxigraph as ox

from kg.ontology import DEFAULT_BASE, PREFIXES
from kg.sparqltext import inline_values
from kg.store import Store

GOV = PREFIXES["gov"]
KINDS = ("person", "body", "place", "event", "article", "file", "membership", "mention", "participation",
         "role", "extractor", "graph")
CLASSES = {
    "person": "https://schema.org/Person", "body": "http://www.w3.org/ns/org#Organization",
    "place": "https://schema.org/AdministrativeArea", "event": "https://schema.org/Event",
    "article": "https://schema.org/NewsArticle",
}
CLASS_KIND = {v: k for k, v in CLASSES.items()}
ROLE_NAMES = {"presided": "presided 主持", "attended": "attended 出席", "spoke": "spoke 讲话",
              "nonvoting": "attended without vote 列席"}


def detect_base(store: Store) -> str:
    """The IRI base the graph was built with (``kg build --base``), read from a source file's IRI."""
    for row in store.inner.query("SELECT ?f WHERE { ?f a <%sSourceFile> } LIMIT 1" % GOV,
                                 use_default_graph_as_union=True):
        iri = row["f"].value
        if "/file/" in iri:
            return iri[: iri.rindex("/file/") + 1]
    for row in store.inner.query("SELECT ?p WHERE { ?p a <https://schema.org/Person> } LIMIT 1",
                                 use_default_graph_as_union=True):
        iri = row["p"].value
        if "/person/" in iri:
            return iri[: iri.rindex("/person/") + 1]
    return DEFAULT_BASE


class Graph:
    """The store as the pages read it: SPARQL with substitutions, IRIs ↔ viewer URLs."""

    def __init__(self, store: Store, base: str | None = None):
        self.store = store
        self.base = base or detect_base(store)
        self.url_for_iri: Callable[[str], str] = lambda iri: iri

    def _run(self, sparql: str, subs: dict):
        if subs:  # a VALUES block of terms serialised by pyoxigraph, first thing in the WHERE clause
            sparql = inline_values(sparql, {n: _term_check(v) for n, v in subs.items()})
        return self.store.inner.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)

    def rows(self, sparql: str, **subs) -> list[dict]:
        """Solutions as dicts of pyoxigraph terms (None when unbound)."""
        result = self._run(sparql, subs)
        names = [v.value for v in result.variables]
        return [{n: sol[n] for n in names} for sol in result]

    def ask(self, sparql: str, **subs) -> bool:
        return bool(self._run(sparql, subs))

    def iri(self, kind: str, key: str) -> ox.NamedNode | None:
        try:
            return ox.NamedNode(self.base + kind + "/" + key)
        except ValueError:
            return None

    def local(self, iri: str) -> tuple[str, str] | None:
        """(kind, key) of one of this graph's IRIs, else None."""
        if iri.startswith(self.base):
            kind, _, key = iri[len(self.base):].partition("/")
            if kind in KINDS and key:
                return kind, key
        return None

    def exists(self, node: ox.NamedNode) -> bool:
        return self.ask("ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }", s=node)

    def link(self, term, label=None) -> dict | None:
        if term is None:
            return None
        iri = term.value
        return {"iri": iri, "url": self.url_for_iri(iri), "label": _v(label) or _short(iri)}


def _term_check(term):
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise TypeError(f"cannot bind {term!r}")
    return term


def _v(term):
    return term.value if term is not None else None


def _int(term):
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _short(iri: str) -> str:
    for name, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{name}:{iri[len(ns):]}"
    return iri.rstrip("/").rsplit("/", 1)[-1] or iri


# --- home and search ------------------------------------------------------------------------

COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { schema:Person org:Organization schema:AdministrativeArea schema:Event schema:NewsArticle
                  gov:SourceFile org:Membership gov:Participation gov:Mention }
  ?s a ?class } GROUP BY ?class"""

BUSY_PEOPLE = """
SELECT ?p ?name (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?x gov:participant ?p ; gov:event ?e . ?p rdfs:label ?name
} GROUP BY ?p ?name ORDER BY DESC(?n) ?name LIMIT 8"""

RECENT_EVENTS = """
SELECT ?e ?label ?date WHERE { ?e a schema:Event ; rdfs:label ?label . OPTIONAL { ?e schema:startDate ?date } }
ORDER BY DESC(STR(?date)) ?label LIMIT 8"""


def home(g: Graph) -> dict:
    names = {"https://schema.org/Person": "people", "http://www.w3.org/ns/org#Organization": "bodies",
             "https://schema.org/AdministrativeArea": "places", "https://schema.org/Event": "events",
             "https://schema.org/NewsArticle": "articles", GOV + "SourceFile": "source files",
             "http://www.w3.org/ns/org#Membership": "posts held", GOV + "Participation": "participations",
             GOV + "Mention": "mentions"}
    counts = {v: 0 for v in names.values()}
    for r in g.rows(COUNTS):
        counts[names[r["class"].value]] = _int(r["n"])
    counts["triples"] = len(g.store)
    return {
        "counts": counts,
        "people": [dict(g.link(r["p"], r["name"]), meetings=_int(r["n"])) for r in g.rows(BUSY_PEOPLE)],
        "events": [dict(g.link(r["e"], r["label"]), date=_v(r["date"])) for r in g.rows(RECENT_EVENTS)],
    }


SEARCH = """
SELECT ?s ?class ?label WHERE {
  VALUES ?class { schema:Person org:Organization schema:AdministrativeArea schema:Event schema:NewsArticle }
  ?s a ?class .
  { ?s rdfs:label ?label } UNION { ?s schema:headline ?label }
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
} ORDER BY STRLEN(STR(?label)) ?label LIMIT %d"""


def search(g: Graph, q: str, limit: int = 200) -> dict:
    q = (q or "").strip()[:200]
    groups: dict[str, list] = {k: [] for k in CLASSES}
    seen = set()
    if q:
        for r in g.rows(SEARCH % (limit + 1), q=ox.Literal(q)):
            key = (r["s"].value, r["class"].value)
            if key in seen:
                continue
            seen.add(key)
            groups[CLASS_KIND[r["class"].value]].append(g.link(r["s"], r["label"]))
    total = sum(len(v) for v in groups.values())
    return {"q": q, "results": groups, "total": min(total, limit), "truncated": total > limit}


# --- person ---------------------------------------------------------------------------------

PERSON = """SELECT ?name ?split WHERE { ?p rdfs:label ?name . OPTIONAL { ?p gov:splitReason ?split } } LIMIT 1"""

POSTS = """
SELECT ?m ?title ?org ?orgLabel ?rank ?former ?first ?last ?undated
       (GROUP_CONCAT(DISTINCT STR(?obs); separator=" ") AS ?observed) WHERE {
  ?m a org:Membership ; org:member ?p ; gov:title ?title .
  OPTIONAL { ?m org:organization ?org . OPTIONAL { ?org rdfs:label ?orgLabel } }
  OPTIONAL { ?m gov:rank ?rank } OPTIONAL { ?m gov:former ?former }
  OPTIONAL { ?m gov:firstSeen ?first } OPTIONAL { ?m gov:lastSeen ?last }
  OPTIONAL { ?m gov:observedOn ?obs } OPTIONAL { ?m gov:undatedObservation ?undated }
} GROUP BY ?m ?title ?org ?orgLabel ?rank ?former ?first ?last ?undated
ORDER BY ?first ?title"""

MEETINGS = """
SELECT ?e ?label ?date ?kind (GROUP_CONCAT(DISTINCT ?role; separator=",") AS ?roles) WHERE {
  ?x a gov:Participation ; gov:participant ?p ; gov:event ?e ; gov:role ?r .
  ?e rdfs:label ?label . OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e gov:eventKind ?kind }
  BIND(STRAFTER(STR(?r), "#") AS ?role)
} GROUP BY ?e ?label ?date ?kind ORDER BY STR(?date) ?label"""

COATTENDEES = """
SELECT ?o ?name (COUNT(DISTINCT ?e) AS ?shared) WHERE {
  ?a gov:participant ?p ; gov:event ?e . ?b gov:participant ?o ; gov:event ?e .
  FILTER(?o != ?p) ?o rdfs:label ?name
} GROUP BY ?o ?name ORDER BY DESC(?shared) ?name LIMIT 50"""

QUOTES = """
SELECT DISTINCT ?m ?sentence ?begin ?art ?headline ?date ?fname WHERE {
  ?m gov:person ?p ; gov:inArticle ?art ; nif:beginIndex ?begin .
  OPTIONAL { ?m gov:sentence ?sentence }
  OPTIONAL { ?art schema:headline ?headline } OPTIONAL { ?art schema:datePublished ?date }
  OPTIONAL { ?art gov:sourceFile/gov:fileName ?fname }
} ORDER BY ?fname ?begin LIMIT 500"""

AUTHORED = """
SELECT ?art ?headline ?date WHERE { ?art schema:author ?p . OPTIONAL { ?art schema:headline ?headline }
  OPTIONAL { ?art schema:datePublished ?date } } ORDER BY STR(?date) ?headline LIMIT 500"""


def _roles(text: str | None) -> list[str]:
    return sorted(r for r in (text or "").split(",") if r)


def _article_link(g: Graph, art, headline, fname=None) -> dict:
    link = g.link(art, headline)
    if headline is None:
        kind_key = g.local(art.value)
        link["label"] = f"{_v(fname) or 'article'} #{kind_key[1].rsplit('/', 1)[-1] if kind_key else ''}"
    return link


def person(g: Graph, p: ox.NamedNode) -> dict | None:
    head = g.rows(PERSON, p=p)
    if not head:
        return None
    posts = []
    for r in g.rows(POSTS, p=p):
        posts.append({
            "membership": g.link(r["m"], r["title"]), "title": _v(r["title"]),
            "body": g.link(r["org"], r["orgLabel"]), "rank": _v(r["rank"]),
            "former": _v(r["former"]) == "true", "first_seen": _v(r["first"]), "last_seen": _v(r["last"]),
            "observed": sorted((_v(r["observed"]) or "").split()), "undated": _v(r["undated"]) == "true",
        })
    meetings = [dict(g.link(r["e"], r["label"]), date=_v(r["date"]), kind=_v(r["kind"]), roles=_roles(_v(r["roles"])))
                for r in g.rows(MEETINGS, p=p)]
    co = [dict(g.link(r["o"], r["name"]), shared=_int(r["shared"])) for r in g.rows(COATTENDEES, p=p)]
    quotes = []
    for r in g.rows(QUOTES, p=p):
        art = _article_link(g, r["art"], r["headline"], r["fname"])
        art["url"] += f"#at-{_int(r['begin'])}"
        quotes.append({"sentence": _v(r["sentence"]), "article": art, "date": _v(r["date"]), "file": _v(r["fname"]),
                       "mention": g.link(r["m"])})
    authored = [dict(_article_link(g, r["art"], r["headline"]), date=_v(r["date"])) for r in g.rows(AUTHORED, p=p)]
    return {"kind": "person", "iri": p.value, "name": _v(head[0]["name"]), "split_reason": _v(head[0]["split"]),
            "posts": posts, "meetings": meetings, "coattendees": co, "quotes": quotes, "authored": authored}


# --- body, place, event ---------------------------------------------------------------------

BODY = """
SELECT ?label ?kind ?parent ?parentLabel ?governs ?governsLabel WHERE {
  ?b rdfs:label ?label . OPTIONAL { ?b gov:bodyKind ?kind }
  OPTIONAL { ?b org:subOrganizationOf ?parent . OPTIONAL { ?parent rdfs:label ?parentLabel } }
  OPTIONAL { ?b gov:governs ?governs . OPTIONAL { ?governs rdfs:label ?governsLabel } }
} LIMIT 1"""

BODY_CHILDREN = """SELECT ?c ?label WHERE { ?c org:subOrganizationOf ?b . OPTIONAL { ?c rdfs:label ?label } } ORDER BY ?label"""

BODY_MEMBERS = """
SELECT ?m ?title ?p ?name ?first ?last WHERE {
  ?m org:organization ?b ; org:member ?p ; gov:title ?title . ?p rdfs:label ?name .
  OPTIONAL { ?m gov:firstSeen ?first } OPTIONAL { ?m gov:lastSeen ?last }
} ORDER BY ?title ?name LIMIT 1000"""

BODY_EVENTS = """
SELECT ?e ?label ?date WHERE { ?e schema:organizer ?b ; rdfs:label ?label . OPTIONAL { ?e schema:startDate ?date } }
ORDER BY STR(?date) ?label LIMIT 1000"""


def body(g: Graph, b: ox.NamedNode) -> dict | None:
    head = g.rows(BODY, b=b)
    if not head:
        return None
    h = head[0]
    return {
        "kind": "body", "iri": b.value, "name": _v(h["label"]), "body_kind": _v(h["kind"]),
        "parent": g.link(h["parent"], h["parentLabel"]), "governs": g.link(h["governs"], h["governsLabel"]),
        "children": [g.link(r["c"], r["label"]) for r in g.rows(BODY_CHILDREN, b=b)],
        "members": [{"person": g.link(r["p"], r["name"]), "title": _v(r["title"]), "membership": g.link(r["m"], r["title"]),
                     "first_seen": _v(r["first"]), "last_seen": _v(r["last"])} for r in g.rows(BODY_MEMBERS, b=b)],
        "events": [dict(g.link(r["e"], r["label"]), date=_v(r["date"])) for r in g.rows(BODY_EVENTS, b=b)],
    }


PLACE = """
SELECT ?label ?level ?code ?printed ?parent ?parentLabel WHERE {
  ?pl rdfs:label ?label . OPTIONAL { ?pl gov:level ?level } OPTIONAL { ?pl gov:adcode ?code }
  OPTIONAL { ?pl gov:printedName ?printed }
  OPTIONAL { ?pl schema:containedInPlace ?parent . OPTIONAL { ?parent rdfs:label ?parentLabel } }
} LIMIT 1"""

PLACE_CHILDREN = """SELECT ?c ?label WHERE { ?c schema:containedInPlace ?pl . OPTIONAL { ?c rdfs:label ?label } } ORDER BY ?label"""
PLACE_BODIES = """SELECT ?b ?label WHERE { ?b gov:governs ?pl . OPTIONAL { ?b rdfs:label ?label } } ORDER BY ?label"""
PLACE_EVENTS = """
SELECT DISTINCT ?e ?label ?date WHERE {
  ?pl rdfs:label|gov:printedName ?name . ?e gov:placeName ?where ; rdfs:label ?label .
  FILTER(STR(?where) = STR(?name)) OPTIONAL { ?e schema:startDate ?date }
} ORDER BY STR(?date) ?label LIMIT 1000"""


def place(g: Graph, pl: ox.NamedNode) -> dict | None:
    head = g.rows(PLACE, pl=pl)
    if not head:
        return None
    h = head[0]
    return {
        "kind": "place", "iri": pl.value, "name": _v(h["label"]), "level": _v(h["level"]), "adcode": _v(h["code"]),
        "printed_name": _v(h["printed"]), "parent": g.link(h["parent"], h["parentLabel"]),
        "children": [g.link(r["c"], r["label"]) for r in g.rows(PLACE_CHILDREN, pl=pl)],
        "bodies": [g.link(r["b"], r["label"]) for r in g.rows(PLACE_BODIES, pl=pl)],
        "events": [dict(g.link(r["e"], r["label"]), date=_v(r["date"])) for r in g.rows(PLACE_EVENTS, pl=pl)],
    }


EVENT = """
SELECT ?label ?date ?kind ?ordinal ?session ?pod ?placeName ?dateSource ?undated ?org ?orgLabel WHERE {
  ?e rdfs:label ?label . OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e gov:eventKind ?kind }
  OPTIONAL { ?e gov:ordinal ?ordinal } OPTIONAL { ?e gov:session ?session } OPTIONAL { ?e gov:partOfDay ?pod }
  OPTIONAL { ?e gov:placeName ?placeName } OPTIONAL { ?e gov:dateSource ?dateSource }
  OPTIONAL { ?e gov:undated ?undated }
  OPTIONAL { ?e schema:organizer ?org . OPTIONAL { ?org rdfs:label ?orgLabel } }
} LIMIT 1"""

EVENT_PEOPLE = """
SELECT ?p ?name (GROUP_CONCAT(DISTINCT ?role; separator=",") AS ?roles) WHERE {
  ?x gov:event ?e ; gov:participant ?p ; gov:role ?r . ?p rdfs:label ?name
  BIND(STRAFTER(STR(?r), "#") AS ?role)
} GROUP BY ?p ?name ORDER BY ?name"""

EVENT_SOURCES = """
SELECT DISTINCT ?m ?sentence ?begin ?art ?headline ?fname WHERE {
  { ?e prov:wasDerivedFrom ?m } UNION { ?x gov:event ?e ; a gov:Participation ; prov:wasDerivedFrom ?m }
  ?m gov:inArticle ?art ; nif:beginIndex ?begin . OPTIONAL { ?m gov:sentence ?sentence }
  OPTIONAL { ?art schema:headline ?headline } OPTIONAL { ?art gov:sourceFile/gov:fileName ?fname }
} ORDER BY ?fname ?begin LIMIT 500"""

EVENT_PLACE = """SELECT ?pl WHERE { ?pl a schema:AdministrativeArea ; rdfs:label|gov:printedName ?n . FILTER(STR(?n) = ?where) } LIMIT 1"""


def event(g: Graph, e: ox.NamedNode) -> dict | None:
    head = g.rows(EVENT, e=e)
    if not head:
        return None
    h = head[0]
    place_link = None
    if h["placeName"] is not None:
        found = g.rows(EVENT_PLACE, where=ox.Literal(h["placeName"].value))
        place_link = g.link(found[0]["pl"], h["placeName"]) if found else {"label": h["placeName"].value, "url": None}
    participants = [dict(g.link(r["p"], r["name"]), roles=_roles(_v(r["roles"]))) for r in g.rows(EVENT_PEOPLE, e=e)]
    order = {"presided": 0, "spoke": 1, "attended": 2, "nonvoting": 3}
    participants.sort(key=lambda x: (min([order.get(r, 9) for r in x["roles"]] or [9]), x["label"]))
    sources = []
    for r in g.rows(EVENT_SOURCES, e=e):
        art = _article_link(g, r["art"], r["headline"], r["fname"])
        art["url"] += f"#at-{_int(r['begin'])}"
        sources.append({"sentence": _v(r["sentence"]), "article": art, "file": _v(r["fname"])})
    return {
        "kind": "event", "iri": e.value, "name": _v(h["label"]), "date": _v(h["date"]), "event_kind": _v(h["kind"]),
        "ordinal": _int(h["ordinal"]), "session": _int(h["session"]), "part_of_day": _v(h["pod"]),
        "place": place_link, "date_source": _v(h["dateSource"]), "undated": _v(h["undated"]) == "true",
        "organizer": g.link(h["org"], h["orgLabel"]), "participants": participants, "sources": sources,
    }


# --- article ---------------------------------------------------------------------------------

ARTICLE = """
SELECT ?headline ?date ?begin ?end ?file ?fname ?content ?index WHERE {
  ?a a schema:NewsArticle ; gov:sourceFile ?file . OPTIONAL { ?a schema:headline ?headline }
  OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a nif:beginIndex ?begin } OPTIONAL { ?a nif:endIndex ?end }
  OPTIONAL { ?a gov:articleIndex ?index }
  OPTIONAL { ?file gov:fileName ?fname } OPTIONAL { ?file gov:content ?content }
} LIMIT 1"""

ARTICLE_AUTHORS = """SELECT ?p ?name WHERE { ?a schema:author ?p . OPTIONAL { ?p rdfs:label ?name } } ORDER BY ?name"""
ARTICLE_EVENTS = """SELECT ?e ?label ?date WHERE { ?a gov:event ?e . OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e schema:startDate ?date } } ORDER BY ?label"""

ARTICLE_MENTIONS = """
SELECT ?m ?begin ?end ?anchor ?rule ?person ?personName ?event ?eventLabel ?part ?role ?title WHERE {
  ?m gov:inArticle ?a ; nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?m nif:anchorOf ?anchor } OPTIONAL { ?m gov:rule ?rule }
  OPTIONAL { ?m gov:person ?person . OPTIONAL { ?person rdfs:label ?personName } }
  OPTIONAL { ?event prov:wasDerivedFrom ?m ; a schema:Event . OPTIONAL { ?event rdfs:label ?eventLabel } }
  OPTIONAL { ?part prov:wasDerivedFrom ?m ; a gov:Participation ; gov:role ?r ; gov:participant ?person2 .
             BIND(STRAFTER(STR(?r), "#") AS ?role) }
  OPTIONAL { ?m gov:title ?title }
} ORDER BY ?begin ?end"""


def article(g: Graph, a: ox.NamedNode) -> dict | None:
    head = g.rows(ARTICLE, a=a)
    if not head:
        return None
    h = head[0]
    content = _v(h["content"]) or ""
    begin = _int(h["begin"]) or 0
    end = _int(h["end"]) if h["end"] is not None else len(content)
    text = content[begin:end]
    mentions: dict[str, dict] = {}
    for r in g.rows(ARTICLE_MENTIONS, a=a):
        m = mentions.setdefault(r["m"].value, {
            "iri": r["m"].value, "url": g.url_for_iri(r["m"].value),
            "begin": _int(r["begin"]), "end": _int(r["end"]), "anchor": _v(r["anchor"]), "rule": _v(r["rule"]),
            "kind": r["m"].value.rsplit("-", 1)[-1], "person": None, "event": None, "role": None, "titles": []})
        if r["person"] is not None and m["person"] is None:
            m["person"] = g.link(r["person"], r["personName"])
        if r["event"] is not None and m["event"] is None:
            m["event"] = g.link(r["event"], r["eventLabel"])
        if r["role"] is not None:
            m["role"] = r["role"].value
        if r["title"] is not None and r["title"].value not in m["titles"]:
            m["titles"].append(r["title"].value)
    ms = sorted(mentions.values(), key=lambda m: (m["begin"], m["end"]))
    return {
        "kind": "article", "iri": a.value, "headline": _v(h["headline"]), "date": _v(h["date"]),
        "file": {"iri": h["file"].value, "url": g.url_for_iri(h["file"].value), "label": _v(h["fname"]) or _short(h["file"].value)},
        "index": _int(h["index"]), "begin": begin, "end": end, "text": text,
        "authors": [g.link(r["p"], r["name"]) for r in g.rows(ARTICLE_AUTHORS, a=a)],
        "events": [dict(g.link(r["e"], r["label"]), date=_v(r["date"])) for r in g.rows(ARTICLE_EVENTS, a=a)],
        "mentions": ms,
        "segments": segments(text, begin, ms),
    }


def segments(text: str, offset: int, mentions: list[dict]) -> list[dict]:
    """Split the article text at mention boundaries: each piece with the mentions covering it.

    Mention offsets count characters of the source file; ``offset`` is where the article starts."""
    cuts = {0, len(text)}
    spans = []
    for m in mentions:
        if m["begin"] is None or m["end"] is None:
            continue
        b, e = m["begin"] - offset, m["end"] - offset
        if e <= 0 or b >= len(text) or e <= b:
            continue
        b, e = max(b, 0), min(e, len(text))
        cuts.update((b, e))
        spans.append((b, e, m))
    cuts = sorted(cuts)
    out = []
    for s, e in zip(cuts, cuts[1:]):
        covering = [m for b, en, m in spans if b <= s and e <= en]
        starts = [m["begin"] for b, en, m in spans if b == s]
        piece = {"text": text[s:e], "kinds": sorted({m["kind"] for m in covering}), "anchor": (s + offset) if starts else None}
        person = next((m["person"] for m in covering if m["kind"] == "person" and m["person"]), None)
        ev = next((m["event"] for m in covering if m["kind"] == "event" and m["event"]), None)
        piece["link"] = person or ev
        piece["title"] = "; ".join(sorted({(m["kind"] + ": " + (m["person"] or m["event"] or {}).get("label", "")
                                            + (f" ({m['role']})" if m["role"] else "")).strip(": ")
                                           for m in covering}))
        out.append(piece)
    return out


# --- anything else: the triples around an IRI -----------------------------------------------

DESCRIBE_OUT = """
SELECT ?p ?o ?oLabel WHERE { ?s ?p ?o . OPTIONAL { ?o rdfs:label ?oLabel . FILTER(isIRI(?o)) } }
ORDER BY ?p ?o LIMIT %d"""
DESCRIBE_IN = """
SELECT ?x ?p ?xLabel WHERE { ?x ?p ?s . OPTIONAL { ?x rdfs:label ?xLabel } } ORDER BY ?p ?x LIMIT %d"""


def term_view(g: Graph, term, label=None) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", **g.link(term, label)}
    if isinstance(term, ox.Literal):
        value = term.value
        return {"type": "literal", "value": value if len(value) <= 2000 else value[:2000] + "…",
                "truncated": len(value) > 2000, "lang": term.language,
                "datatype": _short(term.datatype.value) if term.datatype and not term.language else None}
    return {"type": "bnode", "value": str(term)}


def resource(g: Graph, s: ox.NamedNode, limit: int = 500) -> dict | None:
    out = [{"predicate": g.link(r["p"]), "object": term_view(g, r["o"], r["oLabel"])}
           for r in g.rows(DESCRIBE_OUT % limit, s=s)]
    inc = [{"subject": g.link(r["x"], r["xLabel"]), "predicate": g.link(r["p"])}
           for r in g.rows(DESCRIBE_IN % limit, s=s)]
    if not out and not inc:
        return None
    label = next((t["object"]["value"] for t in out if t["predicate"]["iri"].endswith(("#label", "/headline", "#fileName"))), None)
    types = [t["object"] for t in out if t["predicate"]["iri"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
    return {"kind": "resource", "iri": s.value, "name": label or _short(s.value), "types": types,
            "says": out, "referred_by": inc, "truncated": len(out) >= limit or len(inc) >= limit}


# --- Popolo ---------------------------------------------------------------------------------

POPOLO_PEOPLE = """SELECT ?p ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?p"""
POPOLO_ORGS = """SELECT ?b ?name ?kind ?parent WHERE { ?b a org:Organization ; rdfs:label ?name .
  OPTIONAL { ?b gov:bodyKind ?kind } OPTIONAL { ?b org:subOrganizationOf ?parent } } ORDER BY ?b"""
POPOLO_MEMBERSHIPS = """
SELECT ?m ?p ?b ?title ?role ?roleLabel ?first ?last WHERE {
  ?m a org:Membership ; org:member ?p ; gov:title ?title .
  OPTIONAL { ?m org:organization ?b } OPTIONAL { ?m org:role ?role . OPTIONAL { ?role rdfs:label ?roleLabel } }
  OPTIONAL { ?m gov:firstSeen ?first } OPTIONAL { ?m gov:lastSeen ?last }
} ORDER BY ?m"""
POPOLO_EVENTS = """SELECT ?e ?name ?date ?kind ?org WHERE { ?e a schema:Event ; rdfs:label ?name .
  OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e gov:eventKind ?kind } OPTIONAL { ?e schema:organizer ?org } } ORDER BY ?e"""


def popolo(g: Graph) -> dict:
    """People, organizations, posts, memberships and events in Popolo JSON (https://www.popoloproject.com/)."""
    persons = [{"id": r["p"].value, "name": r["name"].value,
                "identifiers": [{"scheme": "govkg", "identifier": r["p"].value}]} for r in g.rows(POPOLO_PEOPLE)]
    orgs = []
    for r in g.rows(POPOLO_ORGS):
        o = {"id": r["b"].value, "name": r["name"].value}
        if r["kind"] is not None:
            o["classification"] = r["kind"].value
        if r["parent"] is not None:
            o["parent_id"] = r["parent"].value
        orgs.append(o)
    posts: dict[str, dict] = {}
    memberships = []
    for r in g.rows(POPOLO_MEMBERSHIPS):
        org_id = _v(r["b"])
        post_id = f"{org_id or g.base + 'body/_'}#post/{r['title'].value}"
        if post_id not in posts:
            posts[post_id] = {"id": post_id, "label": r["title"].value, "role": _v(r["roleLabel"]) or r["title"].value}
            if org_id:
                posts[post_id]["organization_id"] = org_id
        m = {"id": r["m"].value, "person_id": r["p"].value, "post_id": post_id, "role": r["title"].value,
             "label": r["title"].value}
        if org_id:
            m["organization_id"] = org_id
        # observation dates, not term dates: kept apart from Popolo's start_date / end_date
        if r["first"] is not None:
            m["first_seen"] = r["first"].value
        if r["last"] is not None:
            m["last_seen"] = r["last"].value
        memberships.append(m)
    events = []
    for r in g.rows(POPOLO_EVENTS):
        ev = {"id": r["e"].value, "name": r["name"].value}
        if r["date"] is not None and not r["date"].value.startswith("--"):
            ev["start_date"] = r["date"].value
        if r["kind"] is not None:
            ev["classification"] = r["kind"].value
        if r["org"] is not None:
            ev["organization_id"] = r["org"].value
        events.append(ev)
    return {"persons": persons, "organizations": orgs, "posts": sorted(posts.values(), key=lambda p: p["id"]),
            "memberships": memberships, "events": events}

