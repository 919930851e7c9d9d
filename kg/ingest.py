"""Files to Documents: find input files, detect their encoding, and decode them.

Nothing here knows about newspapers; a Document is the decoded text of one file with the
name that identifies it in the graph (its path relative to the folder it was found in).

What is read (see docs/robustness.md): UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK
and Big5, when the decoded text really is Chinese; a few invalid byte sequences (a file cut
mid-character, OCR noise) are replaced by U+FFFD, more than that is refused. HTML pages are read
as their visible text. Everything else is refused with a one-line reason and a code from
``kg.errors``; reading never blocks (FIFOs, devices and sockets are refused, not opened for
reading) and never follows a symbolic link loop.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import Errors, IngestError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 64 * 1024 * 1024
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
# Some of the most frequent characters of Chinese news text, simplified and traditional: text
# decoded with the wrong legacy codec (Big5 read as GB18030, or the reverse) is CJK mojibake
# with almost none of them.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信系市委书记副长主任常务会议领导同志工作建设发展召开出席讲话要求全面推进实施坚持加强深入政府们這個們為來說時會國對開發長書記與議導員區進實傳達體經濟設關於點務")


@dataclass(frozen=True)
class Document:
    """One decoded input file. ``name`` is the file's identity in the graph."""

    name: str
    text: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def _message(code: str, detail: str = "") -> str:
    template = getattr(Errors, code)
    if "{0}" in template:
        return template.format(detail or "?")
    return f"{template} ({detail})" if detail else template


