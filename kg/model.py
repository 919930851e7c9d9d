"""Plain records that flow from extraction to the ontology: no IRIs, no RDF.

Offsets (``start``/``end``) are character offsets into the original decoded file text,
half-open, so ``document.text[start:end]`` is what the record was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DateValue:
    month: int
    day: int
    year: int | None = None
    source: str = ""          # where the year came from: text, article, masthead, option, filename, header

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else f"--{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Title:
    text: str                 # the title with an omitted body prefix restored: 市委组织部部长
    printed: str              # as printed: 组织部部长
    head: str                 # the post word: 部长
    body: str                 # the body: 市委组织部 ('' when the title names none)
    rank: str = ""            # 正 | 副 | ''
    former: bool = False      # 原主任


@dataclass(frozen=True)
class PersonMention:
    name: str
    start: int
    end: int
    titles: tuple[Title, ...] = ()
    kind: str = "official"    # official | reporter
    sentence: str = ""
    rule: str = ""


@dataclass(frozen=True)
class EventMention:
    label: str
    kind: str
    start: int
    end: int
    date: DateValue | None = None
    part_of_day: str = ""
    ordinal: int | None = None
    session: int | None = None
    organizer: str = ""
    place: str = ""
    sentence: str = ""
    rule: str = ""
    actors: tuple[tuple[int, int], ...] = ()   # offsets of the people the text makes its actors


@dataclass(frozen=True)
class Participation:
    event: int                # index into ArticleFacts.events
    name: str
    role: str                 # presided | attended | spoke | nonvoting
    start: int
    end: int
    sentence: str = ""
    rule: str = ""


@dataclass
class ArticleFacts:
    index: int
    headline: str
    start: int
    end: int
    pub_date: DateValue | None = None
    people: list[PersonMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)


@dataclass
class DocumentFacts:
    name: str
    text: str
    pub_date: DateValue | None
    articles: list[ArticleFacts] = field(default_factory=list)
    prefectures: dict[str, int] = field(default_factory=dict)   # prefecture code → times named (home city)
