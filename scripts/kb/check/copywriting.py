"""Chinese copywriting rules (STYLE-001 spacing, STYLE-002 punctuation), checked by an existing
linter: autocorrect (autocorrect-py) with docs/_data/autocorrect.yml. It reads the body of each
Simplified page as Markdown, so inline code is left alone; the front matter and the fenced code
blocks are blanked out (their lines kept, so the findings' lines are the file's) and each
dialogue turn's text is linted on its own, without its `role (stage):`. zh-Hant is generated from these pages;
English pages are not checked."""
from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import autocorrect_py as autocorrect

from .. import fences
from ..yamlfile import load_data_file

CONFIG = "autocorrect.yml"
_WINDOW = 8  # characters of context shown around a change


@lru_cache(maxsize=4)
def _configure(path: str, mtime: float) -> None:
    import json
    config = load_data_file(Path(path)) or {}
    autocorrect.load_config(json.dumps(config))  # YAML is a superset of JSON


def check(ctx):
    path = ctx.vocab.data_dir / CONFIG
    if path.exists():
        _configure(str(path), path.stat().st_mtime)
    out = []
    for page in ctx.corpus.in_lang("zh"):
        if not page.readable or page.front_matter_broken:
            continue
        lines = page.text.split("\n")
        body = lines[page.body_line - 1:]
        code = fences.code_mask(body)  # autocorrect would read a ```text block as prose
        body = [""] * (page.body_line - 1) + ["" if c else line for line, c in zip(body, code)]
        for line, r in _lint(body, "md"):
            out.extend(_finding(page, line, r.col, r.old, r.new))
        for d in page.dialogues:
            for turn in d.turns:
                for text, text_line in ((turn.text, turn.line), (turn.note, turn.note_line)):
                    if text:
                        out.extend(_turn_findings(page, lines, text, text_line))
    return out


def _lint(lines: list[str], mode: str):
    """(line number, autocorrect result) for `lines`, linted a paragraph at a time: autocorrect's
    parser gives up on a long document ("call limit reached", a ValueError), and paragraphs are
    what its rules look at anyway. A paragraph it still cannot parse is linted line by line, and
    a line it cannot parse is left unchecked rather than stopping the whole check."""
    start = None
    for n, line in enumerate([*lines, ""], 1):
        if line.strip() and start is None:
            start = n
        elif not line.strip() and start is not None:
            yield from _lint_block(lines[start - 1:n - 1], start, mode)
            start = None


def _lint_block(block: list[str], first: int, mode: str):
    try:
        results = autocorrect.lint_for("\n".join(block), mode).lines
    except ValueError:
        if len(block) == 1:
            return
        for i, line in enumerate(block):
            yield from _lint_block([line], first + i, mode)
        return
    for r in results:
        yield first + r.line - 1, r


def _turn_findings(page, lines: list[str], text: str, first_line: int) -> list:
    out = []
    for n, r in _lint(text.split("\n"), "text"):
        part = text.split("\n")[n - 1]
        line = first_line + n - 1
        at = lines[line - 1].find(part) if line - 1 < len(lines) else -1
        out.extend(_finding(page, line, (at + 1 if at >= 0 else 1) + r.col - 1, r.old, r.new))
    return out


def _finding(page, line: int, col: int, old: str, new: str) -> list:
    """The changes autocorrect asks for on one line, each shown with a few characters around it;
    changes fewer than _WINDOW characters apart (小e发 -> 小 e 发) are one finding."""
    groups: list[list[int]] = []  # [i1, i2, j1, j2, spacing only]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        spacing = not old[i1:i2].strip() and not new[j1:j2].strip()
        if groups and i1 - groups[-1][1] <= _WINDOW:
            groups[-1][1], groups[-1][3] = i2, j2
            groups[-1][4] = groups[-1][4] and spacing
        else:
            groups.append([i1, i2, j1, j2, spacing])
    out = []
    for i1, i2, j1, j2, spacing in groups:
        lo = max(0, i1 - _WINDOW)
        was, want = old[lo:i2 + _WINDOW], new[j1 - (i1 - lo):j2 + _WINDOW]
        out.append(page.finding("STYLE-001" if spacing else "STYLE-002", line, col + i1,
                                was=was.strip(), want=want.strip()))
    return out
