"""Cleaning OCR'd page text without losing offsets into the original file.

A page becomes a list of paragraphs. Each paragraph keeps, for every character of its cleaned
text, the offset of that character in the original (decoded) file, so every mention found in
clean text can point back at the exact characters it came from.

Cleaning does: page furniture dropped (mastheads, issue numbers, ``(下转第七版)``), spaces
inside Chinese text removed (``胡 五岳`` → ``胡五岳``), lines broken mid-sentence joined,
repeated paragraphs dropped (their facts are extracted once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import Lexicon

CJKISH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·]")
MAX_HEADLINE = 120
TERMINAL = set("。！？!?；;…”」』")
FULL_STOPS = "。！？!?"        # what ends a sentence for good
_ENDS = FULL_STOPS + "；;"     # sentence-final punctuation
HEADLINE_BAD_END = set("，,、：:；;（(“")
# sentence-final marks a headline does not hold: an OCR'd half-width full stop after a Chinese
# character counts (召开.市委书记…), and so does a semicolon
_FULL_STOP = re.compile(rf"[{_ENDS}]|(?<=[\u4e00-\u9fff])\.(?![\d.])")
_COMMA = re.compile(r"[,，]")
# a field of minutes (出席：…, 列席人员：…, 主持人：…) is a list, never a headline
_FIELD_LINE = re.compile(r"^(?:出席|列席|参加|参会|与会|缺席|请假|主持|记录|时间|地点)(?:人员|人|者)?[:：]")
# a paragraph ending with its credit after the last sentence: ……高票通过。（记者 熊若曦）
_CREDIT_END = re.compile(r"[。！？!?；;…”][（(][^（()）]{1,24}[)）]$")
# a line that starts the next field of minutes (出席会议的有：, 会议地点：): not the rest of the one before
_NEXT_FIELD = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}(?:的有|人员|人|者|时间|地点|议题|主题)|出席|列席|参加|缺席|主持)[:：]")
_HEADING = re.compile(r"^\s*(#{1,6})\s*")
# a rundown's items under its head: ◆ 市委常委会会议召开, 1、新春第一会
_BLOCK_ITEM = re.compile(r"^\s*(?:[◆◇●○■□▶►▷★☆▪▸◎•·]|\d{1,2}(?:\s*[、.．）)]|[ \u3000\t])|[（(]\d{1,2}[)）])")
_BULLET = re.compile(r"^\s*(?:[-*]\s+|▌\s*(?:\d{1,2}[ \u3000\t]+)?)")     # - item; ▌ (▌01) a section's heading
# a line that is only a date (a notice's signature, a page's date): never the first half of a
# sentence cut by a column break
_DATE_LINE = re.compile(r"^\s*(?:(?:(?:19|20)\d{2}|[一二][〇零○一二三四五六七八九]{3})\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                        r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*(?:星期.|周.)?\s*$")
# a lead's opening: 本报讯, 某日报讯, 本台消息, 新华社济南5月6日电 (a line that opens so is never a headline)
LEAD_RE = re.compile(r"^\s*(?:本报讯|[\u4e00-\u9fff]{1,8}?(?:网|台|社|报|日报|晚报|客户端)讯(?!员)"
                     r"|本(?:台|报|网)消息"
                     r"|新华社[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电)")
_STARTS_NEW = re.compile(r"^(本报讯|[\u4e00-\u9fff]{1,8}?(?:网|台|社|报)讯(?!员)|新华社|本报记者|本报通讯员|记者|通讯员|——|—"
                         r"|\d{1,2}月\d{1,2}日|[（(]记者|▲|#)")


@dataclass
class Para:
    """A cleaned paragraph: ``text`` and, per character, its offset ``pos`` in the original."""

    text: str
    pos: list[int]
    heading: int = 0          # markdown heading level; 0 for body text
    kind: str = "body"        # body | headline | byline | credit | caption (a broadcast's 【字幕】 line)
    #                           | row (a line of a table, its cells parted by tabs)
    bullet: bool = False      # a list item ("- …"): never joined to the line before
    after_heading: bool = False   # it had a '#' mark, or a '#' line emptied by cleaning stood before it: not joined either
    width: float = 0.0        # the printed width of its (last) line: a Chinese character 1, an ASCII one 0.5
    blank_before: bool = False    # an empty line stood before it
    indent: bool = False      # its (first) line starts with an indent (　　本报讯……): a paragraph's start

    @property
    def start(self) -> int:
        return self.pos[0] if self.pos else 0

    @property
    def end(self) -> int:
        return self.pos[-1] + 1 if self.pos else 0

    def looks_like_headline(self) -> bool:
        if self.heading:
            return True
        t = self.text.strip()
        if LEAD_RE.match(t):
            return False                                  # 本报讯（记者甲）1月16日，市委书记乙主持召: a lead cut
        if not (0 < len(t) <= 64 and not _FULL_STOP.search(t)
                and t[-1] not in HEADLINE_BAD_END and not t[0].isdigit()) or _FIELD_LINE.match(t):
            return False
        if t.count("“") > t.count("”") or t.count("(") > t.count(")") or t.count("（") > t.count("）"):
            return False                                  # cut inside a quotation: a broken line
        parts = _COMMA.split(t)
        return len(parts) <= 2 and all(len(p) >= 3 for p in parts)


@dataclass
class Page:
    raw: str
    paras: list[Para] = field(default_factory=list)
    furniture: list[tuple[int, int]] = field(default_factory=list)   # raw spans dropped


# a field's label spaced out to the width of the others: 时　　间：, 主 持 人：, 列　　席：
_SPACED_FIELD = re.compile(r"^[\u4e00-\u9fff](?:[ \u3000\t]+[\u4e00-\u9fff]){1,3}[ \u3000\t]*[:：]")


def _field_label(text: str, pos: list[int]) -> tuple[str, list[int]]:
    """Minutes' spaced field labels closed up (时 间：… → 时间：…), so that they read as fields."""
    m = _SPACED_FIELD.match(text)
    if not m:
        return text, pos
    keep = [i for i in range(len(text)) if i >= m.end() or text[i] not in " \u3000\t"]
    return "".join(text[i] for i in keep), [pos[i] for i in keep if i < len(pos)]


