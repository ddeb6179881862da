"""The one dialogue parser. Everything that reads a dialogue (the renderer, the checker,
the translation comparison) calls `find_blocks` and `parse` here.

Syntax, inside a fenced block whose info string is `dialogue`:

    ```dialogue
    flow: complaint
    title: 手镯上发现了一道纹
    staff (greeting): 您好，欢迎光临！
    customer (listening): 我上个月在这儿买的手镯……
      Indented lines continue the turn above.
    ```

Header lines (`flow:`, `title:`, `version:`) come first. Each turn is `role (stage): text`;
full-width brackets and colons are accepted, since contributors type on Chinese keyboards.
Role, stage and flow ids are ASCII and come from docs/_data/dialogue.yml.

A bad version (what not to say) is marked `version: bad` and is shown beside a good one.
Each of its turns may carry an indented `note:` line saying what the turn breaks:

    ```dialogue
    flow: complaint
    version: bad
    staff (greeting): 有事吗？
      note: 没有问候，也没有报出名字。
    ```"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import fences

TURN = re.compile(
    r"^(?P<role>[A-Za-z][\w-]*)\s*[(（]\s*(?P<stage>[^)）]*?)\s*[)）]\s*[:：]\s?(?P<text>.*)$"
)
HEADER = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*[:：]\s*(?P<value>.*)$")
NOTE = re.compile(r"^note\s*[:：]\s*(?P<text>.*)$")
HEADER_KEYS = ("flow", "title", "version")
VERSIONS = ("good", "bad")
INFO = "dialogue"


@dataclass
class Turn:
    role: str
    stage: str
    text: str
    line: int  # file line of the turn's first line
    col: int = 1
    note: str | None = None  # bad versions: what this turn breaks
    note_line: int | None = None


@dataclass
class Problem:
    """A syntax problem found while parsing; `code` is a rule id from rules.yml."""

    code: str
    line: int
    args: dict = field(default_factory=dict)


@dataclass
class Dialogue:
    line: int  # file line of the opening fence
    end_line: int
    flow: str | None = None
    flow_line: int | None = None
    title: str | None = None
    version: str = "good"
    turns: list[Turn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> bool:
        return self.version == "bad"


@dataclass
class Block:
    """A fenced dialogue block: the file line of its opening fence, its content lines,
    and the index range of the whole block (fences included) in the lines given."""

    line: int
    lines: list[str]
    start: int
    end: int  # exclusive
    closed: bool = True
    indent: int = 0  # spaces before the fence: inside an admonition, a list item or a tab


def find_blocks(lines: list[str], first_line: int = 1) -> list[Block]:
    """Every ```dialogue fence in Markdown lines, at any indentation (inside admonitions,
    details, list items and tabs: kb.fences). Fences nested in another fence (a guide
    page showing the syntax in a four-backtick block) are skipped; an unclosed block runs
    to the end. Content lines lose the fence's indentation."""
    blocks: list[Block] = []
    for f in fences.find_fences(lines):
        if f.info != INFO:
            continue
        inner_end = f.end - 1 if f.closed else f.end
        content = [fences.dedent(line, f.indent) for line in lines[f.start + 1 : inner_end]]
        blocks.append(Block(first_line + f.start, content, f.start, f.end, closed=f.closed, indent=f.indent))
    return blocks


def parse(block: Block) -> Dialogue:
    """Parse one block. Never raises: problems are returned in `Dialogue.problems`."""
    d = Dialogue(line=block.line, end_line=block.line + len(block.lines) + 1)
    if not block.closed:
        d.problems.append(Problem("DLG-001", block.line, {"detail": "unclosed ```dialogue fence"}))
    in_header = True
    for offset, raw in enumerate(block.lines, 1):
        line_no = block.line + offset
        text = raw.rstrip()
        if not text.strip():
            continue
        if raw[:1] in (" ", "\t") and d.turns:
            prev = d.turns[-1]
            note = NOTE.match(text.strip())
            if note:
                if not d.bad:
                    d.problems.append(Problem("DLG-001", line_no, {
                        "detail": "`note:` lines belong to bad versions; add `version: bad` to the header "
                                  "or explain the good version in the page's notes section"}))
                elif prev.note is not None:
                    d.problems.append(Problem("DLG-001", line_no, {"detail": "a turn has one `note:` line"}))
                else:
                    prev.note, prev.note_line = note.group("text").strip(), line_no
            elif prev.note is not None:  # a note runs on like a turn
                prev.note = (prev.note + "\n" + text.strip()).strip()
            else:  # continuation of the previous turn
                prev.text = (prev.text + "\n" + text.strip()).strip()
            continue
        turn = TURN.match(text.strip())
        if turn:
            in_header = False
            d.turns.append(Turn(turn.group("role"), turn.group("stage"), turn.group("text").strip(), line_no))
            continue
        header = HEADER.match(text.strip())
        if header and in_header and header.group("key") in HEADER_KEYS:
            key, value = header.group("key"), header.group("value").strip()
            if key == "flow":
                d.flow, d.flow_line = value, line_no
            elif key == "version":
                if value in VERSIONS:
                    d.version = value
                else:
                    d.problems.append(Problem("DLG-001", line_no, {
                        "detail": f"`version: {value}` is unknown (allowed: {', '.join(VERSIONS)})"}))
            else:
                d.title = value
            continue
        if header and in_header:
            d.problems.append(Problem("DLG-001", line_no, {
                "detail": f"unknown header `{header.group('key')}` (allowed: {', '.join(HEADER_KEYS)})"}))
            continue
        d.problems.append(Problem("DLG-001", line_no, {
            "detail": f"`{text.strip()[:30]}` is not a turn; write `role (stage): text`"}))
    if d.flow is None:
        d.problems.append(Problem("DLG-002", block.line, {"flow": ""}))
    return d


def parse_all(lines: list[str], first_line: int = 1) -> list[Dialogue]:
    return [parse(b) for b in find_blocks(lines, first_line)]
