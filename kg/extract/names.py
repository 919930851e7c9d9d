"""Where a Chinese personal name starts and ends, by surname list, name-length rules, the words
that may follow a name, and jieba only where those cannot decide."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import Lexicon

HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
PUNCT = set("，,。.、；;：:！？!?“”\"'‘’（）()《》<>【】[]—-…·\n\t /|　")
# what a person 作(了) at a meeting that is speech: 作工作报告, 作党管武装工作述职, 作了安排 (kg/extract/roles.py too)
SPEECH_NOUNS = "报告|讲话|发言|部署|总结|汇报|说明|述职|安排|点评|回应|答复"
# 作 and a speech or report after a name: where a name surely ends
SPEECH_AFTER = re.compile(rf"作了?[^，,。；;：:、]{{0,12}}?(?:{SPEECH_NOUNS})")
BAD_LAST = set("的了是在和与等及之于以而或也都就又其各该此这那我你他她它们个年月日时分号第某受被将对把从")
# 叶某某, 毕某: a name withheld is no name. 月 and 日 may stand inside a name (钟月英, 郭日新), not last
# a last character that is mostly a conjunction, but ends a name where a name surely ends after it
# (孔祥和陪同, 王永和致辞; not 张三和李四, 王五和副市长)
SOFT_LAST = set("和年")     # 王永和致辞, 鲍永年，: only where a name surely ends after it
# words after a name that may end a clause (张三说，……; 李四等，……): the name may end before them
ENDS_CLAUSE = set("说等")
BAD_MIDDLE = set("的了等之其该此这那们个年号第某")
# a transliterated name (Uyghur, Kazakh, foreign): parts joined by a middle dot, 帕尔哈提·艾买提
DOTTED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・‧．][\u4e00-\u9fff]{1,8})+")
DOTS = "·•・‧．"
# a quotation's verb after a name: 哈力木拉提·艾买提说，……
SAID = re.compile(r"(?:说|表示|介绍|告诉记者|认为|坦言)[，,：:。“\s]")
# OCR's middle dot (阿依达娜．吐尔逊别克) that is also a full stop (出席会议．会上): a name's dot only
# where the dotted name reads. (A half-width '.' ends a sentence: see kg.text.sentences.)
WEAK_DOTS = "．"


class NameFinder:
    def __init__(self, lexicon: Lexicon, prefer: str = "rjieba"):
        self.lex = lexicon
        self.prefer = prefer
        self._segment = None
        self._cut = lru_cache(maxsize=65536)(self._cut_window)     # a cache per finder, not per class

    # a segmenter is loaded only when the rules cannot decide a name's length (a few windows in
    # a thousand pages): rjieba (jieba's dictionary and HMM in Rust, loaded in 0.07 s), else
    # jieba itself (0.5 s to load); they cut the same (tests/test_names.py)
    def _segmenter(self):
        if self._segment is None:
            self._segment = segmenter(self.prefer)
        return self._segment

    def surname_len(self, text: str, i: int) -> int:
        if text[i:i + 2] in self.lex.compound_surnames:
            return 2
        return 1 if i < len(text) and text[i] in self.lex.surnames else 0

    def boundary(self, text: str, e: int) -> int:
        """How surely a name may end before index e: 2 sure, 1 maybe, 0 no."""
        if e >= len(text):
            return 2
        c = text[e]
        if c in PUNCT or c.isspace() or c.isdigit() or c.isascii():
            return 2
        if c == "作" and SPEECH_AFTER.match(text, e):     # 那顺乌力吉作党管武装工作述职
            return 2
        w = self.lex.follow_re.match(text, e)        # the longest follow word at e
        if w:
            if w.end() - e > 1 or self.lex.role_re.match(text, w.end()):
                return 2
            w2 = self.lex.follow_re.match(text, w.end())          # 朝鲁门等出席, 等陪同
            return 2 if w2 and w2.end() - w.end() > 1 else 1
        if self.lex.role_re.match(text, e):
            return 2
        return 0

    def name_at(self, text: str, s: int, *, strict: bool = False) -> int:
        """Length of a personal name starting at s, or 0."""
        m = DOTTED.match(text, s)
        if m:
            n = self._dotted(text, s, m.end())
            ok = n and self._dotted_ok(text[s:s + n])
            if ok or not any(d in WEAK_DOTS for d in m.group()):
                return n if ok else 0
        t = self._transliterated(text, s)
        if t >= 4:                       # two parts or more: 乌兰其其格, not the surname 乌's 乌兰
            return t
        ls = self.surname_len(text, s)
        if not ls:
            return t or self._one_part(text, s)
        options = []
        for given in (1, 2):
            n = ls + given
            cand = text[s:s + n]
            if len(cand) < n or not HAN_RUN.fullmatch(cand):
                continue
            if (cand[-1] in BAD_LAST and not (cand[-1] in SOFT_LAST and self.boundary(text, s + n) == 2
                                                 and not self.lex.title_re.match(text, s + n))) \
                    or any(c in BAD_MIDDLE for c in cand[ls:-1]):
                continue
            if cand[:2] in self.lex.not_names or cand in self.lex.not_names:
                continue
            if self.lex.title_re.match(text, s + ls):          # 李副市长 is not a name
                continue
            if self.lex.role_re.match(text, s + ls):           # 卜主持召开: a verb, not a given name
                continue
            options.append(n)
        if not options:
            return 0
        scores = {n: self.boundary(text, s + n) for n in options}
        short, long_ = ls + 1, ls + 2
        if short in scores and long_ in scores:
            third = text[s + short]
            if scores[long_] == 2 and (third in SOFT_LAST or third not in ENDS_CLAUSE and
                                       (s + long_ >= len(text) or text[s + long_] in PUNCT)):
                return long_               # 蒙可为，副市长: no 为 before a comma (but 许继说：); 王永和致辞
            if third in self.lex.follow_single and scores[short] >= 1:
                return short
            if scores[long_] == 2 and scores[short] < 2:
                return long_
            if scores[short] == 2 and scores[long_] < 2:
                return short
            if scores[long_] >= 1 and scores[short] == 0:
                return long_
            if scores[short] >= 1 and scores[long_] == 0:
                return short
            if scores[long_] == 2 and scores[short] == 2:
                return long_
        elif len(scores) == 1:
            (n, sc), = scores.items()
            if sc >= 1:
                return n
            if strict:
                return 0
        if strict:
            return 0
        return self._by_jieba(text, s, ls)

    def _transliterated(self, text: str, s: int) -> int:
        """Length of a transliterated name written without a Han surname (多杰才旦, 巴特尔) at s,
        ending where a name surely ends (the longest such), or 0. See ``transliterated_ends``."""
        for e in reversed(transliterated_ends(self.lex.name_parts, text, s)):
            name = text[s:e]
            if self.boundary(text, e) == 2 and name not in self.lex.common_words and \
                    not self.lex.title_re.search(name) and not self.lex.role_re.search(name):
                return e - s
        return 0

    def _one_part(self, text: str, s: int) -> int:
        """A name of one transliterated part of two characters (多吉, 拉巴: 县长多吉，) where a name
        surely ends after it, or 0."""
        name = text[s:s + 2]
        if name in self.lex.name_parts and self.boundary(text, s + 2) == 2 and name not in self.lex.common_words:
            return 2
        return 0

    def _dotted_ok(self, name: str) -> bool:
        """A dotted name holds no post, meeting or role word and no function character, and its
        parts are at least two characters (常委会会议·总书记 is none)."""
        parts = re.split(f"[{DOTS}]", name)
        return (all(len(p) >= 2 for p in parts) and not any(c in BAD_MIDDLE for c in name)
                and not self.lex.title_re.search(name) and not self.lex.meeting_kind_re.search(name)
                and not self.lex.role_re.search(name) and name not in self.lex.common_words
                and not any(b in name for b in self.lex.body_suffixes if len(b) > 1))   # 法治进社区·平安过新春

    def _dotted(self, text: str, s: int, e: int) -> int:
        """A dotted name's length. Its last part may run into the words after it (艾买提出席,
        where 提出 is a word too), so it ends, from its shortest, before a role verb; else where a
        name surely may end; else where it may."""
        last = max(text.rfind(d, s, e) for d in DOTS) + 1
        e = min(e, last + 5)                           # a part is at most five characters (阿不都满金)
        ends = range(last + 2, e + 1) if e - last >= 2 else range(last + 1, e + 1)
        w = self.lex.follow_re.match(text, last + 1)
        if w and w.end() - last > 2:                  # 詹姆斯·李一行: a one-character part, then 一行
            return last + 1 - s
        for end in ends:
            if self.lex.role_re.match(text, end) or SAID.match(text, end):
                return end - s
        for sure in (2, 1):
            for end in ends:
                if self.boundary(text, end) >= sure:
                    return end - s
        return 0

    def _cut_window(self, window: str) -> tuple[str, ...]:
        return tuple(self._segmenter()(window))

    def _by_jieba(self, text: str, s: int, ls: int) -> int:
        toks = self._cut(text[s:s + 8])
        if not toks:
            return 0
        first = toks[0]
        common = self.lex.common_words                    # 强化, 高度: a common word, not a name
        if ls + 1 <= len(first) <= ls + 2 and all(HAN.match(c) for c in first):
            return 0 if first in common or first[-1] in BAD_LAST else len(first)
        if len(first) == ls and len(toks) > 1 and 1 <= len(toks[1]) <= 2 and all(HAN.match(c) for c in toks[1]):
            n = ls + len(toks[1])
            if text[s + n - 1] not in BAD_LAST and text[s:s + n] not in common:
                return n
        return 0


@lru_cache(maxsize=8)
def _first_chars(parts: frozenset[str]) -> frozenset[str]:
    return frozenset(p[0] for p in parts)


def transliterated_ends(parts: frozenset[str], text: str, s: int, longest: int = 8) -> list[int]:
    """Where a name made of the parts of transliterated names (name_parts.txt: 多杰 + 才旦,
    宝音 + 图) starting at s may end, in order: the first part of two characters or more, the
    name of three or more and at most ``longest``."""
    if s >= len(text) or text[s] not in _first_chars(parts) or \
            (text[s:s + 2] not in parts and text[s:s + 3] not in parts and text[s:s + 4] not in parts):
        return []
    reach, ends = {s}, set()
    for i in range(s, min(len(text), s + longest)):
        if i not in reach:
            continue
        for k in range(2 if i == s else 1, 5):
            if i + k <= min(s + longest, len(text)) and text[i:i + k] in parts:
                reach.add(i + k)
                if i + k - s >= 3:
                    ends.add(i + k)
    return sorted(ends)


def segmenter(prefer: str = "rjieba"):
    """A function cutting a text into words with jieba's dictionary and HMM: rjieba's when it
    is installed (and ``prefer`` is "rjieba"), else jieba's."""
    if prefer == "rjieba":
        try:
            import rjieba
            return lambda text: rjieba.cut(text, hmm=True)
        except ImportError:
            pass
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return lambda text: tok.cut(text, HMM=True)
