"""The fast paths of extraction give what the plain versions they replace give."""

import random
import re

import pytest

from kg.extract.people import _occurrences
from kg.lexicon import AnyPattern, Lexicon, _required_literals
from kg.text import _clean_line, _squeeze_spaces, sentences

ALPHABET = list("王市委书记摄文/图本报记者第1版期年月日（(上转下)）▶,，。！？;”\n A.b\u3000\xa0\t\x00\u200b")


def strings(n: int, longest: int = 24, seed: int = 7):
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest))) for _ in range(n)]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load()


@pytest.mark.parametrize("name", ["furniture.txt", "furniture_inline.txt", "furniture_blocks.txt", "photo_credits.txt"])
def test_any_pattern_answers_as_the_alternation(lexicon, name):
    words = lexicon.words(name)
    alternation = re.compile("|".join(f"(?:{w})" for w in words))
    fast = AnyPattern(words)
    samples = ["本报记者 张三 摄", "第3版", "(下转第二版)", "  ...  ", "2020年1月2日星期四", "【本期提要】",
               "本期内容：01 市政府常务会议召开", "【字幕】市委书记 陈志刚", "【解说】"]
    for s in strings(20000) + samples:
        assert fast.search(s) == bool(alternation.search(s)), s
        assert fast.may_match(s) or not alternation.search(s), s


def test_required_literals():
    assert _required_literals("(本报记者)?\\s*[\u4e00-\u9fff]{2,4}(摄|文/图)$") == ("摄", "文/图")
    assert _required_literals("(ab|cd)e{2}") == ("ab", "cd")
    assert _required_literals("(?i)abc") is None
    assert _required_literals("a(?i:b)c") in (("a",), ("c",))     # never "abc": b may be B
    assert _required_literals("x*|y") is None


def test_occurrences_are_the_regex_matches():
    for text in strings(3000, 40, seed=3):
        words = {w for w in strings(4, 3, seed=len(text)) if w}
        if not words:
            continue
        regex = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        assert _occurrences(text, words) == [m.span() for m in regex.finditer(text)]


def test_squeezing_spaces_is_cleaning():
    slow = re.compile("^")       # an empty furniture match: _clean_line takes its character loop
    for line in strings(20000):
        line = line.replace("\x00", "").replace("\u200b", "").replace("\t", " ").replace("\n", "")
        assert _squeeze_spaces(line, 5) == _clean_line(line, 5, slow) == _clean_line(line, 5, None)


def _sentences_by_loop(text, ends="。！？!?；;"):
    out, begin = [], 0
    # a run of sentence-final marks, a half-width full stop after a Chinese character among them
    for m in re.finditer(rf"(?:[{ends}]|(?<=[\u4e00-\u9fff])\.(?![\d.]))+”?|\n", text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[begin:end].strip():
            out.append((text[begin:end], begin, end))
        begin = m.end()
    if text[begin:].strip():
        out.append((text[begin:], begin, len(text)))
    return out


def test_sentences_split_as_the_loop():
    for text in strings(20000, 30):
        assert [(s.text, s.start, s.end) for s in sentences(text)] == _sentences_by_loop(text)
