"""Records and their resolution → RDF quads (pyoxigraph terms), one named graph per source file.

Per-file graphs hold what a file says: the file, its articles, mentions with offsets and
sentences, and the facts they support (membership observations, event mentions,
participations). The resolved graph holds the merged entities: people, bodies, places,
memberships with the dates they were seen, events.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import pyoxigraph as ox

from . import __version__
from .lexicon import Lexicon
from .model import DocumentFacts, Title
from .ontology import A, G, LABEL, T, IRIs, boolean, date_literal, integer, lit, zh
from .resolve import Resolution, Resolver

Quad = ox.Quad
MENTION, IN_ARTICLE, SENTENCE, RULE = G["Mention"], G["inArticle"], G["sentence"], G["rule"]
BEGIN, END, ANCHOR, GENERATED_BY = T["beginIndex"], T["endIndex"], T["anchorOf"], T["wasGeneratedBy"]
_integer = lru_cache(maxsize=1 << 16)(integer)     # offsets, indexes: small numbers recur
_zh = lru_cache(maxsize=1 << 12)(zh)               # a sentence is quoted by each of its mentions
_lit = lru_cache(maxsize=1 << 10)(lit)             # rule names


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


def emit(docs: list[DocumentFacts], res: Resolution, resolver: Resolver, iris: IRIs, lexicon: Lexicon,
         versions: dict[str, str]) -> Iterator[Quad]:
    R = iris.resolved_graph()
    agents = {name: iris.extractor(name, v) for name, v in versions.items()}
    for name, v in sorted(versions.items()):
        a = agents[name]
        yield Quad(a, A, T["SoftwareAgent"], R)
        yield Quad(a, LABEL, lit(f"govkg {name} extractor"), R)
        yield Quad(a, G["extractorVersion"], lit(f"{__version__}/{v}"), R)
        yield Quad(a, G["lexiconDigest"], lit(lexicon.digest), R)

    memberships: dict[tuple[str, str], dict] = {}
    events: dict[str, dict] = {}

    for d in docs:
        g = iris.graph(d.name)
        f = iris.file(d.name)
        yield Quad(f, A, G["SourceFile"], g)
        yield Quad(f, G["fileName"], lit(d.name), g)
        yield Quad(f, G["content"], lit(d.text), g)
        for art in d.articles:
            a = iris.article(d.name, art.index)
            yield Quad(a, A, T["NewsArticle"], g)
            yield Quad(a, G["sourceFile"], f, g)
            yield Quad(a, G["articleIndex"], integer(art.index), g)
            if art.headline:
                yield Quad(a, T["headline"], zh(art.headline), g)
            yield Quad(a, T["beginIndex"], integer(art.start), g)
            yield Quad(a, T["endIndex"], integer(art.end), g)
            if art.pub_date:
                yield Quad(a, T["datePublished"], date_literal(art.pub_date.iso()), g)

            def mention(m, start: int, end: int, sentence: str, rule: str, agent: str) -> list[Quad]:
                out = [Quad(m, A, MENTION, g), Quad(m, IN_ARTICLE, a, g),
                       Quad(m, BEGIN, _integer(start), g), Quad(m, END, _integer(end), g),
                       Quad(m, ANCHOR, lit(d.text[start:end]), g)]
                if sentence:
                    out.append(Quad(m, SENTENCE, _zh(sentence), g))
                out.append(Quad(m, RULE, _lit(rule), g))
                out.append(Quad(m, GENERATED_BY, agents[agent], g))
                return out

            people_here: dict[str, str] = {}
            for p in art.people:
                key = resolver.person_key(res, d.name, art.index, p)
                people_here.setdefault(p.name, key) if p.kind != "reporter" else None
                person = iris.person(key)
                m = iris.mention(d.name, p.start, p.end, "person")
                yield from mention(m, p.start, p.end, p.sentence, p.rule,
                                   "reporters" if p.rule == "reporter" else "people")
                yield Quad(m, G["person"], person, g)
                yield Quad(m, G["mentionedName"], zh(p.name), g)
                if p.kind == "reporter":
                    yield Quad(a, T["author"], person, g)
                for t in p.titles:
                    yield Quad(m, G["title"], zh(t.text), g)
                    if t.printed != t.text:
                        yield Quad(m, G["printedTitle"], zh(t.printed), g)
                    ms = memberships.setdefault((key, t.text), {"title": t, "dates": set(), "undated": False})
                    yield Quad(iris.membership(key, t.text), T["wasDerivedFrom"], m, g)
                    if art.pub_date:
                        ms["dates"].add(art.pub_date.iso())
                    else:
                        ms["undated"] = True

            event_keys: list[str] = []
            for ev in art.events:
                date = ev.date.iso() if ev.date else ""
                ek = f"{date}|{ev.label}" if ev.date and ev.date.year else f"{d.name}|{date}|{ev.label}"
                event_keys.append(ek)
                e = iris.event(ek)
                events.setdefault(ek, {"ev": ev})
                m = iris.mention(d.name, ev.start, ev.end, "event")
                yield from mention(m, ev.start, ev.end, ev.sentence, ev.rule, "events")
                yield Quad(e, T["wasDerivedFrom"], m, g)
                yield Quad(a, G["event"], e, g)

            for pa in art.participations:
                ek = event_keys[pa.event]
                key = people_here.get(pa.name)
                if key is None:
                    continue
                part = iris.participation(ek, key, pa.role)
                m = iris.mention(d.name, pa.start, pa.end, "role")
                yield from mention(m, pa.start, pa.end, pa.sentence, pa.rule, "roles")
                yield Quad(part, A, G["Participation"], g)
                yield Quad(part, G["event"], iris.event(ek), g)
                yield Quad(part, G["participant"], iris.person(key), g)
                yield Quad(part, G["role"], G[pa.role], g)
                yield Quad(part, T["wasDerivedFrom"], m, g)

    # --- the resolved graph -----------------------------------------------------------------
    for role in ("presided", "attended", "spoke", "nonvoting"):
        yield Quad(G[role], A, G["Role"], R)
        yield Quad(G[role], LABEL, lit(role), R)

    for key, node in res.people.items():
        p = iris.person(key)
        yield Quad(p, A, T["Person"], R)
        yield Quad(p, LABEL, zh(node.name), R)
        yield Quad(p, T["name"], zh(node.name), R)
        if node.split_reason:
            yield Quad(p, G["splitReason"], lit(node.split_reason), R)

    for key, ref in res.places.items():
        pl = iris.place(key)
        yield Quad(pl, A, T["AdministrativeArea"], R)
        yield Quad(pl, LABEL, zh(ref.name), R)
        yield Quad(pl, G["level"], lit(ref.level), R)
        if ref.code:
            yield Quad(pl, G["adcode"], lit(ref.code), R)
        if ref.printed != ref.name:
            yield Quad(pl, G["printedName"], zh(ref.printed), R)
        if ref.parent:
            yield Quad(pl, T["containedInPlace"], iris.place(ref.parent), R)

    for key, body in res.bodies.items():
        b = iris.body(key)
        yield Quad(b, A, T["Organization"], R)
        yield Quad(b, LABEL, zh(body.label), R)
        if body.kind:
            yield Quad(b, G["bodyKind"], lit(body.kind), R)
        if body.parent:
            yield Quad(b, T["subOrganizationOf"], iris.body(body.parent), R)
        if body.governs:
            yield Quad(b, G["governs"], iris.place(body.governs), R)

    heads: set[str] = set()
    for (key, text), ms in memberships.items():
        t: Title = ms["title"]
        mi = iris.membership(key, text)
        yield Quad(mi, A, T["Membership"], R)
        yield Quad(mi, T["member"], iris.person(key), R)
        yield Quad(mi, G["title"], zh(text), R)
        yield Quad(mi, LABEL, zh(f"{text} {res.people[key].name}"), R)
        yield Quad(mi, T["orgRole"], iris.post_role(t.head), R)
        heads.add(t.head)
        body_key = res.title_body.get((t.text, t.body))
        if body_key:
            yield Quad(mi, T["organization"], iris.body(body_key), R)
        if t.rank:
            yield Quad(mi, G["rank"], lit(t.rank), R)
        grade = _grade(res, lexicon, body_key, t)
        if grade:
            yield Quad(mi, G["grade"], zh(grade), R)
        if t.former:
            yield Quad(mi, G["former"], boolean(True), R)
        dates = sorted(ms["dates"])
        for dte in dates:
            yield Quad(mi, G["observedOn"], date_literal(dte), R)
        full = [x for x in dates if not x.startswith("--")]
        if full:
            yield Quad(mi, G["firstSeen"], date_literal(full[0]), R)
            yield Quad(mi, G["lastSeen"], date_literal(full[-1]), R)
        if ms["undated"]:
            yield Quad(mi, G["undatedObservation"], boolean(True), R)
    for head in sorted(heads):
        yield Quad(iris.post_role(head), A, T["OrgRole"], R)
        yield Quad(iris.post_role(head), LABEL, zh(head), R)

    for ek, info in events.items():
        ev = info["ev"]
        e = iris.event(ek)
        yield Quad(e, A, T["Event"], R)
        yield Quad(e, LABEL, zh(ev.label), R)
        yield Quad(e, T["name"], zh(ev.label), R)
        yield Quad(e, G["eventKind"], lit(ev.kind), R)
        if ev.date:
            yield Quad(e, T["startDate"], date_literal(ev.date.iso()), R)
            if ev.date.source:
                yield Quad(e, G["dateSource"], lit(ev.date.source), R)
        else:
            yield Quad(e, G["undated"], boolean(True), R)
        if ev.part_of_day:
            yield Quad(e, G["partOfDay"], zh(ev.part_of_day), R)
        if ev.ordinal is not None:
            yield Quad(e, G["ordinal"], integer(ev.ordinal), R)
        if ev.session is not None:
            yield Quad(e, G["session"], integer(ev.session), R)
        if ev.organizer:
            yield Quad(e, T["organizer"], iris.body(resolver.body_key(res, ev.organizer)), R)
        if ev.place:
            yield Quad(e, G["placeName"], zh(ev.place), R)
