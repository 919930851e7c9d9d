"""One node per real person, body and place across all articles of a build.

People: mentions of one name in one article are one person; across articles, groups of the
same name merge when their jurisdictions are compatible (one contains the other, or one says
none); the same name with posts in different places stays apart, with the reason kept.
Reporters are kept apart from officials of the same name. Bodies: surface forms resolve to one
body under the home jurisdiction, with their parent. Everything is keyed deterministically.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon, Place
from .model import DocumentFacts, PersonMention
from .places import Gazetteer, PlaceRef

SESSION = re.compile(r"第?[\d一二三四五六七八九十]+届")

# What resolution reads of a page, as plain tuples (a worker process sends these to the parent
# rather than the whole records: a fifth of the bytes, and no objects to rebuild):
# (file name, prefecture counts, articles), an article (index, people, event organisers),
# a person (name, kind, titles), a title (text, body, head).
TitleKey = tuple[str, str, str]
PersonSummary = tuple[str, str, tuple[TitleKey, ...]]
ArticleSummary = tuple[int, tuple[PersonSummary, ...], tuple[str, ...]]
DocSummary = tuple[str, dict[str, int], tuple[ArticleSummary, ...]]


def summarize(d: DocumentFacts) -> DocSummary:
    """The part of a page's records that resolution reads."""
    return (d.name, d.prefectures, tuple(
        (a.index, tuple((p.name, p.kind, tuple((t.text, t.body, t.head) for t in p.titles)) for p in a.people),
         tuple(ev.organizer for ev in a.events if ev.organizer))
        for a in d.articles))


@dataclass
class Body:
    key: str
    label: str
    kind: str = ""
    parent: str | None = None
    governs: str | None = None


@dataclass
class PersonNode:
    key: str
    name: str
    kind: str
    places: set[str] = field(default_factory=set)
    split_reason: str = ""


@dataclass
class Resolution:
    home: Place | None
    people: dict[str, PersonNode] = field(default_factory=dict)
    person_of: dict[tuple[str, int, str, str], str] = field(default_factory=dict)   # (file, article, name, kind) → key
    bodies: dict[str, Body] = field(default_factory=dict)
    places: dict[str, PlaceRef] = field(default_factory=dict)
    title_body: dict[tuple[str, str], str] = field(default_factory=dict)      # (title text, body) → body key


