"""A cleaned page into articles: headline lines, lead (本报讯…), body, bylines.

An article starts at a headline group (markdown ``#`` lines, or short lines without
sentence-final punctuation) or at a lead ``本报讯`` that follows another article's body.
Bylines (``本报记者 张辉``) and photo credits stay with the article they stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .text import FULL_STOPS, LEAD_RE, Page, Para

# a short aside in brackets on a line of its own: （礼炮声、掌声）, （间奏）, （开始曲）: neither a
# headline nor a part of the story
ASIDE_RE = re.compile(r"^\s*[（(][^（()）\d]{1,12}[)）]\s*$")
BYLINE_RE = re.compile(r"^(?:本报记者|记者|本报通讯员|通讯员|特约记者)\s*[\u4e00-\u9fff]{2,4}(?:\s+\S{2,4})*"
                       r"(?:\s*(?:文/图|图/文|摄))?\s*$")


@dataclass
class Article:
    index: int
    headlines: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    extra: list[Para] = field(default_factory=list)      # bylines and photo credits

    @property
    def headline(self) -> str:
        if not self.headlines:
            return self.body[0].text[:40] if self.body else ""
        top = min(p.heading or 9 for p in self.headlines)
        return next(p.text for p in self.headlines if (p.heading or 9) == top)

    @property
    def paras(self) -> list[Para]:
        return self.headlines + self.body

    @property
    def start(self) -> int:
        return min(p.start for p in self.paras + self.extra)

    @property
    def end(self) -> int:
        return max(p.end for p in self.paras + self.extra)

    def lead(self) -> tuple[int, int]:
        """Where the lead paragraph lies in ``joined()``'s text: the first body paragraph that
        ends a sentence (a web page's metadata line, 信息来源：…, or a list of those present,
        出席会议的有：A（市委书记）；…, does not), else the first."""
        at = sum(len(p.text) + 1 for p in self.headlines)
        first = None
        for p in self.body:
            if first is None:
                first = (at, at + len(p.text))
            if any(c in FULL_STOPS for c in p.text):
                return at, at + len(p.text)
            at += len(p.text) + 1
        return first or (at, at - 1)

    def joined(self) -> tuple[str, list[int]]:
        """The article's cleaned text (paragraphs joined by newlines) and per-character offsets."""
        text: list[str] = []
        pos: list[int] = []
        for p in self.paras:
            if text:
                text.append("\n")
                pos.append(pos[-1] + 1)          # the line break after the previous paragraph
            text.append(p.text)
            pos.extend(p.pos)
        return "".join(text), pos


def split_articles(page: Page, lexicon: Lexicon) -> list[Article]:
    articles: list[Article] = []
    cur = Article(0)

    def close() -> None:
        nonlocal cur
        if cur.body or cur.headlines or cur.extra:
            articles.append(cur)
        cur = Article(len(articles))

    for para in page.paras:
        text = para.text
        if para.kind == "credit" or BYLINE_RE.match(text) or ASIDE_RE.match(text):
            cur.extra.append(para)
            continue
        if para.looks_like_headline() and para.kind not in ("caption", "row"):
            if cur.body:
                close()
            cur.headlines.append(para)
            continue
        if LEAD_RE.match(text) and any(LEAD_RE.match(p.text) for p in cur.body):
            close()
        cur.body.append(para)
    close()
    # photo credits and bylines before any article belong to the first one
    return articles
