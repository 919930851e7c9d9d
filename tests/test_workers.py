"""``kg build --jobs N`` (kg/workers.py): workers keep their records and send the parent only
what resolution reads; the resolved graph is merged from each worker's facts. The output must
not depend on which worker took which file, and a worker that dies or fails must end the build
with a reason, never hang it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kg.build import _init_worker, _work, build
from kg.ingest import discover
from kg.resolve import Resolver, summarize
from kg.triples import Emitter, Facts

from .conftest import ROOT, SEEDS
from .test_bench_smoke import _corpus_module


def _records(folder):
    _init_worker([], None)
    from kg.build import _WORKER
    ex = _WORKER["ex"]
    files, _ = discover([str(folder)])
    docs = sorted((f for _, f, _ in (_work((str(p), n)) for p, n in files) if f is not None), key=lambda d: d.name)
    resolver = Resolver(ex.lexicon)
    res = resolver.run([summarize(d) for d in docs])
    return docs, Emitter(res, resolver, ex.lexicon, ex.versions)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Pages where officials and meetings recur across files (as in a real paper)."""
    folder = tmp_path_factory.mktemp("corpus")
    _corpus_module().generate(folder, 300, seed=5)
    return folder


@pytest.mark.parametrize("source", ["seeds", "synthetic"])
def test_facts_of_any_split_merge_into_the_resolved_graph_of_all(source, synthetic):
    docs, emitter = _records(SEEDS if source == "seeds" else synthetic)
    whole = emitter.resolved_graph(docs)
    assert whole.counts["events"] > 0 and whole.counts["memberships"] > 0
    for split in (lambda i: i % 2, lambda i: i < len(docs) // 3, lambda i: (i * 7) % 3):
        groups: dict[int, list] = {}
        for i, d in enumerate(docs):
            groups.setdefault(int(split(i)), []).append(d)
        for order in (sorted(groups), sorted(groups, reverse=True)):
            merged = Facts()
            for k in order:
                merged.merge(emitter.facts_of(list(reversed(groups[k]))))   # any order within a worker too
            again = emitter.resolved_graph_of(merged)
            assert again.data == whole.data
            assert again.counts == whole.counts


def test_jobs_give_the_same_bytes_on_a_larger_corpus(synthetic):
    one = build([str(synthetic)], jobs=1)
    for jobs in (2, 3):
        other = build([str(synthetic)], jobs=jobs)
        assert other.dataset.nquads() == one.dataset.nquads()
        assert other.summary() == one.summary()


def test_blocks_sent_in_many_parts_give_the_same_bytes(synthetic, monkeypatch):
    import kg.workers

    one = build([str(synthetic)], jobs=1, out_format="turtle")
    monkeypatch.setattr(kg.workers, "PART_BYTES", 1)     # every block its own message (forked workers see it)
    sent = []
    real = kg.workers.LocalRun._messages

    def counting(self, waiting):
        for c, msg in real(self, waiting):
            sent.append(msg[0])
            yield c, msg
    monkeypatch.setattr(kg.workers.LocalRun, "_messages", counting)
    two = build([str(synthetic)], jobs=2, out_format="turtle")
    assert sent.count("blocks") >= len(one.dataset.blocks)      # a part for each page, and an empty last one
    assert sent.count("done") == 2
    assert [b.turtle for b in two.dataset.blocks] == [b.turtle for b in one.dataset.blocks]
    assert two.dataset.nquads() == one.dataset.nquads()


def test_a_build_leaves_no_cyclic_garbage_however_many_pages(synthetic):
    """Why kg.build turns the collector off while it builds: nothing it makes needs it. The
    objects a collection finds after a build do not grow with the pages built."""
    import gc

    found = {}
    build([str(SEEDS)], jobs=1)     # each build makes its extractors anew: the last ones are let go
    for name, folder in (("seeds", SEEDS), ("synthetic", synthetic)):
        gc.collect()
        build([str(folder)], jobs=1)                # the collector is off in there
        assert gc.isenabled()                       # and on again after
        found[name] = gc.collect()
    assert found["synthetic"] <= found["seeds"] + 50, found


def _build_in_subprocess(patch: str) -> subprocess.CompletedProcess:
    """A --jobs 2 build of the seeds with ``patch`` applied before the workers fork; bounded in
    time, so a hang fails the test instead of stalling the suite."""
    script = textwrap.dedent(f"""
        import os, sys
        import kg.build, kg.triples
        from kg.errors import KgError
        {patch}
        try:
            kg.build.build([{str(SEEDS)!r}], jobs=2)
        except KgError as exc:
            print("KgError", exc.code, exc, file=sys.stderr)
            sys.exit(3)
        sys.exit(0)
    """)
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="the patch reaches the workers by fork")
def test_a_worker_that_dies_ends_the_build_with_a_reason():
    done = _build_in_subprocess(textwrap.dedent("""
        real = kg.build.extract_document
        def dying(doc, *a):
            if doc.name == sorted(p.name for p in __import__("pathlib").Path(%r).iterdir())[2]:
                os._exit(7)
            return real(doc, *a)
        kg.build.extract_document = dying
    """ % str(SEEDS)).replace("\n", "\n        "))
    assert done.returncode == 3, done.stderr
    assert "E009" in done.stderr and "ended unexpectedly (exit code 7)" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="the patch reaches the workers by fork")
def test_a_worker_that_fails_after_extraction_ends_the_build_with_its_error():
    done = _build_in_subprocess(textwrap.dedent("""
        def broken(self, d):
            raise RuntimeError("no graph for " + d.name)
        kg.triples.Emitter.file_graph = broken
    """).replace("\n", "\n        "))
    assert done.returncode == 3, done.stderr
    assert "a build worker failed" in done.stderr and "RuntimeError: no graph for" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="the patch reaches the workers by fork")
def test_a_worker_that_fails_after_sending_some_blocks_ends_the_build_with_its_error():
    done = _build_in_subprocess(textwrap.dedent("""
        import kg.workers
        kg.workers.PART_BYTES = 1
        real = kg.triples.Emitter.file_graph
        made = []
        def broken(self, d):
            made.append(d.name)
            if len(made) == 2:
                raise RuntimeError("no graph for " + d.name)
            return real(self, d)
        kg.triples.Emitter.file_graph = broken
    """).replace("\n", "\n        "))
    assert done.returncode == 3, done.stderr
    assert "a build worker failed" in done.stderr and "RuntimeError: no graph for" in done.stderr


def test_guided_batches_cover_the_items_in_order_and_shrink_at_the_end():
    from kg.workers import guided

    for n, batch, workers in ((507, 31, 2), (1, 64, 2), (10, 3, 4), (1000, 64, 8)):
        parts = list(guided(list(range(n)), batch, workers))
        assert [x for p in parts for x in p] == list(range(n))
        assert all(1 <= len(p) <= batch for p in parts)
        sizes = [len(p) for p in parts]
        assert sizes == sorted(sizes, reverse=True)          # never larger than the one before
        if n >= 4 * batch * workers:
            assert sizes[-1] == 1 and sizes[0] == batch
