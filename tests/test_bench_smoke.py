"""A tiny run of the bench scripts, so they do not rot: no timings are asserted here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, run_kg

BENCH = ROOT / "bench"


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def test_corpus_is_deterministic_for_a_seed(tmp_path):
    corpus = _corpus_module()
    a = corpus.generate(tmp_path / "a", 20, seed=3)
    b = corpus.generate(tmp_path / "b", 20, seed=3)
    corpus.generate(tmp_path / "c", 20, seed=4)
    assert a == b and a["articles"] == 20 and a["pages"] >= 2
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    # a smaller corpus is a prefix of a larger one with the same seed
    corpus.generate(tmp_path / "d", 40, seed=3)
    big = _files(tmp_path / "d")
    small = _files(tmp_path / "a")
    assert all(big[name] == data for name, data in list(small.items())[:-1])
    text = next(iter(small.values())).decode("utf-8")
    assert "本报讯" in text or "本报记者" in text


def test_corpus_builds_into_events_and_officials(tmp_path):
    corpus = _corpus_module()
    corpus.generate(tmp_path / "pages", 20, seed=3)
    out = tmp_path / "g.ttl"
    done = run_kg("build", str(tmp_path / "pages"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    for query in ("events.rq", "officials.rq"):
        q = run_kg("query", str(ROOT / "queries" / query), "--graph", str(out), "--format", "json")
        assert q.returncode == 0, q.stderr
        assert json.loads(q.stdout)["results"]["bindings"], f"{query} found nothing in the generated corpus"


def test_bench_run_smoke(tmp_path):
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--smoke", "--work", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "## Summary" in done.stdout
    assert "events.rq" in done.stdout
    assert "graph view of the best connected node" in done.stdout
    assert (tmp_path / "out" / "last-run.json").exists()


def test_the_corpus_narrative_adds_no_people_or_events(tmp_path):
    """The filler taken from the real pages (bench/corpus.py genre_sentences) must not put
    officials, reporters or meetings into the synthetic world."""
    from kg.build import build
    bank = _corpus_module().genre_sentences()
    assert len(bank) > 100
    page = tmp_path / "pages" / "narrative.txt"
    page.parent.mkdir()
    page.write_text("\n".join("".join(bank[i:i + 4]) for i in range(0, len(bank), 4)), encoding="utf-8")
    result = build([str(page.parent)])
    assert (result.people, result.events, result.memberships) == (0, 0, 0), result.summary()
