"""Lexicons: the knowledge extractors use, as data files a user can extend.

Every file under ``kg/data/`` is a plain UTF-8 list, one entry per line, ``#`` starting a
comment, fields separated by tabs. ``Lexicon.load(extra_dirs)`` reads the shipped files and
then the files of the same names in each extra folder (``kg build --lexicon DIR``): their lines
are added, and a line ``-ENTRY`` removes an entry. See docs/lexicons.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

try:
    import re._parser as _sre_parse
except ImportError:          # Python 3.10
    import sre_parse as _sre_parse

DATA = Path(__file__).with_name("data")

FILES = ("surnames.txt", "titles.txt", "reporter_titles.txt", "bodies.txt", "body_suffixes.txt",
         "title_modifiers.txt", "meeting_kinds.txt", "event_verbs.txt", "future_markers.txt",
         "roles.txt", "speech_verbs.txt", "visit_verbs.txt", "prefix_stops.txt", "vague_times.txt",
         "party_organs.txt", "home_words.txt", "follow_words.txt", "ranks.txt", "not_names.txt",
         "furniture.txt", "furniture_inline.txt", "furniture_blocks.txt", "photo_credits.txt", "places.tsv",
         "grades.tsv", "common_words.txt", "name_parts.txt", "ocr_confusables.txt", "appointment_verbs.txt")


KEY_FIELDS = {"grades.tsv": 3}      # how many leading fields identify an entry (default 1)


def _rows(paths: list[Path], key_fields: int = 1) -> list[list[str]]:
    """Rows of a lexicon from its shipped file and users' files: later files add or remove."""
    rows: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("-") and len(line) > 1 and not line.startswith("--"):
                rows.pop(tuple(f.strip() for f in line[1:].split("\t")[:key_fields]), None)
                continue
            fields = [f.strip() for f in line.split("\t")]
            rows[tuple(fields[:key_fields])] = fields
    return list(rows.values())


