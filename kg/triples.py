"""Records and their resolution → N-Quads, one named graph per source file, one resolved graph.

Per-file graphs hold what a file says: the file, its articles, mentions with offsets and
sentences, and which facts each mention supports (``prov:wasDerivedFrom`` from a membership,
event or participation to the mention). The resolved graph holds the merged entities and facts:
people, bodies, places, memberships with the dates they were seen, events, participations.
Every triple of a file graph has a node minted from that file (the file, an article, a mention)
as its subject or object, so no triple is in two graphs: the graphs' line counts add up to the triples of the
union, and their concatenation is a valid N-Triples or Turtle file of it with no repeats.

Each graph is emitted on its own as a ``Block``: its distinct N-Quads lines, sorted. A file's
block depends only on that file's records and the resolution, so blocks can be made in any
process, in any order, and joined by graph name into the same bytes (``kg.dataset``). The lines
are written as text (terms in ``kg.ontology``'s canonical N-Triples form) rather than built as
term objects: Oxigraph parses them back far faster than Python makes the objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import __version__, turtle
from .lexicon import Lexicon
from .model import DocumentFacts, EventMention, PersonMention, Title
from .ontology import LABEL, A, G, IRIs, T, nt, nt_bool, nt_date, nt_int, nt_lit, nt_zh
from .resolve import Resolution, Resolver

a_, label_ = nt(A), nt(LABEL)
g_ = {k: nt(v) for k, v in G.items()}
t_ = {k: nt(v) for k, v in T.items()}
_int = lru_cache(maxsize=1 << 16)(nt_int)      # offsets, indexes: small numbers recur
_zh = lru_cache(maxsize=1 << 12)(nt_zh)        # a sentence is quoted by each of its mentions
_lit = lru_cache(maxsize=1 << 10)(nt_lit)      # rule names
ROLES = ("presided", "attended", "spoke", "nonvoting")


@dataclass(frozen=True)
class Block:
    """One named graph: its IRI and its distinct N-Quads lines, sorted (UTF-8); its Turtle
    section when it was made where the block was (see ``with_turtle``)."""
    graph: str
    data: bytes
    counts: dict[str, int] = field(default_factory=dict, compare=False)   # what the summary reports
    turtle: bytes | None = field(default=None, compare=False, repr=False)
    dropped: int = field(default=-1, compare=False)     # the line count, once data was dropped

    def __len__(self) -> int:
        return self.dropped if self.dropped >= 0 else self.data.count(b"\n")

    def only_turtle(self) -> Block:
        """The block with its Turtle section and without its N-Quads (half as much to send
        back from a worker when Turtle is the only output)."""
        b = self.with_turtle()
        return replace(b, data=b"", dropped=len(self))

    def nt(self) -> bytes:
        """Its lines without the graph name: N-Triples, still sorted (a literal holds no raw
        line break, so the graph term is found only at the ends of lines)."""
        return self.data.replace(f" <{self.graph}> .\n".encode(), b" .\n")

    def ntriples(self) -> list[bytes]:
        return self.nt().splitlines(keepends=True)

    def turtle_section(self) -> bytes:
        if self.turtle is not None:
            return self.turtle
        return turtle.section(self.data, self.graph, f" <{self.graph}> .\n".encode())

    def with_turtle(self) -> Block:
        """The block with its Turtle section made now (in a worker, so the writer only joins)."""
        return replace(self, turtle=self.turtle_section())

    def finished(self, turtle: bool, keep_nquads: bool = True) -> Block:
        """The block as the output needs it: with its Turtle section when the output is Turtle,
        and without its N-Quads when Turtle is all that will be written."""
        if not turtle:
            return self
        return self.with_turtle() if keep_nquads else self.only_turtle()


@dataclass
class Seen:
    """A post held, as seen so far: the first title (by ``order``), the dates, any undated page."""
    order: tuple
    title: Title
    dates: set[str] = field(default_factory=set)
    undated: bool = False


@dataclass
class Facts:
    """What the resolved graph states, gathered from some of a build's pages: posts held
    (``Seen``, by person key and title), events (the first mention gives the details, by
    ``order``) and participations (event key, person key, role). Facts of disjoint sets of pages
    merge into the facts of their union, whichever process gathered them and in whatever order:
    "first" is by (file name, positions in the file), the order a one-process build reads them."""
    memberships: dict[tuple[str, str], Seen] = field(default_factory=dict)
    events: dict[str, tuple[tuple, EventMention]] = field(default_factory=dict)
    participations: set[tuple[str, str, str]] = field(default_factory=set)

    def merge(self, other: Facts) -> Facts:
        for k, ms in other.memberships.items():
            mine = self.memberships.get(k)
            if mine is None:
                self.memberships[k] = ms
                continue
            if ms.order < mine.order:
                mine.order, mine.title = ms.order, ms.title
            mine.dates |= ms.dates
            mine.undated = mine.undated or ms.undated
        for ek, seen in other.events.items():
            if ek not in self.events or seen[0] < self.events[ek][0]:
                self.events[ek] = seen
        self.participations |= other.participations
        return self


def _block(graph: str, lines: list[str], **counts: int) -> Block:
    # sorted as UTF-8 (the same order as by code point): bytes compare faster than str holding
    # Chinese, 0.44 s instead of 0.62 s for the 700,000 lines of a 10 MB build
    return Block(graph, b"".join(sorted({line.encode("utf-8") for line in lines})), counts)


def event_key(file: str, ev: EventMention) -> str:
    """What makes two event mentions the same event: a full date and a label; an event without a
    year stays within its file."""
    date = ev.date.iso() if ev.date else ""
    return f"{date}|{ev.label}" if ev.date and ev.date.year else f"{file}|{date}|{ev.label}"


def _grade(res: Resolution, lexicon: Lexicon, body_key: str | None, t: Title) -> str:
    """The grade the lexicon gives this post at the level of the place its body governs."""
    if t.former:
        return ""
    level, organ = "", "government"
    if body_key and res.bodies[body_key].governs:
        body = res.bodies[body_key]
        place = res.places.get(body.governs)
        level = place.level if place else ""
        rest = body_key[len(body.governs) + 1:] if body_key.startswith(body.governs + "~") else ""
        organ = ("committee" if rest in ("委", "党委", "党工委") else
                 "government" if rest in ("", "政府", "人民政府") else "department")
    elif not t.body and res.home is not None:
        level = res.home.level
    return lexicon.grades.get((level, organ, t.head), "")


class Emitter:
    """Makes the blocks of a build from its records and their resolution."""

    def __init__(self, res: Resolution, resolver: Resolver, lexicon: Lexicon, versions: dict[str, str],
                 base: str | None = None):
        self.res, self.resolver, self.lexicon, self.versions = res, resolver, lexicon, versions
        self.iris = IRIs(base, text=True) if base else IRIs(text=True)
        self.agents = {name: self.iris.extractor(name, v) for name, v in versions.items()}

    def graph_name(self, file: str) -> str:
        return self.iris.graph(file)[1:-1]

    def _people_keys(self, d: DocumentFacts, art) -> list[tuple[PersonMention, str]]:
        return [(p, self.resolver.person_key(self.res, d.name, art.index, p)) for p in art.people]

    # --- one source file -----------------------------------------------------------------------
    def file_graph(self, d: DocumentFacts) -> Block:
        iris, agents = self.iris, self.agents
        g = iris.graph(d.name)
        end = f" {g} .\n"
        out: list[str] = []
        add = out.append
        f = iris.file(d.name)
        add(f"{f} {a_} {g_['SourceFile']}{end}")
        add(f"{f} {g_['fileName']} {nt_lit(d.name)}{end}")
        add(f"{f} {g_['content']} {nt_lit(d.text)}{end}")
        mention_, in_article, sentence_, rule_ = g_["Mention"], g_["inArticle"], g_["sentence"], g_["rule"]
        begin_, end_, anchor_, by_ = t_["beginIndex"], t_["endIndex"], t_["anchorOf"], t_["wasGeneratedBy"]
        derived = t_["wasDerivedFrom"]
        for art in d.articles:
            a = iris.article(d.name, art.index)
            add(f"{a} {a_} {t_['NewsArticle']}{end}")
            add(f"{a} {g_['sourceFile']} {f}{end}")
            add(f"{a} {g_['articleIndex']} {_int(art.index)}{end}")
            if art.headline:
                add(f"{a} {t_['headline']} {nt_zh(art.headline)}{end}")
            add(f"{a} {begin_} {_int(art.start)}{end}")
            add(f"{a} {end_} {_int(art.end)}{end}")
            if art.pub_date:
                add(f"{a} {t_['datePublished']} {nt_date(art.pub_date.iso())}{end}")

            def mention(m: str, start: int, stop: int, sentence: str, rule: str, agent: str) -> None:
                add(f"{m} {a_} {mention_}{end}")
                add(f"{m} {in_article} {a}{end}")
                add(f"{m} {begin_} {_int(start)}{end}")
                add(f"{m} {end_} {_int(stop)}{end}")
                add(f"{m} {anchor_} {nt_lit(d.text[start:stop])}{end}")
                # every mention has one sentence and one rule (kg/shapes.ttl): fact_sources joins
                # them plainly, which is faster than OPTIONAL. A fact found outside a sentence
                # quotes its own words
                add(f"{m} {sentence_} {_zh(sentence or d.text[start:stop])}{end}")
                add(f"{m} {rule_} {_lit(rule)}{end}")
                add(f"{m} {by_} {agents[agent]}{end}")

            people_here: dict[str, str] = {}
            for p, key in self._people_keys(d, art):
                if p.kind != "reporter":
                    people_here.setdefault(p.name, key)
                person = iris.person(key)
                m = iris.mention(d.name, p.start, p.end, "person")
                mention(m, p.start, p.end, p.sentence, p.rule, "reporters" if p.rule == "reporter" else "people")
                add(f"{m} {g_['person']} {person}{end}")
                add(f"{m} {g_['mentionedName']} {nt_zh(p.name)}{end}")
                if p.kind == "reporter":
                    add(f"{a} {t_['author']} {person}{end}")
                for t in p.titles:
                    add(f"{m} {g_['title']} {nt_zh(t.text)}{end}")
                    if t.printed != t.text:
                        add(f"{m} {g_['printedTitle']} {nt_zh(t.printed)}{end}")
                    add(f"{iris.membership(key, t.text)} {derived} {m}{end}")

            event_keys: list[str] = []
            for ev in art.events:
                ek = event_key(d.name, ev)
                event_keys.append(ek)
                e = iris.event(ek)
                m = iris.mention(d.name, ev.start, ev.end, "event")
                mention(m, ev.start, ev.end, ev.sentence, ev.rule, "events")
                add(f"{e} {derived} {m}{end}")
                add(f"{a} {g_['event']} {e}{end}")

            for pa in art.participations:
                ek = event_keys[pa.event]
                key = people_here.get(pa.name)
                if key is None:
                    continue
                m = iris.mention(d.name, pa.start, pa.end, "role")
                mention(m, pa.start, pa.end, pa.sentence, pa.rule, "roles")
                add(f"{iris.participation(ek, key, pa.role)} {derived} {m}{end}")
        return _block(g[1:-1], out)

    # --- the resolved graph ---------------------------------------------------------------------
    def facts_of(self, docs: list[DocumentFacts]) -> Facts:
        """What the resolved graph states of these pages (any subset, in any order): see ``Facts``."""
        facts = Facts()
        memberships, events, participations = facts.memberships, facts.events, facts.participations
        for d in docs:
            for ai, art in enumerate(d.articles):
                people_here: dict[str, str] = {}
                for pi, (p, key) in enumerate(self._people_keys(d, art)):
                    if p.kind != "reporter":
                        people_here.setdefault(p.name, key)
                    for ti, t in enumerate(p.titles):
                        order = (d.name, ai, pi, ti)
                        ms = memberships.get((key, t.text))
                        if ms is None:
                            ms = memberships[(key, t.text)] = Seen(order, t)
                        elif order < ms.order:
                            ms.order, ms.title = order, t
                        if art.pub_date:
                            ms.dates.add(art.pub_date.iso())
                        else:
                            ms.undated = True
                keys = [event_key(d.name, ev) for ev in art.events]
                for ei, (ek, ev) in enumerate(zip(keys, art.events)):
                    order = (d.name, ai, ei)
                    if ek not in events or order < events[ek][0]:
                        events[ek] = (order, ev)
                for pa in art.participations:        # as file_graph pairs them
                    key = people_here.get(pa.name)
                    if key is not None:
                        participations.add((keys[pa.event], key, pa.role))
        return facts

    def resolved_graph(self, docs: list[DocumentFacts]) -> Block:
        """Merged entities and facts, of all the build's pages."""
        return self.resolved_graph_of(self.facts_of(docs))

    def resolved_graph_of(self, facts: Facts) -> Block:
        """The resolved graph from the facts of all pages (``facts_of``, merged)."""
        res, resolver, lexicon, iris = self.res, self.resolver, self.lexicon, self.iris
        R = iris.resolved_graph()
        end = f" {R} .\n"
        out: list[str] = []
        add = out.append

        def q(s: str, p: str, o: str) -> None:
            add(f"{s} {p} {o}{end}")

        for name, v in sorted(self.versions.items()):
            a = self.agents[name]
            q(a, a_, t_["SoftwareAgent"])
            q(a, label_, nt_lit(f"govkg {name} extractor"))
            q(a, g_["extractorVersion"], nt_lit(f"{__version__}/{v}"))
            q(a, g_["lexiconDigest"], nt_lit(lexicon.digest))

        memberships, participations = facts.memberships, facts.participations
        events = {ek: ev for ek, (_, ev) in facts.events.items()}
        for role in ROLES:
            q(g_[role], a_, g_["Role"])
            q(g_[role], label_, nt_lit(role))

        for key, node in res.people.items():
            p = iris.person(key)
            q(p, a_, t_["Person"])
            q(p, label_, nt_zh(node.name))
            q(p, t_["name"], nt_zh(node.name))
            if node.split_reason:
                q(p, g_["splitReason"], nt_lit(node.split_reason))

        for key, ref in res.places.items():
            pl = iris.place(key)
            q(pl, a_, t_["AdministrativeArea"])
            q(pl, label_, nt_zh(ref.name))
            q(pl, g_["level"], nt_lit(ref.level))
            if ref.code:
                q(pl, g_["adcode"], nt_lit(ref.code))
            if ref.printed != ref.name:
                q(pl, g_["printedName"], nt_zh(ref.printed))
            if ref.parent:
                q(pl, t_["containedInPlace"], iris.place(ref.parent))

        for key, body in res.bodies.items():
            b = iris.body(key)
            q(b, a_, t_["Organization"])
            q(b, label_, nt_zh(body.label))
            if body.kind:
                q(b, g_["bodyKind"], nt_lit(body.kind))
            if body.parent:
                q(b, t_["subOrganizationOf"], iris.body(body.parent))
            if body.governs:
                q(b, g_["governs"], iris.place(body.governs))

        heads: set[str] = set()
        for (key, text), ms in memberships.items():
            t: Title = ms.title
            mi = iris.membership(key, text)
            q(mi, a_, t_["Membership"])
            q(mi, t_["member"], iris.person(key))
            q(mi, g_["title"], nt_zh(text))
            q(mi, label_, nt_zh(f"{text} {res.people[key].name}"))
            q(mi, t_["orgRole"], iris.post_role(t.head))
            heads.add(t.head)
            body_key = res.title_body.get((t.text, t.body))
            if body_key:
                q(mi, t_["organization"], iris.body(body_key))
            if t.rank:
                q(mi, g_["rank"], nt_lit(t.rank))
            grade = _grade(res, lexicon, body_key, t)
            if grade:
                q(mi, g_["grade"], nt_zh(grade))
            if t.former:
                q(mi, g_["former"], nt_bool(True))
            dates = sorted(ms.dates)
            for dte in dates:
                q(mi, g_["observedOn"], nt_date(dte))
            full = [x for x in dates if not x.startswith("--")]
            if full:
                q(mi, g_["firstSeen"], nt_date(full[0]))
                q(mi, g_["lastSeen"], nt_date(full[-1]))
            if ms.undated:
                q(mi, g_["undatedObservation"], nt_bool(True))
        for head in sorted(heads):
            q(iris.post_role(head), a_, t_["OrgRole"])
            q(iris.post_role(head), label_, nt_zh(head))

        attended = {ek for ek, _, _ in participations}
        for ek, ev in events.items():
            e = iris.event(ek)
            q(e, a_, t_["Event"])
            q(e, label_, nt_zh(ev.label))
            q(e, t_["name"], nt_zh(ev.label))
            q(e, g_["eventKind"], nt_lit(ev.kind))
            if ev.date:
                q(e, t_["startDate"], nt_date(ev.date.iso()))
                if ev.date.source:
                    q(e, g_["dateSource"], nt_lit(ev.date.source))
            else:
                q(e, g_["undated"], nt_bool(True))
            if ev.part_of_day:
                q(e, g_["partOfDay"], nt_zh(ev.part_of_day))
            if ev.ordinal is not None:
                q(e, g_["ordinal"], nt_int(ev.ordinal))
            if ev.session is not None:
                q(e, g_["session"], nt_int(ev.session))
            if ev.organizer:
                q(e, t_["organizer"], iris.body(resolver.body_key(res, ev.organizer)))
            if ev.place:
                q(e, g_["placeName"], nt_zh(ev.place))
            if ek not in attended:
                q(e, g_["noParticipant"], nt_bool(True))
        for ek, key, role in participations:
            part = iris.participation(ek, key, role)
            q(part, a_, g_["Participation"])
            q(part, g_["event"], iris.event(ek))
            q(part, g_["participant"], iris.person(key))
            q(part, g_["role"], g_[role])
        return _block(R[1:-1], out, events=len(events), memberships=len(memberships),
                      participations=len(participations))


__all__ = ["Block", "Emitter", "Facts", "event_key"]
