"""The SPARQL 1.1 Protocol side of the endpoint: what is refused, and which format answers.

Nothing here runs a query: queries run in the worker processes of ``web.pool``. This module
only reads the request (GET ``query=``, POST form, POST ``application/sparql-query``), refuses
updates and federated queries before they reach a parser that could act on them, and picks
the result format from ``Accept`` (or a ``format=`` / ``output=`` parameter, as SPARQLWrapper,
Fuseki and Virtuoso clients send).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# result formats: name → media type sent back
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Accept media types → (kind, name); several aliases per format, as clients send them
RESULT_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
}
# format= / output= values → (result format, graph format)
FORMAT_PARAM = {
    "json": ("json", "jsonld"), "srj": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "srx": ("xml", "rdfxml"),
    "csv": ("csv", None), "tsv": ("tsv", None), "turtle": (None, "turtle"), "ttl": (None, "turtle"),
    "n3": (None, "turtle"), "nt": (None, "ntriples"), "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"), "jsonld": ("json", "jsonld"), "json-ld": ("json", "jsonld"),
    "rdf": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"), "rdfxml": (None, "rdfxml"),
}
for _media, _name in RESULT_ACCEPT.items():
    FORMAT_PARAM.setdefault(_media, (_name, None))
for _media, _name in GRAPH_ACCEPT.items():
    FORMAT_PARAM.setdefault(_media, (None, _name))

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# strings, IRIs and comments: their text is not syntax
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"' r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*", re.S)
_SERVICE = re.compile(r"(?<![\w?$])SERVICE(?!\w)", re.I)
_PROLOGUE = re.compile(r"\A(?:\s*(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s*<>))*\s*([A-Za-z]+)", re.I)


class Refused(Exception):
    """A request this endpoint will not run: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def unescape_codepoints(query: str) -> str:
    """Apply SPARQL's \\u / \\U escapes the way the parser does, before any other reading."""
    def repl(m):
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _CODEPOINT.sub(repl, query)


def syntax_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords can be looked for."""
    def blank(m):
        t = m.group(0)
        return "<>" if t.startswith("<") else ('""' if t[0] in "\"'" else " ")
    return _OPAQUE.sub(blank, unescape_codepoints(query))


def check_query(query: str, max_length: int = 100_000) -> None:
    """Refuse what a read-only, closed endpoint must not run: updates, LOAD, SERVICE."""
    if len(query) > max_length:
        raise Refused(413, f"The query is longer than {max_length} characters.")
    text = syntax_only(query)
    first = _PROLOGUE.match(text)
    if first and first.group(1).upper() in UPDATE_WORDS:
        raise Refused(403, f"This endpoint is read-only: SPARQL Update ({first.group(1).upper()}) is refused.")
    if _SERVICE.search(text):
        raise Refused(403, "SERVICE is refused: this endpoint never sends requests to other servers.")


@dataclass
class Negotiated:
    result: str   # json | xml | csv | tsv
    graph: str    # turtle | ntriples | jsonld | rdfxml


def negotiate(accept, fmt: str | None = None) -> Negotiated:
    """Pick a result format and a graph format from a ``format=`` value or the Accept header."""
    result, graph = "json", "turtle"
    if fmt:
        pair = FORMAT_PARAM.get(fmt.strip().lower())
        if pair is None:
            raise Refused(400, f"Unknown format {fmt!r}; use one of: " + ", ".join(sorted(
                k for k in FORMAT_PARAM if "/" not in k)))
        return Negotiated(pair[0] or result, pair[1] or graph)
    best = accept.best_match(list(RESULT_ACCEPT)) if accept else None
    if best:
        result = RESULT_ACCEPT[best]
    best = accept.best_match(list(GRAPH_ACCEPT)) if accept else None
    if best:
        graph = GRAPH_ACCEPT[best]
    return Negotiated(result, graph)
