"""SPARQL text helpers shared by the stores and the viewer: the query form, and values bound
into a query as a VALUES block of serialised terms (never by pasting user text into it)."""

from __future__ import annotations

import re

_PROLOGUE = re.compile(r"""\s*(?:\#[^\n]*(?:\n|$)|(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)""")
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WHERE = re.compile(r"WHERE\b", re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue."""
    pos = 0
    while True:
        m = _PROLOGUE.match(sparql, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _FORM.match(sparql, pos)
    return m.group(1).upper() if m else None


def values_block(bindings: dict) -> str:
    names = sorted(bindings)
    return ("VALUES (" + " ".join("?" + n for n in names) + ") { ("
            + " ".join(str(bindings[n]) for n in names) + ") }")


# a line ``#@values`` in a query: the bindings go there too (inside the branches of a union, say,
# which the planners evaluate before joining the outer VALUES block)
_VALUES_HERE = re.compile(r"^[ \t]*#@values[ \t]*$", re.M)


def inline_values(sparql: str, bindings: dict) -> str:
    """Bind variables before the query's pattern is evaluated, as pyoxigraph's ``substitutions``
    do: a VALUES block at the start of the WHERE group, so that the group's FILTERs see the values.
    (A trailing VALUES block is joined after the FILTERs have run, where a FILTER on the variable
    finds it unbound; some servers push it down anyway, Virtuoso does not.) The same block also
    replaces each ``#@values`` line: a query puts one in each branch of a union that the values
    should narrow (Oxigraph computes every branch whole before joining the outer block)."""
    if not bindings:
        return sparql
    if _VALUES_HERE.search(sparql):
        block = values_block(bindings)
        sparql = _VALUES_HERE.sub(lambda m: block, sparql)
    form = query_form(sparql)
    i, n, depth, seen_where, groups = 0, len(sparql), 0, False, 0
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = sparql[i:i + 3] if sparql[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRI.match(sparql, i)
            if m:
                i = m.end()
                continue
        if depth == 0 and c in "Ww" and _WHERE.match(sparql, i) and (i == 0 or not sparql[i - 1].isalnum()):
            seen_where = True
        if c == "{":
            if depth == 0:
                if seen_where or form != "CONSTRUCT" or groups == 1:
                    return sparql[:i + 1] + " " + values_block(bindings) + " " + sparql[i + 1:]
                groups += 1
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    return sparql.rstrip() + "\n" + values_block(bindings)


def term_from_text(value: str):
    """A value a user typed as a pyoxigraph term: <iri> or an absolute IRI, text@lang, a date
    YYYY-MM-DD, an integer, else a plain literal."""
    import pyoxigraph as ox

    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", v, re.I):
        return ox.NamedNode(v)
    m = re.match(r"^(.*)@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$", v, re.S)
    if m:
        return ox.Literal(m.group(1), language=m.group(2))
    if re.match(r"^\d{4}-\d{2}-\d{2}$", v):
        return ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    if re.match(r"^-?\d+$", v):
        return ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(v)
