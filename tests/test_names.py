"""The segmenter behind the name rules: rjieba (Rust) cuts as jieba does, and the common-word
list is what tools/make_common_words.py makes from jieba's dictionary."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from kg.extract.names import NameFinder, segmenter
from kg.lexicon import Lexicon

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def _windows(lex: Lexicon) -> list[str]:
    """Every 8-character window of the seed pages that starts at a surname."""
    out = []
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        out += [text[i:i + 8] for i, c in enumerate(text) if c in lex.surnames]
    return out


def test_rjieba_cuts_as_jieba(lex):
    import rjieba  # noqa: F401  (a dependency in setup.cfg: the test fails, not skips, without it)
    windows = _windows(lex)
    assert len(windows) > 1000
    rust, python = segmenter("rjieba"), segmenter("jieba")
    differ = [(w, list(rust(w)), list(python(w))) for w in windows if list(rust(w)) != list(python(w))]
    assert not differ, differ[:5]


def test_names_are_the_same_with_either_segmenter(lex):
    fast, slow = NameFinder(lex, "rjieba"), NameFinder(lex, "jieba")
    asked = 0
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        for i, c in enumerate(text):
            if c in lex.surnames:
                assert fast.name_at(text, i) == slow.name_at(text, i), text[i:i + 8]
                asked += 1
    assert fast._segment is not None       # the rules left some names to the segmenter
    assert asked > 1000


def test_common_words_are_jiebas(lex):
    made = runpy.run_path(str(ROOT / "tools" / "make_common_words.py"))["common_words"]()
    assert made == set(lex.common_words)
    assert {"强化", "高度", "全面"} <= made and "丁同民" not in made


def test_a_common_word_is_not_a_name(lex):
    nf = NameFinder(lex)
    # 高度重视: 高 is a surname, 高度 a common word; no title or role word decides the length
    assert nf.name_at("要高度重视这项工作", 1) == 0
