"""One document through the extractors: file text → page → articles → mentions and events.

``extract_document`` is a pure function of the document, the lexicon and the options, so it
can run in any process (``--jobs``) or engine and give the same records.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from . import dates
from .articles import split_articles
from .extract.events import EventExtractor
from .extract.names import NameFinder
from .extract.people import PeopleExtractor
from .extract.reporters import ReporterExtractor
from .extract.roles import RoleExtractor
from .ingest import Document
from .lexicon import Lexicon
from .model import ArticleFacts, DateValue, DocumentFacts
from .places import Gazetteer
from .text import clean_page


@dataclass
class Extractors:
    lexicon: Lexicon

    def __post_init__(self) -> None:
        names = NameFinder(self.lexicon)
        self.people = PeopleExtractor(self.lexicon, names)
        self.reporters = ReporterExtractor(self.lexicon)
        self.events = EventExtractor(self.lexicon)
        self.roles = RoleExtractor(self.lexicon)
        self.gazetteer = Gazetteer(self.lexicon)

    @property
    def versions(self) -> dict[str, str]:
        return {e.name: e.version for e in (self.people, self.reporters, self.events, self.roles)}


def extract_document(doc: Document, ex: Extractors, date_option: DateValue | None = None) -> DocumentFacts:
    lex = ex.lexicon
    page = clean_page(doc.text, lex)
    pub = dates.page_date(doc.text, doc.name, date_option)
    facts = DocumentFacts(name=doc.name, text=doc.text, pub_date=pub,
                          prefectures=ex.gazetteer.prefecture_counts(doc.text))
    arts = [(art, *art.joined()) for art in split_articles(page, lex)]
    found = [ex.people.extract(text, pos) for _, text, pos in arts]
    # a name given a title in one article of the page is a person in the others too (相关新闻:
    # 范知远会见了……, introduced as 区长 above)
    page_names = frozenset(p.name for people in found for p in people if p.titles and p.kind == "official")
    for k, (_, text, pos) in enumerate(arts):
        here = {p.name for p in found[k]}
        if any(n in text for n in page_names - here):
            found[k] = ex.people.extract(text, pos, page_names)
    month_before = None              # on a page with no date: the month of the last event above
    for (art, text, pos), officials in zip(arts, found):
        lead_start, lead_end = art.lead()
        af = ArticleFacts(index=art.index, headline=art.headline, start=art.start, end=art.end, pub_date=pub)
        reporters = ex.reporters.extract(doc.text, art.start, art.end)
        af.people = sorted(officials + reporters, key=lambda p: (p.start, p.end, p.name))
        spans = [(bisect.bisect_left(pos, p.start), bisect.bisect_left(pos, p.end - 1) + 1)
                 for p in officials]        # named again without a title too (范知远会见了……)
        af.events = ex.events.extract(text, pos, [h.text for h in art.headlines], lead_end, pub, spans,
                                       lead_start, month_before)
        month_before = next((e.date for e in reversed(af.events) if e.date and e.date.month), month_before)
        af.participations = ex.roles.extract(text, pos, officials, af.events, lead_end)
        facts.articles.append(af)
    return facts