def _reason(code: str, detail: str = "") -> str:
    return f"{_message(code, detail)} [{code}]"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _why_missing(path: Path) -> tuple[str, str]:
    """Why a name cannot be followed (code, detail): a link loop, a dangling link, no access, gone."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "E014", ""
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return "E001", f"broken symbolic link to {target}"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "E006", exc.strerror or ""
        return "E001", ""
    return "E001", ""


def _missing(path: Path) -> str:
    return _reason(*_why_missing(path))


def _add(found: dict[str, Path], skipped: list[Skipped], name: str, path: Path) -> None:
    """Take a file under its name, unless another file already has it (the first one is kept)."""
    if name not in found:
        found[name] = path
    elif os.path.realpath(found[name]) != os.path.realpath(path):
        skipped.append(Skipped(str(path), _reason("E015", f"{name!r} ({found[name]})")))


def discover(paths: list[str | Path]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Expand files and folders into (path, name) pairs, sorted by name; report what cannot be used.

    A file given directly is named by its base name; a file found in a folder by its path
    relative to that folder, so names never depend on the working directory. Inside folders,
    names starting with '.' are ignored, and so are files whose suffix is not a text suffix
    (``TEXT_SUFFIXES``, or ``.txt`` followed by more, e.g. ``page.txt.1``).
    """
    found: dict[str, Path] = {}
    skipped: list[Skipped] = []
    given: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if os.path.realpath(path) in given:             # the same file or folder named twice
            continue
        given.add(os.path.realpath(path))
        try:
            st = os.stat(path)
        except OSError:
            skipped.append(Skipped(str(raw), _missing(path)))
            continue
        if stat.S_ISREG(st.st_mode):
            _add(found, skipped, path.name, path)
            continue
        if not stat.S_ISDIR(st.st_mode):
            skipped.append(Skipped(str(raw), _reason("E006", _kind(st.st_mode))))
            continue
        before, skipped_before = len(found), len(skipped)
        ignored = 0
        seen_dirs: set[tuple[int, int]] = set()

        def on_error(exc: OSError) -> None:
            skipped.append(Skipped(str(exc.filename), _reason("E006", exc.strerror or str(exc))))

        for root, dirs, files in os.walk(path, followlinks=True, onerror=on_error):
            try:
                st = os.stat(root)
            except OSError as exc:
                skipped.append(Skipped(root, _reason("E006", exc.strerror or str(exc))))
                dirs[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                skipped.append(Skipped(root, _reason("E014")))
                dirs[:] = []
                continue
            seen_dirs.add(key)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = Path(root) / name
                suffix = full.suffix.lower()
                if suffix not in TEXT_SUFFIXES and not suffix.startswith(".txt"):
                    ignored += 1
                    continue
                try:
                    fst = os.stat(full)
                except OSError:
                    skipped.append(Skipped(str(full), _missing(full)))
                    continue
                if not stat.S_ISREG(fst.st_mode):
                    skipped.append(Skipped(str(full), _reason("E006", _kind(fst.st_mode))))
                    continue
                _add(found, skipped, full.relative_to(path).as_posix(), full)
        if len(found) == before and len(skipped) == skipped_before:
            detail = f"{ignored} file(s) without a text suffix ignored" if ignored else ""
            skipped.append(Skipped(str(raw), _reason("E007", detail)))
    return sorted(((p, n) for n, p in found.items()), key=lambda pn: pn[1]), skipped


# --- decoding ----------------------------------------------------------------------------------
def _few_errors(data: bytes, enc: str) -> str | None:
    """Decode with U+FFFD for invalid sequences; the text if they are rare (a file cut mid-character,
    OCR noise), None if they are not (another encoding, or several encodings mixed)."""
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
    if bad <= max(4, len(text) // 1000):
        return text
    return None


def _common_score(text: str) -> float:
    sample = [c for c in text[:20_000] if _CJK.match(c)]
    if not sample:
        return 0.0
    return sum(1 for c in sample if c in _COMMON) / len(sample)


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK or Big5; raise IngestError
    otherwise. The text must be Chinese: CJK characters, few control characters, no NUL."""
    if not data.strip():
        raise IngestError("E002", Errors.E002, path)
    text: str | None = None
    enc = ""
    if data.startswith(codecs.BOM_UTF8):
        text, enc = _few_errors(data[3:], "utf-8"), "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text, enc = _few_errors(data[2:], codec), "utf-16"
    else:
        if b"\x00" in data:
            raise IngestError("E003", Errors.E003, path)
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = _few_errors(data, "utf-8")
            enc = "utf-8"
            if text is None:
                text, enc = _legacy(data)
    if text is None:
        raise IngestError("E004", Errors.E004, path)
    if not text.strip():
        raise IngestError("E002", Errors.E002, path)
    sample = text[:200_000]
    if "\x00" in text or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise IngestError("E003", Errors.E003, path)
    if not _CJK.search(text):
        raise IngestError("E005", Errors.E005, path)
    return text, enc


def _legacy(data: bytes) -> tuple[str | None, str]:
    """GB18030 (a superset of GBK and GB2312) or Big5, whichever decodes to real Chinese text."""
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = _few_errors(data, enc)
            if text is None:
                continue
        if not _looks_chinese(text):
            continue
        score = _common_score(text)
        if best is None or score > best[0] + 0.05:
            best = (score, text, enc)
    if best is None or best[0] < 0.05:
        return None, ""
    return best[1], best[2]


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only when the result is mostly CJK text."""
    sample = text[:20_000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not letters:
        return False
    cjk = sum(1 for c in letters if _CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
              or c in "“”‘’—…·")
    return cjk / len(letters) > 0.8


# --- HTML --------------------------------------------------------------------------------------
_BLOCK = {"p", "div", "br", "li", "tr", "table", "section", "article", "header", "footer", "blockquote",
          "pre", "ul", "ol", "dd", "dt", "hr", "td", "th", "main", "aside", "nav", "figure", "figcaption"}
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.out.append("\n")
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.out.append("\n" + "#" * int(tag[1]) + " ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK or (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456"):
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def looks_like_html(path: Path | str, text: str) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text[:4096]))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page: one line per block element, headings as '#' lines,
    scripts, styles and the head dropped, entities decoded."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; a malformed page must not stop a build
        return re.sub(r"<[^>]*>", "\n", html)
    text = "".join(parser.out).replace("\r\n", "\n").replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# --- files -------------------------------------------------------------------------------------
def _read_bytes(path: Path) -> bytes:
    """Read a regular file without ever blocking: FIFOs, sockets and devices are refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOENT):
            code, detail = _why_missing(Path(path))
            if code != "E006":
                raise IngestError(code, _message(code, detail), str(path)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError("E006", _message("E006", _kind(st.st_mode)), str(path))
        if st.st_size > MAX_BYTES:
            raise IngestError("E008", Errors.E008.format(st.st_size, MAX_BYTES), str(path))
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_BYTES:
                raise IngestError("E008", Errors.E008.format(total, MAX_BYTES), str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_document(path: Path, name: str) -> Document:
    """Read and decode one file; raise IngestError with a one-line reason."""
    try:
        data = _read_bytes(Path(path))
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError("E006", Errors.E006.format(exc.strerror or exc), str(path)) from None
    text, encoding = decode(data, str(path))
    if looks_like_html(path, text):
        text = html_to_text(text)
        if not _CJK.search(text):
            raise IngestError("E005", Errors.E005, str(path))
    return Document(name=name, text=text, encoding=encoding)
