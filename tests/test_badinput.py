"""Bad input (issue 8): a messy corpus generated here, never committed as binary files.

`kg build` runs as a user runs it (a subprocess). It reads what really is Chinese text (UTF-8
with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5, HTML pages as their visible text),
reports every other file on one line naming it with a reason and a code, never prints a
traceback, and exits 0 when something was built, 1 when nothing, 1 with --strict on any skip.

Tests run as root in CI, where ``chmod 000`` does not stop reading: unreadability is simulated
by a FIFO (opening one for reading would block forever), a dangling symbolic link, a symbolic
link loop, and in-process by an ``os.open`` that fails with EACCES; ``chmod 000`` is tried too
when the tests do not run as root.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import KG, ROOT, SEEDS, run_kg

SEED = SEEDS / "002_f409d700cfb95473.txt"
TRADITIONAL = ("市政府召開2023年第8次重點工作週交辦會議。市委常委、常務副市長張慶一，副市長張飛、趙鵬、"
               "楊朝暉出席會議。會議傳達了近期上級重要會議和領導指示批示精神，對上週交辦重點工作進行了通報。\n")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def as_html(text: str) -> str:
    lines = text.splitlines()
    body = []
    for line in lines:
        if line.startswith("## "):
            body.append(f"<h2>{line[3:]}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{line[2:]}</h1>")
        elif line.strip():
            body.append(f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>新闻 &amp; 报道</title>"
            "<style>p { color: red }</style><script>var s = '<p>市长王假名出席</p>';</script></head>\n<body>"
            + "\n".join(body) + "<!-- 评论 --></body></html>\n")



def _make_corpus(root: Path) -> dict[str, str | None]:
    s = seed_text()
    b = s.encode("utf-8")
    gbk = s.encode("gbk")
    files: dict[str, tuple[bytes, str | None]] = {
        "empty.txt": (b"", "E002"),
        "blank.txt": (b" \n\r\n\t \n", "E002"),
        "random.txt": (os.urandom(4096) + b"\x00" + os.urandom(4096), "E003"),
        "bytes.txt": (bytes(range(256)) * 20, "E003"),
        "nul.txt": (b[:600] + b"\x00" * 40 + b[600:1200], "E003"),
        "control_dense.txt": ("".join(c + "\x07\x1b" for c in s[:3000]).encode(), "E003"),
        "control_sparse.txt": (s[:4000].replace("\n", "\n\x0c", 3).encode(), None),   # form feeds, as pdftotext
        "ascii_only.txt": (b"Just an English page, no Chinese at all.\n" * 50, "E005"),
        "utf8.txt": (b, None),
        "utf8_bom.txt": (codecs.BOM_UTF8 + b, None),
        "utf16le.txt": (codecs.BOM_UTF16_LE + s.encode("utf-16-le"), None),
        "utf16be.txt": (codecs.BOM_UTF16_BE + s.encode("utf-16-be"), None),
        "gb18030.txt": (s.encode("gb18030"), None),
        "gbk.txt": (gbk, None),
        "big5_traditional.txt": (TRADITIONAL.encode("big5"), None),
        "traditional.txt": (TRADITIONAL.encode("utf-8"), None),
        # a file cut mid-character and two bytes lost inside: a few U+FFFD, still read
        "truncated.txt": (b[:1001] + b[1003:6001], None),
        # half UTF-8, half GBK: no single encoding; refused rather than read as mojibake
        "mixed_utf8_gbk.txt": (b[:4000] + gbk[4000:9000], "E004"),
        "utf16_truncated_no_bom.txt": (s.encode("utf-16-le")[:3001], "E003"),
        "page.html": (as_html(s).encode("utf-8"), None),
        "page_gbk.htm": (as_html(s).encode("gbk", errors="replace").replace(b'charset="utf-8"', b'charset="gbk"'), None),
        "long_line.txt": ((s.replace("\n", "") * 6)[:100_000].encode("utf-8"), None),   # 100k characters, one line
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    expected = {name: code for name, (_, code) in files.items()}
    # a folder named like a file, holding a readable page
    (root / "folder.txt").mkdir()
    (root / "folder.txt" / "inner.txt").write_bytes(b[:3000])
    expected["folder.txt/inner.txt"] = None
    # unreadable things, as root: a FIFO, a dangling link, a link to itself, a directory loop
    os.mkfifo(root / "fifo.txt")
    expected["fifo.txt"] = "E006"
    os.symlink("nowhere.txt", root / "dangling.txt")
    expected["dangling.txt"] = "E001"
    os.symlink("self.txt", root / "self.txt")
    expected["self.txt"] = "E014"
    (root / "loop").mkdir()
    (root / "loop" / "page.txt").write_bytes(b[:2000])
    os.symlink("..", root / "loop" / "up")
    expected["loop/page.txt"] = None
    expected["loop/up"] = "E014"
    # ignored without a report: hidden files and files without a text suffix
    (root / ".hidden.txt").write_bytes(b"\x00\x01")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    return expected


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path / "corpus"
    root.mkdir()
    return root, _make_corpus(root)


def run_bounded(args: list[str], timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run kg in its own process group and kill the whole group when it overruns."""
    proc = subprocess.Popen([*KG, *args], cwd=cwd or ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"kg {' '.join(args[:1])} did not finish within {timeout} s")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def officials(graph: Path) -> dict[str, set[tuple[str, str]]]:
    done = run_kg("query", "queries/officials.rq", "--graph", str(graph), "--format", "csv")
    assert done.returncode == 0, done.stderr
    out: dict[str, set[tuple[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(done.stdout)):
        out.setdefault(row["file"], set()).add((row["name"], row["title"]))
    return out


def source_files(graph: Path) -> set[str]:
    done = run_kg("query", "SELECT ?n WHERE { ?f a gov:SourceFile ; gov:fileName ?n }", "--graph", str(graph),
                  "--format", "csv")
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[1:])


def skip_lines(stderr: str) -> dict[str, str]:
    out = {}
    for line in stderr.splitlines():
        if line.startswith("kg: skipped "):
            path, _, reason = line[len("kg: skipped "):].partition(": ")
            out[path] = reason
    return out


def test_corpus_reads_the_chinese_and_reports_the_rest(corpus, tmp_path):
    root, expected = corpus
    out = tmp_path / "g.ttl"
    done = run_bounded(["build", str(root), "-o", str(out)], timeout=120)
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    skipped = skip_lines(done.stderr)
    for name, code in expected.items():
        path = str(root / name)
        if code is None:
            assert path not in skipped, (name, skipped.get(path))
        else:
            assert path in skipped, (name, done.stderr)
            assert skipped[path].endswith(f"[{code}]"), (name, skipped[path])
    assert set(skipped) == {str(root / n) for n, c in expected.items() if c}, done.stderr
    for line in done.stderr.splitlines():                     # every report names its file on one line
        if line.startswith("kg: skipped "):
            assert str(root) in line
    read = source_files(out)
    assert read == {n for n, c in expected.items() if c is None}
    assert f"files read: {len(read)}" in done.stderr


def test_strict_exits_1_on_any_skip(corpus, tmp_path):
    root, _ = corpus
    done = run_bounded(["build", str(root), "-o", str(tmp_path / "g.ttl"), "--strict", "-q"], timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (tmp_path / "g.ttl").exists()                  # --strict still writes what was built
    ok = tmp_path / "ok"
    ok.mkdir()
    (ok / "a.txt").write_bytes(SEED.read_bytes())
    (ok / "b.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    done = run_bounded(["build", str(ok), "-o", str(tmp_path / "ok.ttl"), "--strict", "-q"], timeout=60)
    assert done.returncode == 0, done.stderr


def test_nothing_readable_exits_1_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "bin.txt").write_bytes(bytes(range(256)))
    os.mkfifo(bad / "fifo.txt")
    os.symlink("self.txt", bad / "self.txt")
    out = tmp_path / "g.ttl"
    done = run_bounded(["build", str(bad), "-o", str(out)], timeout=60)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "nothing could be built" in done.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "gbk", "html"])
