"""Turtle from a build's blocks, written as text: one section per named graph.

A block's lines are canonical N-Triples (kg/ontology.py writes them), sorted, so its triples
come grouped by subject and predicate already: a section is those lines with repeated subjects
and predicates folded into ``;`` and ``,`` lists, vocabulary terms written with the prefixes
of ``kg.ontology.PREFIXES``, and datatypes as ``xsd:…``. Each N-Triples term is a valid Turtle
term, so nothing else changes. The graphs of a build share no triple (kg/triples.py), so the
sections joined after the prefix lines are the Turtle of the union with no triple twice; a
subject may head a group in more than one section (a person in the resolved graph and in the
``schema:author`` of an article), which Turtle allows.

Sections are made wherever the block is (a build's worker processes make their own), and
joined in graph order: the same bytes whatever made them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .ontology import PREFIXES, G, T, nt
from .ontology import A as RDF_TYPE

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _prefixed(iri: str) -> str | None:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return None


# objects and subjects: only the vocabulary's own terms (classes, roles) are looked up
VOCAB: dict[bytes, bytes] = {nt(t).encode(): _prefixed(t.value).encode()
                             for t in [*G.values(), *T.values()] if _prefixed(t.value)}
_DATATYPES = {f"<{PREFIXES['xsd']}{name}>".encode(): f"xsd:{name}".encode()
              for name in ("date", "gMonthDay", "integer", "boolean", "dateTime", "gYear", "decimal")}


def _typed(literal: bytes) -> bytes:
    """``"7"^^<…XMLSchema#integer>`` → ``"7"^^xsd:integer`` (the last ``"^^<`` of a literal
    starts its datatype: a quote inside the text is escaped)."""
    text, sep, dt = literal.rpartition(b'"^^')
    short = _DATATYPES.get(dt)
    return text + sep + short if sep and short else literal


@lru_cache(maxsize=1024)
def _predicate(term: bytes) -> bytes:
    if term == nt(RDF_TYPE).encode():
        return b"a"
    short = _prefixed(term[1:-1].decode("utf-8"))
    return short.encode() if short else term


def header() -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()


def section(lines: bytes, graph: str | None = None, end: bytes = b" .\n") -> bytes:
    """Turtle statements for ``lines``, each ending with ``end`` (N-Triples lines, or a block's
    N-Quads lines with ``end`` = `` <graph> .\n``), sorted so that a subject's lines are
    together; after a comment naming ``graph``. No literal holds a raw line break, so ``end``
    is found only at the ends of lines."""
    if not lines:
        return b""
    out: list[bytes] = [f"\n# {graph}\n".encode() if graph else b"\n"]
    add = out.append
    vocab, pred = VOCAB, _predicate
    ps = pp = None
    for line in lines.split(end)[:-1]:
        s, _, po = line.partition(b" ")
        p, _, o = po.partition(b" ")
        if o[0] == 34 and o[-1] == 62:        # "…"^^<datatype>
            o = _typed(o)
        if s == ps:
            if p == pp:
                add(b" ,\n\t\t")
            else:
                add(b" ;\n\t")
                add(pred(p))
                add(b" ")
                pp = p
        else:
            if ps is not None:
                add(b" .\n")
            add(vocab.get(s, s))
            add(b" ")
            add(pred(p))
            add(b" ")
            ps, pp = s, p
        add(vocab.get(o, o))
    add(b" .\n")
    return b"".join(out)


__all__ = ["VOCAB", "header", "section"]
