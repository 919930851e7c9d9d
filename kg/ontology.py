"""The only module that knows IRIs: vocabularies, the IRI scheme, and records → quads.

Public vocabularies where they fit: W3C ORG (bodies, posts, memberships), schema.org
(people, events, articles, places), PROV-O (where a fact came from, and which extractor made it),
NIF (character offsets of a mention in its source file). ``GOV`` holds what they lack.
Every node has an IRI (no blank nodes), minted from the content it stands for, so building the
same input twice gives the same triples, and merged or batched uploads never split a node.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph as ox

DEFAULT_BASE = "https://govkg.org/id/"
# the vocabularies' namespaces as strings (rdflib is not imported here: a build does not need
# it, and it took 60 ms of every kg command's start)
GOV_NS = "https://govkg.org/ns#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SDO = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


class GOV:
    """govkg's own terms (under ``GOV_NS``): what ORG, schema.org, PROV-O and NIF do not say.
    Each annotation is a term; ``G`` below maps their names to IRIs."""

    # classes
    SourceFile: str       # an input file
    Mention: str          # a span of a source file that states a fact
    Participation: str    # a person taking part in an event in a role
    Role: str             # a participation role (presided, attended, spoke, nonvoting)
    # participation roles
    presided: str
    attended: str
    spoke: str
    nonvoting: str
    # properties
    fileName: str         # the source file's name (its path relative to the input folder)
    content: str          # the source file's decoded text
    sourceFile: str       # article → its source file
    articleIndex: str     # article → position in its page
    inArticle: str        # mention → article
    sentence: str         # mention → the sentence (cleaned text) that states the fact
    rule: str             # mention → the extraction rule that matched
    person: str           # mention → the person it names
    mentionedName: str    # mention → the name as read
    title: str            # mention / membership → the title, omitted body prefix restored
    printedTitle: str     # mention → the title as printed
    rank: str             # membership → 正 | 副, where the title states it
    grade: str            # membership → 正厅级, 副处级 …, where the grade lexicon maps the post
    former: str           # membership → true for 原主任
    observedOn: str       # membership → each date the post was seen held
    firstSeen: str
    lastSeen: str
    undatedObservation: str  # membership → true when seen in a page with no date
    event: str            # participation → event
    participant: str      # participation → person
    role: str             # participation → role
    eventKind: str        # event → kind from the meeting-kind lexicon
    ordinal: str          # event → 第五十二次 = 52
    session: str          # event → 十五届 = 15
    partOfDay: str        # event → 上午 | 下午 …
    dateSource: str       # event → where the year came from
    undated: str          # event → true when the text gives no date
    noParticipant: str    # event → true when the build found no participant (a press conference …)
    placeName: str        # event → the place as written (在杭州举行)
    adcode: str           # place → GB/T 2260 administrative division code
    level: str            # place → province | prefecture | county | town | community | village
    printedName: str      # place → the name as printed when normalised (郾陵县)
    bodyKind: str         # body → party | government | congress | …
    governs: str          # body → the place whose organ it is
    splitReason: str      # person → why this person was kept apart from a namesake
    extractorVersion: str
    lexiconDigest: str


class IRIs:
    """The IRI scheme, under a configurable base. Each method gives a pyoxigraph ``NamedNode``,
    or with ``text=True`` the IRI as an N-Triples term (``<…>``), which the build emits."""

    def __init__(self, base: str = DEFAULT_BASE, text: bool = False):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        ox.NamedNode(self.base)                     # a malformed base fails here, once
        self.text = text

    def _n(self, *parts: str):
        iri = self.base + "/".join(map(_segment, parts))
        return f"<{iri}>" if self.text else ox.NamedNode(iri)

    def file(self, name: str) -> ox.NamedNode:
        return self._n("file", name)

    def graph(self, name: str) -> ox.NamedNode:
        return self._n("graph", name)

    def resolved_graph(self) -> ox.NamedNode:
        return self._n("graph", "_resolved")

    def article(self, name: str, index: int) -> ox.NamedNode:
        return self._n("article", name, str(index))

    def mention(self, name: str, start: int, end: int, kind: str) -> ox.NamedNode:
        return self._n("mention", name, f"{start}-{end}-{kind}")

    def person(self, key: str) -> ox.NamedNode:
        return self._n("person", key)

    def body(self, key: str) -> ox.NamedNode:
        return self._n("body", key)

    def place(self, key: str) -> ox.NamedNode:
        return self._n("place", key)

    def post_role(self, head: str) -> ox.NamedNode:
        return self._n("role", head)

    def membership(self, person: str, title: str) -> ox.NamedNode:
        return self._n("membership", _digest(person, title))

    def event(self, key: str) -> ox.NamedNode:
        return self._n("event", _digest(key))

    def participation(self, event_key: str, person: str, role: str) -> ox.NamedNode:
        return self._n("participation", _digest(event_key, person, role))

    def extractor(self, name: str, version: str) -> ox.NamedNode:
        return self._n("extractor", f"{name}-{version}")


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]*\Z")
_NOT_KEPT = re.compile(r"[^A-Za-z0-9._~\-\u00a1-\U0010ffff]|\s")


def _segment(text: str) -> str:
    """An IRI path segment: Chinese stays readable; reserved and unsafe characters are %-encoded.
    Most segments (digests, offsets, plain names) need nothing encoded, which two scans in C tell;
    a cache would miss on them (each mention has its own) and grew the build's time faster than
    its input."""
    if _PLAIN_SEGMENT.match(text) or (text.isprintable() and not _NOT_KEPT.search(text)):
        return text
    return _encoded_segment(text)


@lru_cache(maxsize=1 << 12)
def _encoded_segment(text: str) -> str:
    return "".join(c if (c.isascii() and (c.isalnum() or c in "-._~")) or (ord(c) > 0xA0 and c.isprintable()
                                                                             and not c.isspace())
                   else quote(c, safe="") for c in text)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


# pyoxigraph forms of the terms used when emitting triples
A = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
T = {name: ox.NamedNode(ns + name) for ns, names in (
    (SDO, "Person name Event startDate organizer location NewsArticle headline datePublished author "
          "AdministrativeArea containedInPlace"),
    (ORG, "Organization subOrganizationOf Membership member organization"),
    (PROV, "wasDerivedFrom wasGeneratedBy wasAttributedTo SoftwareAgent"),
    (NIF, "beginIndex endIndex anchorOf"),
) for name in names.split()} | {"orgRole": ox.NamedNode(ORG + "role"), "OrgRole": ox.NamedNode(ORG + "Role")}
G = {name: ox.NamedNode(GOV_NS + name) for name in GOV.__annotations__}
XSD_DATE = ox.NamedNode(XSD + "date")
XSD_GMONTHDAY = ox.NamedNode(XSD + "gMonthDay")
XSD_INT = ox.NamedNode(XSD + "integer")
XSD_BOOL = ox.NamedNode(XSD + "boolean")

PREFIXES = {"gov": GOV_NS, "org": ORG, "schema": SDO, "prov": PROV, "nif": NIF, "rdf": RDF, "rdfs": RDFS,
            "xsd": XSD}


# --- the same terms as N-Triples text: the build writes lines, which Oxigraph parses far faster
# than Python builds term objects. The escaping is Oxigraph's own (canonical N-Triples), so a
# line written here and the same quad serialized by Oxigraph are the same bytes.
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\\ufffe\uffff]')
# the rest of what Oxigraph escapes (the noncharacters U+FFFE and U+FFFF too), after \ " \n \r \t
_RARE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_RARE_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]} | {0x08: "\\b", 0x0C: "\\f"}


def quoted(text: str) -> str:
    """A string as an N-Triples quoted string."""
    if _NEEDS_ESCAPE.search(text):       # str.replace is much faster than translate on a page
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
            .replace("\t", "\\t")
        if _RARE_CONTROL.search(text):
            text = _RARE_CONTROL.sub(lambda m: _RARE_ESCAPES[ord(m.group())], text)
    return '"' + text + '"'


def nt(node: ox.NamedNode) -> str:
    return f"<{node.value}>"


def nt_zh(text: str) -> str:
    return quoted(text) + "@zh"


def nt_lit(text: str) -> str:
    return quoted(text)


_INT_SUFFIX = f"^^<{XSD}integer>"
_BOOL = {True: f'"true"^^<{XSD}boolean>', False: f'"false"^^<{XSD}boolean>'}


def nt_int(n: int) -> str:
    return f'"{int(n)}"{_INT_SUFFIX}'


def nt_bool(b: bool) -> str:
    return _BOOL[bool(b)]


def nt_date(iso: str) -> str:
    return f'"{iso}"^^<{XSD}{"gMonthDay" if iso.startswith("--") else "date"}>'


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def lit(text: str) -> ox.Literal:
    return ox.Literal(text)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=XSD_INT)


def boolean(b: bool) -> ox.Literal:
    return ox.Literal("true" if b else "false", datatype=XSD_BOOL)


def date_literal(iso: str) -> ox.Literal:
    return ox.Literal(iso, datatype=XSD_GMONTHDAY if iso.startswith("--") else XSD_DATE)