def _alternation(words) -> str:
    """A pattern matching any of words, the longest where several start at one place: the words
    as a trie (``市(?:委(?:书记)?|长)``), so that re tests one branch per character instead of
    trying every word in turn (2.5x faster on 700 prefecture names). Empty for no words."""
    trie: dict = {}
    for w in set(words):
        if w:
            node = trie
            for c in w:
                node = node.setdefault(c, {})
            node[""] = {}

    def branch(node: dict) -> str:
        alts = [re.escape(c) + branch(node[c]) for c in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return branch(trie)


class AnyPattern:
    """Whether any of some regular expressions matches somewhere in a text: the answer a search
    of their alternation gives, found faster (these tests run on every line of every page).

    The patterns that start with ``^`` are tried together at the start of the text only. The
    others run only on a text holding one of the literals that some match of them must contain
    (``摄`` or ``文/图`` …, read off the parsed patterns), and then one by one, which keeps re's
    shortcut for a pattern that starts with a literal.
    """

    def __init__(self, patterns: list[str]):
        anchored = [p for p in patterns if _starts_at_beginning(p)]
        others = [p for p in patterns if not _starts_at_beginning(p)]
        self.anchored = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self.others = [re.compile(p) for p in others]
        self.gate = _literal_gate(others)
        self.literals = _literal_gate(patterns)

    def may_match(self, text: str) -> bool:
        """False when no pattern can match text: it lacks the literals they need."""
        return self.literals is None or self.literals.search(text) is not None

    def search(self, text: str) -> bool:
        if self.anchored is not None and self.anchored.match(text):
            return True
        if self.gate is not None and self.gate.search(text) is None:
            return False
        return any(p.search(text) for p in self.others)


def _literal_gate(patterns: list[str]) -> re.Pattern | None:
    """A pattern finding any literal that one of patterns needs, or None when one needs none."""
    needs = [_required_literals(p) for p in patterns]
    if not needs or not all(needs):
        return None
    return re.compile(_alternation(w for ws in needs for w in ws))


def _starts_at_beginning(pattern: str) -> bool:
    """Whether pattern can only match at the start of a text (``^``, not in multiline mode)."""
    parsed = _sre_parse.parse(pattern)
    return (len(parsed) > 0 and parsed[0] == (_sre_parse.AT, _sre_parse.AT_BEGINNING)
            and not parsed.state.flags & re.MULTILINE)


def _required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of pattern contains, or None when that is not known."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    return _needs(list(parsed))


def _needs(items: list) -> tuple[str, ...] | None:
    """Required literals of a parsed sequence: the best of those of its parts (a run of
    literal characters; a group; a branch, when each alternative has some; a repeat of at
    least one)."""
    c = _sre_parse
    options: list[tuple[str, ...]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append((run,))
            run = ""
        sub = None
        if op is c.SUBPATTERN and not av[1] and not av[2]:          # no local flags
            sub = _needs(list(av[3]))
        elif op is c.BRANCH:
            alts = [_needs(list(b)) for b in av[1]]
            sub = tuple(w for a in alts for w in a) if all(alts) else None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            sub = _needs(list(av[2]))
        if sub:
            options.append(sub)
    if not options:
        return None
    return max(options, key=lambda ws: (min(map(len, ws)), -len(ws)))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str | None
    aliases: tuple[str, ...] = ()


@dataclass
class Lexicon:
    files: dict[str, list[list[str]]] = field(default_factory=dict)
    digest: str = ""

    @classmethod
    def load(cls, extra_dirs: list[str | Path] | None = None) -> Lexicon:
        extra = [Path(d) for d in (extra_dirs or [])]
        files = {name: _rows([DATA / name, *[d / name for d in extra]], KEY_FIELDS.get(name, 1)) for name in FILES}
        h = hashlib.sha1()
        for name in FILES:
            for row in files[name]:
                h.update("\t".join(row).encode() + b"\n")
        return cls(files=files, digest=h.hexdigest()[:12])

    def words(self, name: str) -> list[str]:
        return [r[0] for r in self.files[name]]

    # --- names -----------------------------------------------------------------------
    @cached_property
    def surnames(self) -> frozenset[str]:
        return frozenset(w for w in self.words("surnames.txt") if len(w) == 1)

    @cached_property
    def name_parts(self) -> frozenset[str]:
        """Parts of transliterated names written without a Han surname (多杰, 才旦, 巴特尔)."""
        return frozenset(self.words("name_parts.txt"))

    @cached_property
    def compound_surnames(self) -> frozenset[str]:
        return frozenset(w for w in self.words("surnames.txt") if len(w) >= 2)

    @cached_property
    def not_names(self) -> frozenset[str]:
        return frozenset(self.words("not_names.txt"))

    @cached_property
    def common_words(self) -> frozenset[str]:
        return frozenset(self.words("common_words.txt"))

    @cached_property
    def follow_words(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.words("follow_words.txt")), key=len, reverse=True))

    @cached_property
    def vague_times(self) -> str:
        """A pattern of the vague times (近日, 日前 …) that open an undated report."""
        return _alternation(self.words("vague_times.txt")) or r"(?!)"

    @cached_property
    def ranks(self) -> tuple[str, ...]:
        return tuple(self.words("ranks.txt"))

    @cached_property
    def follow_re(self) -> re.Pattern:
        """A word that may follow a name, a rank among them (特木尔中校)."""
        return re.compile(_alternation((*self.follow_words, *self.ranks)) or r"(?!)")

    @cached_property
    def follow_single(self) -> frozenset[str]:
        return frozenset(w for w in self.follow_words if len(w) == 1)

    # --- titles and bodies -------------------------------------------------------------
    @cached_property
    def title_ranks(self) -> dict[str, str]:
        return {r[0]: (r[1] if len(r) > 1 and r[1] != "-" else "") for r in self.files["titles.txt"]}

    def _title_flagged(self, flag: str) -> frozenset[str]:
        return frozenset(r[0] for r in self.files["titles.txt"]
                         if len(r) > 2 and flag in (f.strip() for f in r[2].split(",")))

    @cached_property
    def own_level_titles(self) -> frozenset[str]:
        """Heads that name their level themselves (市长, 副县长, 书记, 常委) and reporters' titles:
        a bare one takes no body from the title before it."""
        return self._title_flagged("own-level") | self.reporter_titles

    @cached_property
    def every_organ_titles(self) -> frozenset[str]:
        """Posts every organ has (秘书长, 党组成员): printed bare after a post, of that post's organ."""
        return self._title_flagged("every-organ")

    @cached_property
    def appointment_verbs(self) -> tuple[str, ...]:
        """Verbs giving a person a post (任命, 选举): 任命甲为…; 甲当选… is read as well."""
        return tuple(self.words("appointment_verbs.txt"))

    @cached_property
    def ocr_fold(self) -> dict[int, int]:
        """A str.translate table from what OCR printed to what was meant (巿 → 市), for titles and
        bodies only."""
        return str.maketrans({r[0]: r[1] for r in self.files["ocr_confusables.txt"]
                              if len(r) > 1 and len(r[0]) == 1 and len(r[1]) == 1})

    @cached_property
    def title_re(self) -> re.Pattern:
        """The title heads, and each as OCR may print it (副巿长 for 副市长)."""
        printed_as: dict[str, list[str]] = {}
        for a, b in self.ocr_fold.items():
            printed_as.setdefault(b if isinstance(b, str) else chr(b), []).append(chr(a))
        heads = set(self.title_ranks)
        for h in list(heads):
            variants = [""]
            for c in h:
                variants = [v + x for v in variants for x in (c, *printed_as.get(c, ()))]
            heads.update(variants[:64])
        return re.compile(_alternation(heads))

    @cached_property
    def reporter_titles(self) -> frozenset[str]:
        return frozenset(self.words("reporter_titles.txt"))

    @cached_property
    def bodies(self) -> dict[str, tuple[str, str]]:
        return {r[0]: ((r[1] if len(r) > 1 else "-"), (r[2] if len(r) > 2 else "other"))
                for r in self.files["bodies.txt"]}

    @cached_property
    def party_organs(self) -> tuple[str, ...]:
        return tuple(sorted(self.words("party_organs.txt"), key=len, reverse=True))

    @cached_property
    def place_named(self) -> frozenset[str]:
        """Organs named after their place, not their committee (纪委 → 县纪委, not 县委纪委)."""
        return frozenset(r[0] for r in self.files["bodies.txt"] if len(r) > 3 and r[3] == "place-named")

    @cached_property
    def body_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.words("body_suffixes.txt")) | set(self.bodies), key=len, reverse=True))

    @cached_property
    def title_modifiers(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.words("title_modifiers.txt")), key=len, reverse=True))

    # --- events --------------------------------------------------------------------------
    @cached_property
    def meeting_kinds(self) -> dict[str, str]:
        return {r[0]: (r[1] if len(r) > 1 else "meeting") for r in self.files["meeting_kinds.txt"]}

    @cached_property
    def meeting_kind_re(self) -> re.Pattern:
        return re.compile(_alternation(self.meeting_kinds))

    @cached_property
    def event_verbs(self) -> dict[str, str]:
        return {r[0]: (r[1] if len(r) > 1 else "both") for r in self.files["event_verbs.txt"]}

    @cached_property
    def future_markers(self) -> tuple[str, ...]:
        return tuple(sorted(self.words("future_markers.txt"), key=len, reverse=True))

    @cached_property
    def roles(self) -> dict[str, tuple[str, ...]]:
        return {r[0]: tuple(x.strip() for x in r[1].split(",")) for r in self.files["roles.txt"] if len(r) > 1}

    @cached_property
    def role_re(self) -> re.Pattern:
        return re.compile(_alternation(self.roles))

    @cached_property
    def visit_verbs(self) -> tuple[str, ...]:
        return tuple(sorted(self.words("visit_verbs.txt"), key=len, reverse=True))

    @cached_property
    def speech_verbs(self) -> tuple[str, ...]:
        return tuple(sorted(self.words("speech_verbs.txt"), key=len, reverse=True))

    @cached_property
    def grades(self) -> dict[tuple[str, str, str], str]:
        """(place level, organ, title head) → grade: 正厅级, 副处级 …"""
        return {(r[0], r[1], r[2]): r[3] for r in self.files["grades.tsv"] if len(r) >= 4}

    # --- page furniture ------------------------------------------------------------------
    @cached_property
    def furniture_line(self) -> AnyPattern:
        return AnyPattern(self.words("furniture.txt"))

    @cached_property
    def furniture_block(self) -> AnyPattern:
        """A line that heads a block of furniture (a rundown): it and the list items under it go."""
        return AnyPattern(self.words("furniture_blocks.txt"))

    @cached_property
    def furniture_inline(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{w})" for w in self.words("furniture_inline.txt")) or r"(?!)")

    @cached_property
    def furniture_inline_any(self) -> AnyPattern:
        return AnyPattern(self.words("furniture_inline.txt"))

    @cached_property
    def photo_credit(self) -> AnyPattern:
        return AnyPattern(self.words("photo_credits.txt"))

    # --- places --------------------------------------------------------------------------
    @cached_property
    def places(self) -> dict[str, Place]:
        out = {}
        for r in self.files["places.tsv"]:
            if len(r) < 3:
                continue
            aliases = tuple(a for a in (r[4].split(",") if len(r) > 4 else []) if a)
            out[r[0]] = Place(r[0], r[1], r[2], (r[3] or None) if len(r) > 3 else None, aliases)
        return out

    @cached_property
    def places_by_name(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}
        for p in self.places.values():
            index.setdefault(p.name, []).append(p)
        return index

    @cached_property
    def places_by_alias(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}
        for p in self.places.values():
            for a in p.aliases:
                index.setdefault(a, []).append(p)
        return index
