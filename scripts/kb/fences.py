"""Fenced code blocks in Markdown lines, at any indentation.

pymdownx.superfences renders a fence wherever Markdown allows a block: at the top level,
and indented inside an admonition (`!!!`, `???`), a details block, a list item or a tab.
This is the one place that finds them, for the checker (code is not prose: no links or
HTML are read inside it) and for dialogues (kb.dialogue), so that what is checked is what
is rendered. A fence opened with four backticks holds three-backtick lines as plain
content (the guide shows dialogue syntax that way); an unclosed fence runs to the end.
One pass over the lines, no backtracking."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fence:
    start: int      # index of the opening line
    end: int        # index after the closing line (or len(lines) when unclosed)
    indent: int     # spaces before the opening fence
    info: str       # first word of the info string, e.g. `dialogue`
    closed: bool


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _opening(line: str):
    """(indent, fence char, fence length, info) when `line` opens a fence."""
    stripped = line.lstrip(" ")
    ch = stripped[:1]
    if ch not in ("`", "~"):
        return None
    n = len(stripped) - len(stripped.lstrip(ch))
    if n < 3:
        return None
    rest = stripped[n:].strip()
    if ch == "`" and "`" in rest:  # CommonMark: a backtick fence's info has no backtick
        return None
    info = rest.lstrip("{").lstrip(".").split(None, 1)[0].rstrip("}") if rest else ""
    return _indent(line), ch, n, info


def _closes(line: str, ch: str, n: int) -> bool:
    stripped = line.strip()
    return len(stripped) >= n and stripped == ch * len(stripped)


def find_fences(lines: list[str]) -> list[Fence]:
    fences: list[Fence] = []
    i, total = 0, len(lines)
    while i < total:
        opened = _opening(lines[i])
        if opened is None:
            i += 1
            continue
        indent, ch, n, info = opened
        j = i + 1
        while j < total and not _closes(lines[j], ch, n):
            j += 1
        fences.append(Fence(i, min(j + 1, total), indent, info, closed=j < total))
        i = j + 1
    return fences


def code_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced block (fences included)."""
    mask = [False] * len(lines)
    for f in find_fences(lines):
        for k in range(f.start, f.end):
            mask[k] = True
    return mask


def dedent(line: str, indent: int) -> str:
    """A content line with the fence's indentation removed (never more than its own)."""
    return line[min(indent, _indent(line)):]