def test_reencoded_seed_gives_the_same_officials(tmp_path, encoding):
    s = seed_text()
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "orig.txt").write_bytes(s.encode("utf-8"))
    if encoding == "html":
        (pages / "copy.html").write_text(as_html(s), encoding="utf-8")
    else:
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
        (pages / "copy.txt").write_bytes(bom + s.encode(encoding))
    out = tmp_path / "g.ttl"
    done = run_bounded(["build", str(pages), "-o", str(out), "-q", "--strict"], timeout=60)
    assert done.returncode == 0, done.stderr
    found = officials(out)
    copy = "copy.html" if encoding == "html" else "copy.txt"
    assert len(found["orig.txt"]) >= 10
    assert found[copy] == found["orig.txt"]


def test_big5_and_traditional_read_as_the_same_text():
    from kg.ingest import decode
    text, enc = decode(TRADITIONAL.encode("big5"))
    assert (text, enc) == (TRADITIONAL, "big5")
    assert decode(TRADITIONAL.encode("utf-8")) == (TRADITIONAL, "utf-8")
    s = seed_text()
    assert decode(s.encode("gbk")) == (s, "gb18030")      # GBK is never mistaken for Big5


def test_html_is_read_as_its_visible_text():
    from kg.ingest import html_to_text
    text = html_to_text(as_html("# 标题\n\n市长王文杰出席会议。\n"))
    assert "# 标题" in text and "市长王文杰出席会议。" in text
    assert "<" not in text and "var s" not in text and "color" not in text and "评论" not in text
    assert "王假名" not in text                                # script text is not read as news
    assert html_to_text("<p>a &amp; b<p>未闭合 <b>粗") .split() == ["a", "&", "b", "未闭合", "粗"]