def _lines(raw: str):
    """(offset, line) for each line of raw, without its line break."""
    start = 0
    for line in raw.split("\n"):
        yield start, line.rstrip("\r")
        start += len(line) + 1


_NEEDS_CLEANING = re.compile(r"[\s\ufeff\u200b\u200c\u200d\u00ad\x00-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u00ad\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")      # re's \s is str.isspace()


def _column_gap(run: str) -> bool:
    """Whether a run of spaces between Chinese characters is a table's column gap (王  斌    县委常委:
    four widths or more, an ideographic space two, a tab four), not a name's padding or OCR's."""
    if len(run) == 1:                                          # most runs: one space
        return run == "\t"
    return sum(4 if c == "\t" else 2 if c == "\u3000" else 1 for c in run) >= 4


_INDENT = ("\u3000", " ", "\t")
_SPACED = re.compile(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff]")
_TOKEN = re.compile(r"\S+")


def _name_gaps(line: str, lexicon: Lexicon) -> frozenset[int]:
    """The gaps of a line that lists names with spaces between them instead of 、 (省领导 钱友谅　蔺晓东
    俞兰芝 在主席台就座): the starts of the space runs between three or more names in a row, kept as
    one space each. A name padded by OCR (胡 五岳) leaves a part of one character, so it is not one."""
    if sum(1 for part in line.split() if len(part) <= 4) < 3:     # most lines: OCR's stray spaces in prose
        return frozenset()
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(line)]
    merged: list[tuple[int, int, str]] = []          # a padded name in the list (陆　宏) is one
    for a, b, t in tokens:
        if merged and len(merged[-1][2]) == 1 and merged[-1][2] in lexicon.surnames and len(t) <= 2 \
                and all("\u4e00" <= c <= "\u9fff" for c in t):
            merged[-1] = (merged[-1][0], b, merged[-1][2] + t)
        else:
            merged.append((a, b, t))
    tokens = merged

    def namey(t: str) -> bool:
        if not (2 <= len(t) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in t)):
            return False
        if not ((len(t) <= 3 and t[0] in lexicon.surnames) or t[:2] in lexicon.compound_surnames):
            return False
        return not lexicon.title_re.search(t) and not lexicon.role_re.search(t) and t not in lexicon.common_words

    keep: set[int] = set()
    run: list[int] = []
    for k, (_, _, t) in enumerate([*tokens, (0, 0, "")]):
        if k < len(tokens) and namey(t):
            run.append(k)
            continue
        if len(run) >= 3:
            keep.update(tokens[i][1] for i in run[:-1])
        run = []
    return frozenset(keep)


