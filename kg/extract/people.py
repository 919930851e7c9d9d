"""Officials and their titles: title chains, one title over a list of names, omitted body
prefixes restored where the text makes them certain, people recognised again by name.

Works on an article's cleaned text; every mention carries offsets into the original file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..lexicon import Lexicon, _alternation
from ..model import PersonMention, Title
from ..text import sentences
from .names import BAD_MIDDLE, HAN, PUNCT, NameFinder

LEADING_WORD = re.compile(r"^(?:据|经|由|向|对|让|请|与|和|同|跟|给|被|把|在)")
MAX_PREFIX = 24
CHAIN_SEPARATORS = "、兼"
LEVEL_CHARS = "省市区县镇乡"
# a body named by reference to one named before: 该局, 本院, 该局刑侦支队, a bare 局 (局党组书记)
REFERRING = re.compile(r"^(?:该|本)?(局|院|校|所|集团|中心)")
GENERIC_BODIES = ("社区", "村", "镇", "乡", "街道", "小区")
ROW_CELL = re.compile(r"[^ ]+")          # a cell of a table's row, the cells parted by spaces
POSTED_AT = re.compile(r"在([\u4e00-\u9fff]{2,24}?(?:镇|乡|县|区|市|村|社区|街道|办事处))(?:挂职|任职|工作|担任|驻村)的$")
QUOTE_BEFORE = re.compile(r"(习近平|总书记)$")
ANCHOR_PLACE = re.compile(rf"^([\u4e00-\u9fff]{{2,12}}?[{LEVEL_CHARS}])(?:委|政府|人大|政协|纪委|监委|$)")
LEADING_PREPOSITION = re.compile(r"^(?:在|于|到|从|对|是|为)")
# a name and its titles after it (邱志远（市委书记）、; 黄一鸣，市发改委主任；): what may end the item,
# come between the name and its titles, and come before the name
ITEM_END = frozenset("）)；;，,\n")
NAME_GAP = frozenset("（(，, \t\u3000")
ITEM_START = frozenset("：:、，,；;（(\n \t\u3000．。由")
# elections: 李建明当选县政协主席; 甲、乙当选县政协副主席; 王一帆等31人当选… (appointments, 任命甲为…,
# by the verbs of appointment_verbs.txt)
ELECTED = re.compile(r"当选(?:为)?$")
ELECTED_GAP = re.compile(r"等\d+(?:人|名同志|名)$")
COLON_ITEM = re.compile(r"(?<=[：:])[\u4e00-\u9fff、]{4,44}(?=[\n；;]|$)")
DEPUTY = re.compile(r"^(?:常务|专职)?副|^代")
LIST_HEAD = re.compile(r"([\u4e00-\u9fff]{2,6})、")
LEADERS = re.compile(r"(?:省|市|县|区|镇|乡)(?:委|政府)?(?:主要)?领导(?:同志)?")   # 市领导王五、赵六: people, no post


@dataclass
class _Found:
    name: str
    s: int          # index of the name in the article text
    e: int
    titles: list[Title]
    rule: str


class PeopleExtractor:
    """Finds people with titles (and reporters) in an article's cleaned text."""

    name = "people"
    version = "1"

    def __init__(self, lexicon: Lexicon, names: NameFinder | None = None):
        self.lex = lexicon
        self.names = names or NameFinder(lexicon)
        self.stops = tuple(self.lex.words("prefix_stops.txt"))
        self.ocr_chars = frozenset(chr(c) for c in self.lex.ocr_fold)        # what OCR prints for others
        verbs = self.lex.appointment_verbs
        self.appointing = re.compile(_alternation((*verbs, "当选")) or r"(?!)")
        self.appointed_by = re.compile(rf"(?:{_alternation(verbs) or '(?!)'})[^。]{{0,120}}$")
        self.stops_by_last: dict[str, tuple[str, ...]] = {}     # the stop words by their last character
        for w in self.stops:
            self.stops_by_last[w[-1]] = (*self.stops_by_last.get(w[-1], ()), w)
        self.body_end = re.compile("(?:" + "|".join(map(re.escape, self.lex.body_suffixes)) + ")$")
        self.joined_bodies: dict[str, list[str]] = {}
        for body in self.lex.bodies:            # a stop inside a body's name: 和 in 发展和改革委员会, 访 in 信访局
            for c in set(body) & set(self.stops_by_last):
                self.joined_bodies.setdefault(c, []).append(body)

    # --- titles ----------------------------------------------------------------------------
    def _prefix_start(self, text: str, h0: int, floor: int) -> int:
        """Where the body prefix of a title whose head starts at h0 begins."""
        i = h0
        low = max(floor, h0 - MAX_PREFIX)
        while i > low:
            c = text[i - 1]
            if c in PUNCT or not HAN.match(c):
                break
            if c in self.stops_by_last:
                hit = next((w for w in self.stops_by_last[c] if text.startswith(w, i - len(w)) and i - len(w) >= low),
                           None)
                if hit and not self._inside_body(text, i - 1):
                    break
            i -= 1
        return i

    def _inside_body(self, text: str, at: int) -> bool:
        """Whether text[at] lies inside a lexicon body name (和 in 发展和改革委员会, 访 in 信访局)."""
        c = text[at]
        for body in self.joined_bodies.get(c, ()):
            k = body.find(c)
            while k >= 0:
                if text.startswith(body, at - k):
                    return True
                k = body.find(c, k + 1)
        return False

    def _split_prefix(self, prefix: str) -> tuple[str, str, bool]:
        """A prefix into (body, modifier, former): 许昌市关工委原 → (许昌市关工委, 原, True)."""
        mod = ""
        changed = True
        while changed and prefix:
            changed = False
            for m in self.lex.title_modifiers:
                if prefix.endswith(m):
                    mod = m + mod
                    prefix = prefix[: -len(m)]
                    changed = True
                    break
        return prefix, mod, "原" in mod

    def _valid_body(self, body: str) -> bool:
        if not body:
            return True
        if not self.ocr_chars.isdisjoint(body):
            body = body.translate(self.lex.ocr_fold)                # 行暑: the body 行署, printed so
        return self.body_end.search(body) is not None or body in self.lex.bodies

    def _title_ending_at(self, text: str, end: int, floor: int) -> tuple[int, Title] | None:
        """A title whose head ends exactly at ``end``: (start index, Title)."""
        best = None
        top = min(8, end - floor)
        for length in range(top, 0, -1):
            head = text[end - length:end]
            if head in self.lex.title_ranks:
                best = head
                break
        if best is None and not self.ocr_chars.isdisjoint(text[end - top:end]):
            fold = self.lex.ocr_fold
            for length in range(top, 0, -1):
                head = text[end - length:end].translate(fold)     # 副巿长: the head 副市长, printed so
                if head in self.lex.title_ranks:
                    best = head
                    break
        if not best:
            return None
        h0 = end - len(best)
        start = self._prefix_start(text, h0, floor)
        prefix = text[start:h0]
        lead = LEADING_WORD.match(prefix)
        if lead and prefix[lead.end():lead.end() + 1] in "省市县区镇乡" and self._valid_body(prefix[lead.end():]):
            start += lead.end()                           # 据市统计局局长: 据 is not part of the body
            prefix = prefix[lead.end():]
        body, mod, former = self._split_prefix(prefix)
        trimmed = bool(body) and not self._valid_body(body)
        while body and not self._valid_body(body):
            body = body[1:]
            start += 1
        if trimmed and not body and not mod:
            return None                                   # 文艺队长: a word, not a body, before the head
        if not body and mod and start < h0 - len(mod):
            start = h0 - len(mod)
        printed = text[start:end]
        rank = self.lex.title_ranks.get(best, "")
        return start, Title(text=printed, printed=printed, head=best, body=body, rank=rank, former=former)

    def _chain(self, text: str, head_end: int, floor: int) -> tuple[int, list[Title]]:
        """The titles of a chain ending at head_end (市委常委、统战部副部长、市人大常委会副主任)."""
        found = self._title_ending_at(text, head_end, floor)
        if not found:
            return head_end, []
        start, title = found
        titles = [title]
        while start - 1 > floor and text[start - 1] in CHAIN_SEPARATORS:
            prev = self._title_ending_at(text, start - 1, floor)
            if not prev or prev[0] == start - 1:
                break
            start = prev[0]
            titles.insert(0, prev[1])
        return start, titles

    # --- prefix restoration ----------------------------------------------------------------
    def _anchor_place(self, titles: list[Title]) -> str:
        """The named place of a chain's first body: 禹州市委 → 禹州市; 市委 → ''."""
        for t in titles:
            m = ANCHOR_PLACE.match(t.body)
            if m and len(m.group(1)) > 1:
                return m.group(1)
            if t.body:
                return ""
        return ""

    def _referent(self, body: str, context: str) -> str | None:
        """The body that 该局, 本院 or a bare 局 (局党组书记) refers to: the last known body with that
        ending named before it (市市场监管局召开…… 局党组书记 → 市市场监管局党组书记; 该局刑侦支队 →
        市公安局刑侦支队), with its level. None when there is none; "" for a bare ending then."""
        m = REFERRING.match(body)
        if not m or not (body[0] in "该本" or body == m.group(1)):
            return None
        suffix = m.group(1)
        best, at = None, -1
        for name in self.lex.bodies:
            if name.endswith(suffix) and len(name) > len(suffix):
                i = context.rfind(name)
                if i > at:
                    best, at = name, i
        if best is None:
            return "" if body == suffix else None
        level = context[at - 1] if at > 0 and context[at - 1] in LEVEL_CHARS else ""
        return level + best + body[m.end():]

    def _restore(self, titles: list[Title], previous_body: str, context: str, wider: str | None = None) -> list[Title]:
        out: list[Title] = []
        anchor = titles[0].body if titles else ""
        place = self._anchor_place(titles)
        for i, t in enumerate(titles):
            body = t.body
            if body and (body[0] in "该本" or len(body) == 1):
                referred = self._referent(body, context if wider is None else wider)
                if referred == "":              # a bare 局 referring to nothing named: as printed, and
                    out.append(replace(t, body=""))     # the titles after it do not take it
                    continue
                if referred is not None:
                    body = referred
            printed_prefix = t.printed[: len(t.printed) - len(t.head)]
            mod = printed_prefix[len(t.body):] if printed_prefix.startswith(t.body) else ""
            if body and i > 0:
                parent = self.lex.bodies.get(body, ("", ""))[0]
                if body in self.lex.place_named and anchor.endswith("委") and not anchor.endswith(("纪委", "政法委")):
                    body = anchor[:-1] + body                  # 县委常委、纪委书记 → 县纪委书记
                elif parent == "党委" and anchor.endswith("委") and not anchor.endswith(("纪委", "政法委")):
                    body = anchor + body                       # 统战部 → 市委统战部
                elif parent == "政府" and anchor.endswith("政府"):
                    body = anchor + body
                elif place and body[0] in LEVEL_CHARS and not body.startswith(place):
                    level = body[0]
                    if place.endswith(level):
                        body = place + body[1:]                # 市纪委 → 禹州市纪委
            if not body and t.head not in self.lex.own_level_titles:
                inherit = out[i - 1].body if i > 0 else previous_body
                for organ in self.lex.party_organs:
                    if inherit.endswith(organ) and len(inherit) > len(organ):
                        inherit = inherit[: -len(organ)]
                        break
                if i > 0 and t.head.endswith("委员") and \
                        out[i - 1].text.endswith(tuple(o + "委员" for o in self.lex.party_organs)):
                    inherit = out[i - 1].text[:-2]         # 镇党委委员、组织委员 → 镇党委组织委员: the committee's
                body = inherit
            if body in GENERIC_BODIES:
                specific = self._specific_place(context, body)
                if specific:
                    body = specific
            text = body + mod + t.head if body != t.body else t.text
            out.append(Title(text=text, printed=t.printed, head=t.head, body=body, rank=t.rank, former=t.former))
        return out

    def _specific_place(self, context: str, generic: str) -> str:
        """The place a bare 社区 refers to: the last named one earlier in the same sentence."""
        runs = re.findall(rf"([\u4e00-\u9fff]+?{generic})(?![\u4e00-\u9fff])", context)
        for run in reversed(runs):
            run = LEADING_PREPOSITION.sub("", run)
            if len(run) > len(generic) + 1:
                return run
        return ""

    # --- people ------------------------------------------------------------------------------
    def extract(self, text: str, pos: list[int], known: frozenset[str] = frozenset()) -> list[PersonMention]:
        """The people of one article. ``known``: names given a title elsewhere on the page, found
        here too when printed alone (an item below the article that introduced them)."""
        found: list[_Found] = []
        sents = sentences(text)
        carried: Title | None = None        # the last title of the paragraph's sentences so far
        for k, sent in enumerate(sents):
            if k and "\n" in text[sents[k - 1].end:sent.start]:
                carried = None
            here = self._in_sentence(text, sent.start, sent.end, carried)
            found.extend(here)
            carried = next((f.titles[-1] for f in reversed(here) if f.titles), carried)
        if self.appointing.search(text):
            found.extend(self._appointed(text, found))
        found.extend(self._name_first(text, found))
        found.extend(self._table_rows(text, found))
        known = {f.name for f in found} | known
        taken = sorted((f.s, f.e) for f in found)
        starts = [a for a, _ in taken]
        for a, b in _occurrences(text, known):
            k = bisect.bisect_right(starts, a) - 1
            if k >= 0 and taken[k][0] <= a < taken[k][1]:
                continue
            found.append(_Found(text[a:b], a, b, [], "name-again"))
        out = []
        sent_starts = [s.start for s in sents]
        for f in sorted(found, key=lambda f: (f.s, f.e)):
            kind = "reporter" if f.titles and all(t.head in self.lex.reporter_titles for t in f.titles) \
                else "official"
            k = bisect.bisect_right(sent_starts, f.s) - 1
            sent = sents[k].text if k >= 0 and f.s < sents[k].end else ""
            out.append(PersonMention(name=f.name, start=pos[f.s], end=pos[f.e - 1] + 1, titles=tuple(f.titles),
                                     kind=kind, sentence=sent.strip(), rule=f.rule))
        return out

    def _name_first(self, text: str, found: list[_Found]) -> list[_Found]:
        """A name, then its titles in brackets or after a comma or a gap, as minutes and
        attendance lists print them: 邱志远（市委书记）、翁国平（市长）; 主持人：翁国平　市委副书记、市长;
        列席人员：黄一鸣，市发改委主任；. Found from the title heads that end an item."""
        out: list[_Found] = []
        taken = [(f.s, f.e) for f in found]
        for m in self.lex.title_re.finditer(text):
            hi = m.end()
            if hi < len(text) and text[hi] not in ITEM_END:
                continue
            lo, titles = self._chain(text, hi, max(0, hi - 40))
            if not titles or lo < 3 or text[lo - 1] not in NAME_GAP or any(a < hi and lo < b for a, b in taken):
                continue
            gap = lo - 1
            while gap > 0 and text[gap - 1] in NAME_GAP and text[gap] not in "（(":
                gap -= 1
            for n in (2, 3, 4):                          # the name just before, itself after an item break
                s = gap - n
                if s < 0 or (s > 0 and text[s - 1] not in ITEM_START) or \
                        self.names.name_at(text, s, strict=True) != n:
                    continue
                out.append(_Found(text[s:gap], s, gap, self._restore(titles, "", text[max(0, s - 200):s]),
                                  "name-title"))
                taken.append((s, hi))
                break
        for m in COLON_ITEM.finditer(text) if "：" in text or ":" in text else ():   # 主持人：翁国平市委副书记、市长
            s, hi = m.start(), m.end()
            ls = self.names.surname_len(text, s)
            if not ls or any(a < hi and s < b for a, b in taken):
                continue
            for n in (ls + 2, ls + 1):                 # the name ends where the whole rest is a chain
                start, titles = self._chain(text, hi, s + n)
                if titles and start == s + n and not any(c in BAD_MIDDLE for c in text[s + ls:s + n]):
                    out.append(_Found(text[s:s + n], s, s + n, self._restore(titles, "", text[max(0, s - 200):s]),
                                      "name-title"))
                    break
        return out

    def _table_rows(self, text: str, found: list[_Found]) -> list[_Found]:
        """A table's rows, a line each with its cells parted by spaces (任前公示: 6 莫立军 男 汉族
        1977.05 大学 中共党员 玉林市公安局党委委员、副局长 拟任……): a cell that is a name among the first
        three, and the first cell after it that is a whole chain of titles (its present posts; a
        cell of posts to come starts with 拟)."""
        out: list[_Found] = []
        taken = [(f.s, f.e) for f in found]
        at = 0
        for line in text.split("\n"):
            lo_line, at = at, at + len(line) + 1
            if line.count(" ") < 4:
                continue
            cells = [(lo_line + m.start(), lo_line + m.end()) for m in ROW_CELL.finditer(line)]
            name = next(((s, e) for s, e in cells[:3] if 2 <= e - s <= 4
                         and self.names.name_at(text, s, strict=True) == e - s), None)
            if name is None or any(a < name[1] and name[0] < b for a, b in taken):
                continue
            for s, e in cells:
                if s <= name[0] or text[s] in "拟原":
                    continue
                end = e
                if text[e - 1] in "）)":                      # 副书记（主持工作）
                    end = max(text.rfind("（", s, e), text.rfind("(", s, e))
                if end <= s:
                    continue
                lo, titles = self._chain(text, end, s)
                if titles and lo == s:
                    out.append(_Found(text[name[0]:name[1]], name[0], name[1],
                                      self._restore(titles, "", text[max(0, s - 200):s]), "table-row"))
                    break
        return out

    def _appointed(self, text: str, found: list[_Found]) -> list[_Found]:
        """People given a post in the text: appointed (任命陈光为县发改委主任; 决定任命：陈光为……；
        马俊为……), elected (李建明当选县政协主席; 朱海燕、钱晓峰当选县政协副主席; 王一帆等31人当选……).
        A removal (免去马俊的……职务) gives none: its titles end in 职务, not at an item's end."""
        out: list[_Found] = []
        taken = [(f.s, f.e) for f in found]
        for m in self.lex.title_re.finditer(text):
            hi = m.end()
            if hi < len(text) and text[hi] not in ITEM_END and text[hi] != "。":
                continue
            lo, titles = self._chain(text, hi, max(0, hi - 40))
            if not titles or lo < 2 or any(a < hi and lo < b for a, b in taken):
                continue
            elected = ELECTED.search(text, max(0, lo - 3), lo)
            if elected:
                e = elected.start()
                gap = ELECTED_GAP.search(text, max(0, e - 8), e)
                e = gap.start() if gap else e
            elif text[lo - 1] == "为":
                e = lo - 1
                back = text[max(0, e - 130):e]
                cut = max(back.rfind("免去"), back.rfind("。"))
                if not self.appointed_by.search(back[cut + 1:]):
                    continue
            else:
                continue
            names: list[tuple[int, int]] = []
            while e > 1:                                 # the names before, last first: 甲、乙当选
                for n in (2, 3, 4):
                    st = e - n
                    if st >= 0 and self.names.name_at(text, st, strict=True) == n and \
                            (st == 0 or text[st - 1] in ITEM_START or text[st - 1] in "、。" or
                             text.endswith(self.lex.appointment_verbs, 0, st)):
                        names.insert(0, (st, e))
                        break
                else:
                    break
                if names[0][0] < 1 or text[names[0][0] - 1] != "、":
                    break
                e = names[0][0] - 1
            restored = self._restore(titles, "", text[max(0, lo - 200):lo])
            for a, b in names:
                out.append(_Found(text[a:b], a, b, restored, "appointed"))
                taken.append((a, b))
        return out

    def _same_organ(self, t: Title, before: Title) -> bool:
        """Whether a bare title goes with the one before it in the paragraph: the same post or
        its deputy (主任, 副主任), or a post every such organ has (秘书长, 党组成员)."""
        if t.body or t.head in self.lex.own_level_titles:
            return False
        return DEPUTY.sub("", t.head) == DEPUTY.sub("", before.head) or t.head in self.lex.every_organ_titles

    def _list_head(self, text: str, e: int, hi: int) -> int:
        """A name the surname rules do not know (才让卓玛, 乌兰其其格) heading a list of names they
        do, after a title: 副州长才让卓玛、韩志强. Its length, or 0."""
        m = LIST_HEAD.match(text, e, hi)
        if not m:
            return 0
        run = m.group(1)
        if any(c in BAD_MIDDLE for c in run) or run in self.lex.common_words or \
                self.lex.title_re.search(run) or self.lex.role_re.search(run):
            return 0
        return len(run) if self.names.name_at(text, m.end(), strict=True) else 0

    def _in_sentence(self, text: str, lo: int, hi: int, carried: Title | None = None) -> list[_Found]:
        """People with titles in text[lo:hi]. ``carried`` is the last title of the paragraph's
        sentences before: a bare title of the same organ takes its body (市政协主席甲主持会议。
        副主席乙、丙，秘书长丁出席 → 市政协副主席, 市政协秘书长)."""
        out: list[_Found] = []
        previous_body = ""
        i = lo
        while i < hi:
            m = self.lex.title_re.search(text, i, hi)
            if not m:
                break
            e = m.end()
            # the longest head ending here (常务副市长 over 副市长)
            n = self.names.name_at(text, e) or self._list_head(text, e, hi)
            if not n or e + n > hi:
                i = m.start() + 1
                continue
            if QUOTE_BEFORE.search(text[max(lo, m.start() - 4):m.start()]):
                i = e
                continue
            start, titles = self._chain(text, e, lo)
            if not titles:
                i = m.start() + 1
                continue
            before = text[max(lo, start - 40):start]
            posted = POSTED_AT.search(before)
            if posted and not titles[0].body:
                t = titles[0]
                titles[0] = Title(posted.group(1) + t.text, t.printed, t.head, posted.group(1), t.rank, t.former)
            inherit = previous_body
            if not out and carried is not None and carried.body and self._same_organ(titles[0], carried):
                inherit = carried.body
            titles = self._restore(titles, inherit, text[max(lo, start - 200):start], text[max(0, start - 300):start])
            names = [(e, e + n)]
            j = e + n
            while j < hi:
                if text.startswith("同志、", j):              # 副省长薛丽萍同志、罗志诚同志
                    j += 2
                if j >= hi or text[j] not in "、 ":           # 、 or the space of a list printed with spaces
                    break
                k = self.names.name_at(text, j + 1, strict=True)
                if not k or self.lex.title_re.search(text, j + 1, j + 1 + k):
                    break
                after = j + 1 + k
                if after < hi and text[after] not in "、,，等" and not self.names.boundary(text, after):
                    break
                names.append((j + 1, after))
                j = after
            for a, b in names:
                out.append(_Found(text[a:b], a, b, titles, "title-name" if len(names) == 1 else "title-list"))
            previous_body = titles[-1].body
            i = j
        if text.find("领导", lo, hi) < 0:            # what LEADERS needs: most sentences lack it
            return out
        for m in LEADERS.finditer(text, lo, hi):
            j = m.end()
            first = True
            while j < hi and (first or text[j] in "、 "):
                s = j if first else j + 1
                k = self.names.name_at(text, s, strict=True)
                if not k or any(f.s <= s < f.e for f in out):
                    break
                out.append(_Found(text[s:s + k], s, s + k, [], "leader-list"))
                j = s + k
                first = False
        return out


def _occurrences(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Spans of ``words`` in text, leftmost first, the longest word at a place, none overlapping:
    what a regex alternation of the words, longest first, finds (without compiling one per text)."""
    hits: list[tuple[int, int]] = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            hits.append((i, -len(w)))
            i = text.find(w, i + 1)
    out: list[tuple[int, int]] = []
    end = 0
    for a, neg in sorted(hits):
        if a >= end:
            end = a - neg
            out.append((a, end))
    return out