@pytest.mark.parametrize("make,code", [
    (lambda p: os.mkfifo(p), "E006"),
    (lambda p: os.symlink("nowhere.txt", p), "E001"),
    (lambda p: os.symlink(p.name, p), "E014"),
])
def test_unreadable_path_given_directly(tmp_path, make, code):
    bad = tmp_path / "bad.txt"
    make(bad)
    done = run_bounded(["build", str(bad), str(SEED), "-o", str(tmp_path / "g.ttl")], timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert skip_lines(done.stderr)[str(bad)].endswith(f"[{code}]")


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    """As root chmod 000 does not stop reads: make os.open fail with EACCES for one file."""
    import errno

    from kg import ingest
    from kg.build import build
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(SEED.read_bytes())
    (pages / "secret.txt").write_bytes(SEED.read_bytes())
    real_open = os.open

    def fake_open(path, flags, *a, **kw):
        if str(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr(ingest.os, "open", fake_open)
    result = build([str(pages)])
    assert result.files_read == 1
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(pages / "secret.txt"), "cannot read the file: Permission denied [E006]")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_is_reported(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(SEED.read_bytes())
    (pages / "secret.txt").write_bytes(SEED.read_bytes())
    (pages / "secret.txt").chmod(0)
    done = run_bounded(["build", str(pages), "-o", str(tmp_path / "g.ttl")], timeout=60)
    assert done.returncode == 0
    assert skip_lines(done.stderr)[str(pages / "secret.txt")].endswith("[E006]")


def test_thousands_of_tiny_files(tmp_path):
    pages = tmp_path / "tiny"
    pages.mkdir()
    sentences = [line for line in seed_text().splitlines() if len(line) > 20][:30]
    for i in range(3000):
        sub = pages / f"d{i // 500}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(sentences[i % len(sentences)] + "\n", encoding="utf-8")
    out = tmp_path / "g.nq"
    t0 = time.monotonic()
    done = run_bounded(["build", str(pages), "-o", str(out), "--jobs", "2"], timeout=180)
    took = time.monotonic() - t0
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "files read: 3000" in done.stderr and "files skipped: 0" in done.stderr
    assert took < 120, took


def _twenty_mb_line(path: Path) -> None:
    line = seed_text().replace("\n", "")
    data = line.encode("utf-8")
    with open(path, "wb") as fh:
        written = 0
        while written < 20 * 1024 * 1024:
            fh.write(data)
            written += len(data)


def test_twenty_mb_single_line_is_bounded(tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    _twenty_mb_line(big / "one_line.txt")
    done = run_bounded(["build", str(big), "-o", str(tmp_path / "g.ttl"), "-q"], timeout=60)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr


def test_twenty_mb_single_line_is_decoded_quickly(tmp_path):
    """Reading and decoding are linear."""
    from kg.ingest import read_document
    _twenty_mb_line(tmp_path / "one_line.txt")
    t0 = time.monotonic()
    doc = read_document(tmp_path / "one_line.txt", "one_line.txt")
    assert time.monotonic() - t0 < 10
    assert len(doc.text) > 6_000_000 and "\n" not in doc.text