def _squeeze_spaces(line: str, start: int, keep: frozenset[int] = frozenset()) -> tuple[str, list[int]]:
    """``_clean_line`` for a line whose only characters to clean are spaces (no control or
    invisible characters, no furniture): each run of spaces is dropped, or kept as one space
    (at the run's first offset) unless it stands between two Chinese characters (and is not one
    of ``keep``, the gaps of a list of names)."""
    chars: list[str] = []
    pos: list[int] = []
    n = len(line)
    done = 0
    for m in _SPACES.finditer(line):
        a, b = m.span()
        chars.append(line[done:a])
        pos.extend(range(start + done, start + a))
        if a and b < n and (not (CJKISH.match(line[a - 1]) and CJKISH.match(line[b])) or _column_gap(line[a:b])
                            or a in keep):
            chars.append(" ")
            pos.append(start + a)
        done = b
    chars.append(line[done:])
    pos.extend(range(start + done, start + n))
    return "".join(chars), pos


def _clean_line(line: str, start: int, inline_furniture: re.Pattern | None,
                keep: frozenset[int] = frozenset()) -> tuple[str, list[int]]:
    """Drop inline furniture and spaces between Chinese characters (but those of ``keep``, the
    starts of the gaps between names listed with spaces); keep an offset per character."""
    furniture = inline_furniture is not None and inline_furniture.search(line)
    if not furniture:
        if not _NEEDS_CLEANING.search(line):
            return line, list(range(start, start + len(line)))      # most lines: nothing to drop
        if not _INVISIBLE.search(line):
            return _squeeze_spaces(line, start, keep)               # the rest: only spaces to squeeze
    drop = bytearray(len(line))
    if inline_furniture is not None:
        for m in inline_furniture.finditer(line):
            drop[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    chars: list[str] = []
    pos: list[int] = []
    n = len(line)
    i = 0
    while i < n:
        c = line[i]
        if drop[i]:
            i += 1
            continue
        if c.isspace():
            j = i
            while j < n and (line[j].isspace() or drop[j]):
                j += 1
            prev = chars[-1] if chars else ""
            nxt = line[j] if j < n else ""
            if prev and nxt and (not (CJKISH.match(prev) and CJKISH.match(nxt)) or i in keep or
                                 _column_gap("".join(line[k] for k in range(i, j) if not drop[k]))):
                chars.append(" ")
                pos.append(start + i)
            i = j
            continue
        if c in "\ufeff\u200b\u200c\u200d\u00ad" or (ord(c) < 32) or 0x7f <= ord(c) < 0xa0:
            i += 1
            continue
        chars.append(c)
        pos.append(start + i)
        i += 1
    return "".join(chars), pos


def clean_page(raw: str, lexicon: Lexicon) -> Page:
    """Turn a page's original text into cleaned paragraphs with offsets."""
    page = Page(raw=raw)
    seen: set[str] = set()
    paras: list[Para] = []
    inline = lexicon.furniture_inline
    emptied_heading = False
    maybe_inline = lexicon.furniture_inline_any.may_match     # rules out most lines cheaply
    blank = True
    # under a rundown's head (【本期提要】): its list items are furniture too; after a head that ends
    # in a colon (今天节目的主要内容有：), its short lines up to the next empty one, marked or not
    in_block: bool | str = False
    for start, line in _lines(raw):
        if not line.strip():
            blank = True
            if in_block == "colon":
                in_block = False
            continue
        if in_block and (_BLOCK_ITEM.match(line) or (in_block == "colon" and len(line.strip()) <= 40)):
            page.furniture.append((start, start + len(line)))
            continue
        in_block = False
        head = lexicon.furniture_block.search(line)
        if head or lexicon.furniture_line.search(line):
            in_block = ("colon" if line.rstrip().endswith(("：", ":")) else True) if head else False
            page.furniture.append((start, start + len(line)))
            continue
        level = 0
        m = _HEADING.match(line)
        offset = 0
        bullet = False
        if m:
            level = len(m.group(1))
            offset = m.end()
        else:
            b = _BULLET.match(line)
            if b:
                offset = b.end()
                bullet = True
        line = line[offset:]
        # names listed with spaces (a cheap look first: most lines have no space)
        keep = _name_gaps(line, lexicon) if ((" " in line or "\u3000" in line or "\t" in line)
                                             and _SPACED.search(line)) else frozenset()
        text, pos = _clean_line(line, start + offset, inline if maybe_inline(line) else None, keep)
        text = text.strip()
        text, pos = _field_label(text, pos)
        if not text:
            emptied_heading = emptied_heading or bool(m)
            continue
        if len(text) >= 10 and text in seen:       # a paragraph printed again: extract it once
            emptied_heading = emptied_heading or bool(m)
            continue
        seen.add(text)
        if level and len(text) > MAX_HEADLINE:          # a '#' line holding a whole page is body text
            level = 0
        para = Para(text=text, pos=pos[: len(text)], heading=level, bullet=bullet,
                    after_heading=emptied_heading or bool(m),      # '#' marks a block, even over body text
                    width=_width(line), blank_before=blank, indent=line[:1] in _INDENT)
        emptied_heading = False
        if lexicon.photo_credit.search(text):
            para.kind = "credit"
        elif line.lstrip()[:1] == "【" and text[:1] != "【":
            para.kind = "caption"       # a cue cleaned off (【字幕】市委书记 陈志刚): part of the body, not a headline
        elif line.strip().count("\t") >= 3:
            para.kind = "row"           # a table's row (序号　姓名　性别……现任职务): a line of its own
        paras.append(para)
        blank = False
    page.paras = _join_broken(paras)
    return page


def _width(line: str) -> float:
    """A line's printed width: a Chinese character (or a full-width one) 1, an ASCII one 0.5
    (for a short line: a long one is wider than any narrow column either way)."""
    if len(line) > 60:
        return float(len(line))
    line = line.strip()
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def column_width(paras: list[Para]) -> float | None:
    """The width of the page's narrow columns, when its body is printed in them: OCR of a
    scanned column gives a line per printed line, 10-24 characters each, most of them full
    (县委副书记、县长宋建勋,县委 / 副书记孔令春,县委常委、常务). None for a page of whole
    paragraphs a line each."""
    widths = sorted(p.width for p in paras if not p.heading and p.kind == "body" and p.width >= 6)
    if len(widths) < 8:
        return None
    w = widths[(3 * len(widths)) // 4]
    if w > 24 or sum(1 for x in widths if w - 3 <= x <= w + 1) * 2 < len(widths):
        return None
    return w


def indent_marks_paragraphs(paras: list[Para]) -> bool:
    """Whether the page starts its paragraphs with an indent and wraps them in lines without one:
    three indented body lines at least, and as many body lines not indented after a body line."""
    starts = cont = 0
    for a, b in zip(paras, paras[1:]):
        if b.heading or b.kind != "body" or a.kind != "body":
            continue
        if b.indent:
            starts += 1
        elif not b.blank_before and len(b.text) >= 6:
            cont += 1
    return starts >= 3 and cont >= 3


def _join_broken(paras: list[Para]) -> list[Para]:
    """Join body lines that an OCR column break cut mid-sentence. In narrow columns a full
    line goes on in the next one even where it could stand as a headline on its own; a line
    short of the column's width ends its paragraph."""
    out: list[Para] = []
    column = column_width(paras)
    indented = indent_marks_paragraphs(paras)
    for para in paras:
        if out:
            prev = out[-1]
            if (indented and prev.indent and not para.indent and not para.blank_before and not para.heading
                    and not prev.heading and prev.kind == "body" and para.kind == "body" and not para.bullet
                    and not para.after_heading and not _NEXT_FIELD.match(para.text) and not _date_line(para.text)):
                # a page whose paragraphs start with an indent (PDF text, hard-wrapped at 20-40
                # characters): a line without one goes on with the paragraph before
                _append(prev, para)
                continue
            if indented and para.blank_before and not para.indent:    # there, a block standing apart
                out.append(para)
                continue
            hyphen = (prev.text[-1] in "-－" and len(prev.text) > 1 and "\u4e00" <= prev.text[-2] <= "\u9fff"
                      and "\u4e00" <= para.text[0] <= "\u9fff")
            if (not prev.heading and not para.heading and prev.kind == "body" and para.kind == "body"
                    and not para.bullet and not para.after_heading
                    and prev.text[-1] not in TERMINAL and not (prev.text[-1] in "）)" and _CREDIT_END.search(prev.text[-28:]))
                    and (not prev.looks_like_headline() or (not para.blank_before and (_full(prev, column)
                                                                                       or (column is not None and hyphen))))
                    and not _date_line(prev.text) and not _date_line(para.text)
                    and not (_STARTS_NEW.match(para.text) and not (prev.text[-1] == "年" and para.text[0].isdigit()))
                    and not _NEXT_FIELD.match(para.text)):
                if column is not None and hyphen:
                    prev.text, prev.pos = prev.text[:-1], prev.pos[:-1]     # 常务副市-/长: a hyphen at the cut
                _append(prev, para)
                continue
        out.append(para)
    return out


def _append(prev: Para, para: Para) -> None:
    """para's text at the end of prev's, without the tail OCR printed again at the cut."""
    k = _overlap(prev.text, para.text)
    prev.text += para.text[k:]
    prev.pos += para.pos[k:]
    prev.width = para.width


def _date_line(text: str) -> bool:
    return "月" in text and _DATE_LINE.match(text) is not None


def _full(prev: Para, column: float | None) -> bool:
    """Whether prev's last line fills a narrow column (so the text goes on below it), and prev
    is not a headline standing alone after an empty line or at the top."""
    if column is None or not (column - 3 <= prev.width <= column + 2):
        return False
    return not (prev.blank_before and len(prev.text) <= prev.width + 2 and not _COMMA.search(prev.text))


def _overlap(prev: str, nxt: str, least: int = 6) -> int:
    """Length of the longest tail of prev that nxt starts with (at least ``least`` characters)."""
    for k in range(min(len(prev), len(nxt), 200), least - 1, -1):
        if prev.endswith(nxt[:k]):
            return k
    return 0


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int        # index in the owning text
    end: int


def sentences(text: str) -> list[Sentence]:
    """Split text at sentence-final punctuation and line breaks, keeping indexes."""
    return list(_sentences(text))


# a sentence: text up to sentence-final punctuation (kept, with a closing quote) or a line break
# (dropped); a half-width full stop ends one after a Chinese character (OCR: 出席.会上), not in 4.5亿
_SENTENCE = re.compile(rf"((?:[^{_ENDS}\n.]+|(?<![\u4e00-\u9fff])\.|\.(?=[\d.]))*"
                       rf"(?:(?:[{_ENDS}]|(?<=[\u4e00-\u9fff])\.(?![\d.]))+”?)?)\n?")


# the same without the half-width full stop: faster, for the texts that have none (most)
_SENTENCE_PLAIN = re.compile(rf"([^{_ENDS}\n]*(?:[{_ENDS}]+”?)?)\n?")
_HALF_STOP = re.compile(r"(?<=[\u4e00-\u9fff])\.(?![\d.])")


@lru_cache(maxsize=64)      # the people, event and role extractors each split the same articles of a page
def _sentences(text: str) -> tuple[Sentence, ...]:
    split = _SENTENCE if "." in text and _HALF_STOP.search(text) else _SENTENCE_PLAIN
    return tuple(Sentence(m.group(1), m.start(), m.end(1)) for m in split.finditer(text) if m.group(1).strip())