class Resolver:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.gaz = Gazetteer(lexicon)
        self.depts = sorted(self.lex.bodies.items(), key=lambda kv: (-len(kv[0]), kv[0]))

    def run(self, docs: list[DocSummary]) -> Resolution:
        """Resolve the pages' summaries (``summarize``), given in file-name order (a body's
        label is the first form seen)."""
        home = self.gaz.home_city(d[1] for d in docs)
        res = Resolution(home=home)
        for _, _, articles in docs:
            for _, people, organizers in articles:
                for _, _, titles in people:
                    for t in titles:
                        self._body(res, t)
                for organizer in organizers:
                    self.body_key(res, organizer)
        self._people(res, docs)
        return res

    # --- bodies and places ------------------------------------------------------------------
    def _add_places(self, res: Resolution, refs: list[PlaceRef]) -> None:
        for r in refs:
            res.places.setdefault(r.key, r)
            if r.parent and r.parent not in res.places and r.parent in self.lex.places:
                p = self.lex.places[r.parent]
                self._add_places(res, [PlaceRef(p.code, p.name, p.name, p.level, p.parent, p.code)])

    def _body(self, res: Resolution, t: TitleKey) -> str | None:
        text, body, head = t
        if not body or head in self.lex.reporter_titles:
            return None
        if (text, body) in res.title_body:
            return res.title_body[(text, body)]
        key = self.body_key(res, body)
        res.title_body[(text, body)] = key
        return key

    def body_key(self, res: Resolution, body: str) -> str:
        refs, rest = self.gaz.split(body, res.home)
        self._add_places(res, refs)
        scope = refs[-1].key if refs else ""
        organ = SESSION.sub("", rest)                  # 市七届人大常委会 is 市人大常委会 in its 7th term
        key = (f"{scope}~{organ}" if organ else scope) if scope else SESSION.sub("", body)
        if key in res.bodies:
            return key
        kind = self.lex.bodies.get(rest, ("", ""))[1]
        node = Body(key=key, label=body, kind=kind, governs=scope or None)
        res.bodies[key] = node
        node.parent = self._parent(res, body)
        return key

    def _parent(self, res: Resolution, body: str) -> str | None:
        """市委组织部 → 市委; 禹州市纪委 → 禹州市委; 市民政局 → 市政府; 樊沟社区党总支 → 樊沟社区."""
        for dept, (parent_kind, _) in self.depts:
            if not body.endswith(dept) or len(body) == len(dept):
                continue
            head = body[: -len(dept)]
            if parent_kind == "党委":
                head = head if head.endswith("委") else head + "委"
            elif parent_kind == "政府":
                head = head + "政府" if head[-1] in "市区县镇乡" else head
            else:
                return None
            return self.body_key(res, head) if head != body else None
        for organ in self.lex.party_organs:
            if body.endswith(organ) and len(body) > len(organ):
                return self.body_key(res, body[: -len(organ)])
        return None

    # --- people ----------------------------------------------------------------------------
    def _scope(self, res: Resolution, titles: tuple[TitleKey, ...]) -> set[str]:
        out: set[str] = set()
        for text, body, _ in titles:
            key = res.title_body.get((text, body))
            if key and key in res.bodies and res.bodies[key].governs:
                out.add(res.bodies[key].governs)
        return out

    def _contains(self, res: Resolution, outer: str, inner: str) -> bool:
        seen = 0
        while inner and seen < 12:
            if inner == outer:
                return True
            ref = res.places.get(inner)
            inner = ref.parent if ref else None
            seen += 1
        return False

    def _compatible(self, res: Resolution, a: set[str], b: set[str]) -> bool:
        if not a or not b:
            return True
        return any(x == y or self._contains(res, x, y) or self._contains(res, y, x) for x in a for y in b)

    def _people(self, res: Resolution, docs: list[DocSummary]) -> None:
        groups: dict[tuple[str, str], list[tuple[str, int, set[str]]]] = defaultdict(list)
        for file, _, articles in docs:
            for index, people, _ in articles:
                per_name: dict[tuple[str, str], set[str]] = {}
                for name, kind, titles in people:
                    k = (name, "reporter" if kind == "reporter" else "official")
                    per_name.setdefault(k, set()).update(self._scope(res, titles))
                for k, scope in per_name.items():
                    groups[k].append((file, index, scope))
        for (name, kind), members in sorted(groups.items()):
            clusters: list[tuple[set[str], list[tuple[str, int]]]] = []
            for file, idx, scope in members:
                for c_scope, c_members in clusters:
                    if self._compatible(res, c_scope, scope):
                        c_scope.update(scope)
                        c_members.append((file, idx))
                        break
                else:
                    clusters.append((set(scope), [(file, idx)]))
            for n, (scope, mem) in enumerate(clusters):
                base = name if kind == "official" else f"{name}~记者"
                key = base if n == 0 else f"{base}~{n + 1}"
                node = PersonNode(key=key, name=name, kind=kind, places=scope)
                if len(clusters) > 1:
                    others = sorted({pl for i, (s, _) in enumerate(clusters) if i != n for pl in s})
                    node.split_reason = (f"同名不同人: posts in {', '.join(sorted(scope)) or '?'} "
                                         f"conflict with {', '.join(others) or '?'}")
                res.people[key] = node
                for file, idx in mem:
                    res.person_of[(file, idx, name, kind)] = key

    def person_key(self, res: Resolution, file: str, article: int, p: PersonMention) -> str:
        kind = "reporter" if p.kind == "reporter" else "official"
        return res.person_of[(file, article, p.name, kind)]
