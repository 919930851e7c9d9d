"""Places in body names and titles, resolved against the gazetteer (GB/T 2260 codes).

``襄城县城关镇北大街社区`` → 襄城县 (411025) ⊃ 城关镇 ⊃ 北大街社区. A bare ``市``/``区``/``县`` at
the start of a body means the paper's home jurisdiction. OCR variants (``郾陵县``) are normalised
to a gazetteer name only when exactly one name in the home prefecture differs by one character.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import Lexicon, Place, _alternation

LEVELS = {"省": "province", "自治区": "province", "特别行政区": "province", "市": "prefecture", "州": "prefecture", "自治州": "prefecture",
          "盟": "prefecture", "区": "county", "县": "county", "自治县": "county", "旗": "county",
          "镇": "town", "乡": "town", "街道": "town", "街道办事处": "town", "办事处": "town",
          "社区": "community", "村": "village", "开发区": "zone", "示范区": "zone", "高新区": "zone",
          "集聚区": "zone", "新区": "zone", "城区": "zone"}


LEVEL_WORDS = sorted(LEVELS, key=len, reverse=True)
SEG_ENDS = re.compile("|".join(LEVEL_WORDS))          # where a place name may end


@dataclass(frozen=True)
class PlaceRef:
    key: str                 # adcode, or parent key + "~" + name
    name: str                # normalised name
    printed: str             # as printed
    level: str
    parent: str | None       # key of the containing place
    code: str | None = None


class Gazetteer:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._prefectures: tuple[re.Pattern | None, dict[str, str]] | None = None

    def _prefecture_pattern(self) -> tuple[re.Pattern | None, dict[str, str]]:
        if self._prefectures is None:
            forms: dict[str, str] = {}
            for p in self.lex.places.values():
                if p.level == "prefecture":
                    for form in (p.name, *p.aliases):
                        if len(form) >= 2:
                            forms.setdefault(form, p.code)
            pattern = re.compile(_alternation(forms)) if forms else None
            self._prefectures = (pattern, forms)
        return self._prefectures

    def prefecture_counts(self, text: str) -> dict[str, int]:
        """How often a page names each prefecture (by code): a page's share of ``home_city``,
        counted where the page is extracted."""
        pattern, forms = self._prefecture_pattern()
        if pattern is None:
            return {}
        return dict(Counter(forms[m] for m in pattern.findall(text)))

    def home_city(self, counts: Iterable[dict[str, int]]) -> Place | None:
        """The prefecture a corpus is about: the one its pages name most often (at least 3
        times), from each page's ``prefecture_counts``."""
        total: Counter[str] = Counter()
        for c in counts:
            total.update(c)
        if not total:
            return None
        code, n = max(total.items(), key=lambda kv: (kv[1], kv[0]))
        return self.lex.places[code] if n >= 3 else None

    def _lookup(self, name: str, parent_code: str | None, home: Place | None) -> Place | None:
        cands = self.lex.places_by_name.get(name, [])
        if not cands and len(name) >= 2:
            cands = [p for p in self.lex.places_by_alias.get(name, [])]
        if len(cands) > 1:
            scope = parent_code or (home.code if home else None)
            narrowed = [p for p in cands if scope and (p.parent == scope or p.code == scope)]
            cands = narrowed or cands
        if len(cands) == 1:
            return cands[0]
        if not cands and home and len(name) >= 3:          # an OCR slip: one character off
            near = [p for p in self.lex.places.values()
                    if p.parent == home.code and len(p.name) == len(name) and p.name[-1] == name[-1]
                    and sum(a != b for a, b in zip(p.name, name)) == 1]
            if len(near) == 1:
                return near[0]
        return None

    def _segment(self, rest: str) -> str:
        """The first place name of rest: a gazetteer name when one fits, else the shortest name
        ending in a level word that is not itself followed by a level word (禹州市, not 禹州)."""
        cands = []
        for m in SEG_ENDS.finditer(rest[:16]):
            end = m.end()
            if end >= 2:
                cands.append(rest[:end])
        for c in cands:
            if c in self.lex.places_by_name:
                return c
        for c in cands:
            nxt = rest[len(c):len(c) + 1]
            if nxt and nxt in "省市区县州镇乡村旗盟":
                continue
            return c
        return ""

    def split(self, text: str, home: Place | None) -> tuple[list[PlaceRef], str]:
        """The places at the start of a body or title, and what is left (the organ)."""
        refs: list[PlaceRef] = []
        rest = text
        parent_key: str | None = None
        parent_code: str | None = None
        if rest[:1] in "市区县" and home is not None:
            if rest[:1] == "市":
                refs.append(PlaceRef(home.code, home.name, home.name, home.level, home.parent, home.code))
                parent_key = parent_code = home.code
            rest = rest[1:]
        while rest:
            seg = self._segment(rest)
            if not seg:
                break
            suffix = next((s for s in LEVEL_WORDS if seg.endswith(s)), "")
            level = LEVELS.get(suffix, "")
            place = self._lookup(seg, parent_code, home)
            after = rest[len(seg):len(seg) + 1]
            if place is None and level in ("province", "prefecture", "county") and \
                    (len(seg) < 3 or not (after == "" or after in "委政人纪监城关镇乡街")):
                break
            if place is None and level in ("county", "zone") and suffix == "区" and len(seg) > 4:
                break
            if place is not None:
                ref = PlaceRef(place.code, place.name, seg, place.level, place.parent, place.code)
            else:
                key = f"{parent_key}~{seg}" if parent_key else seg
                ref = PlaceRef(key, seg, seg, level or "place", parent_key)
            refs.append(ref)
            parent_key = ref.key
            parent_code = ref.code or parent_code
            rest = rest[len(seg):]
        return refs, rest
