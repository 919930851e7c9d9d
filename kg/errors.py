"""Coded error messages, so users can search for them (spaCy's Errors.E001 style)."""

from __future__ import annotations


class KgError(Exception):
    """An error a user can act on: a code, the file it concerns and the reason."""

    def __init__(self, code: str, reason: str, path: str | None = None):
        self.code, self.reason, self.path = code, reason, path
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.reason} [{self.code}]"


class IngestError(KgError):
    """A file that cannot be read as text."""


class Errors:
    E001 = "no such file or folder"
    E002 = "empty file"
    E003 = "binary file (NUL bytes or control characters), not text"
    E004 = "cannot decode: not UTF-8, UTF-16 with BOM or GB18030/GBK text"
    E005 = "no Chinese text in the file"
    E006 = "cannot read the file: {0}"
    E007 = "folder holds no files"
    E008 = "file too large ({0} bytes > limit {1})"
    E010 = "unknown output format {0!r}; use one of {1}"
    E011 = "cannot read the graph: {0}"
    E012 = "not a SPARQL query file and not a query: {0}"
    E013 = "the query failed: {0}"
    E014 = "symbolic link loop"
    E015 = "another input file has the same name {0}; its facts would be confused: build them separately or rename one"
