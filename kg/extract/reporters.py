"""Reporters and correspondents: ``本报讯(记者胡晨 通讯员沈俊辉 付创胜)``, bylines
``本报记者 张辉``, photo credits ``本报记者 乔利峰 摄``.

Runs on the original text (spaces kept: they separate names in bylines)."""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..model import PersonMention, Title
from .names import DOTS, transliterated_ends

# 本报记者, 特约通讯员 …: the word before the role is not looked for, as only the role and
# where it ends are used (a regex that starts with an optional group is scanned slowly)
ROLE_RE = re.compile(r"(记者|通讯员)")
SEP = re.compile(r"[ \t\u3000、,，]+")
SPACES = re.compile(r"[ \t\u3000]{1,3}")
HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(rf"[\u4e00-\u9fff]*(?:[{DOTS}][\u4e00-\u9fff]+)*")     # 阿依努尔·吐尔逊 too
DOTTED = re.compile(rf"[\u4e00-\u9fff]{{2,8}}(?:[{DOTS}][\u4e00-\u9fff]{{2,8}})+")
CUT = re.compile(r"(?:本报|特约)?(?:记者|通讯员)|摄$")
# a correspondent's pen name for a propaganda office: 萨宣, 枝人宣, 泰自然宣 (通讯员 only)
PEN_NAME = re.compile(r"[\u4e00-\u9fff]{1,3}宣")
END = re.compile(r"[)）]|摄|文/图|图/文|\n|$|(?:本报|特约)?(?:记者|通讯员)")


class ReporterExtractor:
    name = "reporters"
    version = "1"

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    def _is_name(self, word: str, role: str = "记者") -> bool:
        if role == "通讯员" and PEN_NAME.fullmatch(word):
            return True
        if DOTTED.fullmatch(word):                        # 阿依努尔·吐尔逊
            return not self.lex.title_re.search(word)
        if len(word) >= 3 and transliterated_ends(self.lex.name_parts, word, 0)[-1:] == [len(word)]:
            return True                                   # 丹珍措, 额尔敦巴特尔
        if word in self.lex.name_parts and len(word) >= 2:
            return True                                   # 索南, 旦增: a name of one part
        if not 2 <= len(word) <= 4 or not all(HAN.match(c) for c in word):
            return False
        if word[:2] in self.lex.compound_surnames:
            return len(word) >= 3
        return word[0] in self.lex.surnames and len(word) <= 3 and word[:2] not in self.lex.not_names

    def _padded(self, raw: str, i: int, j: int, end: int) -> tuple[str, int]:
        """A surname alone, then single characters after spaces: the name with its spaces (张 帆,
        typeset as three; 李 佳 达, spaced by OCR); else the one character as it is."""
        if raw[i] not in self.lex.surnames:
            return raw[i:j], j
        name, k, gaps = raw[i], j, []
        while len(name) < 3:
            sp = SPACES.match(raw, k, end)
            if not sp or (len(name) == 2 and gaps != [" "]):
                break       # 徐　磊 王 强: a wide gap pads a two-character name; the next is another
            gaps.append(sp.group())
            e = HAN_RUN.match(raw, sp.end(), end).end()
            part = raw[sp.end():e]
            cut = CUT.search(part)
            if cut:
                part = part[: cut.start()]
            if len(part) != 1:
                break
            name, k = name + part, sp.end() + 1
        return (name, k) if len(name) > 1 else (raw[i:j], j)

    def extract(self, raw: str, start: int, end: int) -> list[PersonMention]:
        out: list[PersonMention] = []
        for m in ROLE_RE.finditer(raw, start, end):
            role = m.group(1)
            i = m.end()
            if raw[i:i + 1] in ("：", ":", "/"):          # 记者：罗曦, 记者/李卓然
                i += 1
            names: list[tuple[int, int]] = []
            while i < end:
                sep = SEP.match(raw, i, end)
                if sep:
                    if "," in sep.group() or "，" in sep.group():
                        break
                    i = sep.end()
                j = HAN_RUN.match(raw, i, end).end()
                word = raw[i:j]
                if not word:
                    break
                cut = CUT.search(word)
                if cut and cut.start() > 0:
                    word = word[: cut.start()]
                    j = i + len(word)
                name = word
                if len(word) == 1:                # 记者 徐　磊: a two-character name spaced to three
                    name, j = self._padded(raw, i, j, end)
                if not self._is_name(name, role):
                    break
                after = raw[j:j + 3]
                if not (SEP.match(after) or END.match(raw, j, end) or j >= end):
                    break
                names.append((i, j, name))
                i = j
                if END.match(raw, i, end) and not SEP.match(raw, i, end):
                    break
            line_start = raw.rfind("\n", 0, m.start()) + 1
            line_end = raw.find("\n", m.end())
            line = raw[line_start: line_end if line_end >= 0 else len(raw)].strip()
            for a, b, name in names:
                title = Title(text=role, printed=role, head=role, body="")
                out.append(PersonMention(name=name, start=a, end=b, titles=(title,), kind="reporter",
                                         sentence=line[:200], rule="reporter"))
        return out
