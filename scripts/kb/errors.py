"""Errors that carry a location, so every layer can report `path:line: message`
instead of a traceback."""
from __future__ import annotations


class KbError(Exception):
    """A problem in the repository's own files (bad YAML in a data file, a missing file).

    Raised by the floors below the CLI and the MkDocs plugin; both print it as
    `path:line: message` and exit non-zero."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message
