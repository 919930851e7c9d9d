"""Files to Documents: find input files, detect their encoding, and decode them.

Nothing here knows about newspapers; a Document is the decoded text of one file with the
name that identifies it in the graph (its path relative to the folder it was found in).
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Errors, IngestError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
MAX_BYTES = 64 * 1024 * 1024
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def discover(paths: list[str | Path]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Expand files and folders into (path, name) pairs, sorted by name; report what cannot be used.

    A file given directly is named by its base name; a file found in a folder by its path
    relative to that folder, so names never depend on the working directory.
    """
    found: dict[str, Path] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            skipped.append(Skipped(str(raw), f"{Errors.E001} [E001]"))
            continue
        if path.is_file():
            found.setdefault(path.name, path)
            continue
        if not path.is_dir():
            reason = f"{Errors.E014} [E014]" if path.is_symlink() else f"{Errors.E001} [E001]"
            skipped.append(Skipped(str(raw), reason))
            continue
        before = len(found)
        seen_dirs: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=True, onerror=lambda e: skipped.append(
                Skipped(str(e.filename), Errors.E006.format(e.strerror) + " [E006]"))):
            try:
                st = os.stat(root)
            except OSError as exc:
                skipped.append(Skipped(root, Errors.E006.format(exc.strerror) + " [E006]"))
                dirs[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                skipped.append(Skipped(root, f"{Errors.E014} [E014]"))
                dirs[:] = []
                continue
            seen_dirs.add(key)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = Path(root) / name
                rel = full.relative_to(path).as_posix()
                if not full.exists():
                    skipped.append(Skipped(str(full), f"{Errors.E014} [E014]" if full.is_symlink()
                                           else f"{Errors.E001} [E001]"))
                    continue
                if full.suffix.lower() not in TEXT_SUFFIXES and not full.suffix.lower().startswith(".txt"):
                    continue
                found.setdefault(rel, full)
        if len(found) == before:
            skipped.append(Skipped(str(raw), f"{Errors.E007} [E007]"))
    return sorted(((p, n) for n, p in found.items()), key=lambda pn: pn[1]), skipped


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, or GB18030; raise IngestError otherwise."""
    if not data.strip():
        raise IngestError("E002", Errors.E002, path)
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data:
            raise IngestError("E003", Errors.E003, path)
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _looks_chinese(text):
            continue
        if "\x00" in text or len(_CONTROL.findall(text[:200_000])) > max(8, len(text[:200_000]) // 100):
            raise IngestError("E003", Errors.E003, path)
        if not _CJK.search(text):
            raise IngestError("E005", Errors.E005, path)
        return text, enc.replace("-sig", "")
    raise IngestError("E004", Errors.E004, path)


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only when the result is mostly CJK text."""
    sample = text[:20_000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not letters:
        return False
    cjk = sum(1 for c in letters if _CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return cjk / len(letters) > 0.8


def read_document(path: Path, name: str) -> Document:
    """Read and decode one file; raise IngestError with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError("E008", Errors.E008.format(size, MAX_BYTES), str(path))
        data = path.read_bytes()
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError("E006", Errors.E006.format(exc.strerror or exc), str(path)) from None
    text, encoding = decode(data, str(path))
    return Document(name=name, text=text, encoding=encoding)
