"""A page of the knowledge base, read once: language, type, front matter with line
numbers, body, heading ids, links and dialogues. The MkDocs plugin and `kb check` both
read pages through `read_page` / `load_corpus`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pymdownx.slugs import slugify as _pymdownx_slugify

from . import dialogue as dlg
from . import fences
from .findings import Finding
from .layout import iter_markdown, split_lang
from .yamlfile import YamlProblem, load_with_lines

FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")
ATX = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
ATTR_ID = re.compile(r"\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
ANY_ATTR = re.compile(r"\s*\{:?[^}]*\}\s*$")
# The build's rule for headings without an explicit id (mkdocs.yml: toc.slugify).
_slugify = _pymdownx_slugify(case="lower")


def heading_slug(text: str) -> str:
    plain = re.sub(r"`([^`]*)`", r"\1", text)
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = re.sub(r"<[^>]+>", "", plain)
    plain = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", plain)
    return _slugify(plain, "-")


@dataclass
class Heading:
    level: int
    text: str
    id: str
    line: int
    explicit: bool


@dataclass
class Link:
    target: str
    line: int
    col: int
    image: bool
    reference: bool = False  # a reference definition `[r]: target`, not an inline `[x](target)`


INLINE_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(?P<open><?)(?P<target>[^)\s>]*)(?P<close>>?)(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s.*)?$")
# Python-Markdown takes everything up to the matching `)` as a link's destination, spaces and
# line breaks included (`[x](a b)`, or `[x](` closed on a later line of the paragraph), where
# INLINE_LINK stops: such a link is read by _loose_link so that the link rules judge it too.
_LINK_TEXT_BEFORE = re.compile(r"(?P<bang>!?)\[(?:[^\[\]]|\[[^\]]*\])*\]$")
_TITLE_AT_END = re.compile(r"\s+(?:\"[^\"]*\"|'[^']*')\s*$")
_LOOSE_WINDOW = 512  # characters read each way, so a line of `](` without ends costs linear time
_PAREN = re.compile(r"[()]")


_BACKTICKS = re.compile("`+")  # one character class, no backtracking


def blank_code_spans(line: str) -> str:
    """`line` with each code span (a backtick run up to the next run of the same length)
    replaced by spaces. Linear: each run is looked up once, right to left."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(line)]  # (start, length)
    next_same: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        next_same[k] = seen.get(runs[k][1])
        seen[runs[k][1]] = k
    out, pos, k = [], 0, 0
    while k < len(runs):
        close = next_same[k]
        if close is None:
            k += 1
            continue
        start, end = runs[k][0], runs[close][0] + runs[close][1]
        out.append(line[pos:start])
        out.append(" " * (end - start))
        pos = end
        k = close + 1
    out.append(line[pos:])
    return "".join(out)


@dataclass
class Page:
    path: Path  # absolute
    rel: str  # relative to docs/, posix
    root_rel: str  # relative to the repository root, for findings
    base: str  # rel without the language suffix
    lang: str
    text: str = ""
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)
    has_front_matter: bool = False
    body_line: int = 1  # file line of the first body line
    body: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True
    front_matter_broken: bool = False  # FM-001: its fields are unknown, so no rule judges them

    @property
    def type(self) -> str | None:
        t = self.meta.get("type")
        return t if isinstance(t, str) else None

    @property
    def id(self) -> str | None:
        i = self.meta.get("id")
        return i if isinstance(i, str) else None

    @property
    def title(self) -> str:
        t = self.meta.get("title")
        return str(t) if t else Path(self.base).stem

    def field_line(self, name: str) -> int:
        return self.meta_lines.get(name, 1)

    def item_line(self, name: str, item: str) -> int:
        """The line of one item of a list field (`- a` below the key, or `[a, b]` on it)."""
        start = self.field_line(name)
        lines = self.text.split("\n")
        for n in range(start, min(self.body_line - 1, len(lines) + 1)):
            if item in lines[n - 1]:
                return n
        return start

    def finding(self, rule: str, line: int, col: int = 1, **args) -> Finding:
        return Finding(rule, self.root_rel, line, col, args)

    @cached_property
    def code_mask(self) -> list[bool]:
        """For each body line, whether it is inside a fenced code block (fences included)."""
        return fences.code_mask(self.body)

    @cached_property
    def masked_body(self) -> list[str]:
        """The body with code blanked out (fenced blocks emptied, code spans replaced by
        spaces of the same width), so that prose rules never read code; columns are kept."""
        return ["" if code else blank_code_spans(line) for line, code in zip(self.body, self.code_mask)]

    @cached_property
    def headings(self) -> list[Heading]:
        out: list[Heading] = []
        used: set[str] = set()
        for i, line in enumerate(self.body):
            if self.code_mask[i]:
                continue
            m = ATX.match(line)
            if not m:
                continue
            text = m.group("text")
            attr = ATTR_ID.search(text)
            if attr:
                hid, explicit = attr.group("id"), True
                text = text[: attr.start()].rstrip()
            else:
                text = ANY_ATTR.sub("", text)
                hid, explicit = heading_slug(text), False
                base, n = hid, 0
                while hid in used:  # Python-Markdown's toc makes duplicates unique this way
                    n += 1
                    hid = f"{base}_{n}"
            used.add(hid)
            out.append(Heading(len(m.group("hashes")), text, hid, self.body_line + i, explicit))
        return out

    @cached_property
    def anchors(self) -> set[str]:
        ids = {h.id for h in self.headings}
        for i, line in enumerate(self.body):
            if not self.code_mask[i]:
                ids.update(re.findall(r"\{[^}]*#([\w-]+)[^}]*\}", line))
                ids.update(re.findall(r"\bid=[\"']([^\"']+)[\"']", line))
        return ids

    @cached_property
    def links(self) -> list[Link]:
        out: list[Link] = []
        for i, clean in enumerate(self.masked_body):
            if "](" not in clean and "]:" not in clean:
                continue
            covered = set()
            for m in INLINE_LINK.finditer(clean):
                # `<` opens an angle-bracket destination only with its `>`: else it is the target's own
                target = m.group("target") if bool(m.group("open")) == bool(m.group("close")) else "<" + m.group("target")
                out.append(Link(target, self.body_line + i, m.start() + 1, bool(m.group("bang"))))
                covered.add(m.start("text") + len(m.group("text")))
            pos = clean.find("](")
            while pos != -1:
                if pos not in covered:
                    loose = self._loose_link(i, pos)
                    if loose is not None:
                        out.append(loose)
                pos = clean.find("](", pos + 2)
            d = REF_DEF.match(clean)
            if d:
                out.append(Link(d.group("target"), self.body_line + i, d.start("target") + 1, False, reference=True))
        return out

    def _loose_link(self, i: int, pos: int) -> Link | None:
        """The link Python-Markdown makes from the `](` at column `pos` of body line `i` when
        INLINE_LINK did not match there: its destination runs to the matching `)`, possibly on
        a later line of the same paragraph (None when Markdown makes no link)."""
        lines, clean = self.masked_body, self.masked_body[i]
        before = _LINK_TEXT_BEFORE.search(clean[max(0, pos - _LOOSE_WINDOW):pos + 1])
        if before is None:
            return None
        text, j, k, depth = clean[pos + 2:pos + 2 + _LOOSE_WINDOW], i + 1, 0, 0
        while True:
            for m in _PAREN.finditer(text, k):
                if m.group(0) == ")" and depth == 0:
                    dest = _TITLE_AT_END.sub("", text[:m.start()]).strip().strip("<>")
                    start = pos - len(before.group(0)) + 1
                    return Link(dest, self.body_line + i, start + 1, bool(before.group("bang")))
                depth += 1 if m.group(0) == "(" else -1
            k = len(text)
            if j >= len(lines) or not lines[j].strip() or self.code_mask[j] or len(text) >= _LOOSE_WINDOW:
                return None  # the paragraph ends first: Markdown leaves the text as it is
            text += "\n" + lines[j]
            j += 1

    @cached_property
    def dialogues(self) -> list[dlg.Dialogue]:
        return dlg.parse_all(self.body, self.body_line)


def read_page(path: Path, docs_dir: Path, root: Path) -> Page:
    """Read one Markdown page. Never raises: unreadable files and bad front matter become
    findings (PAGE-001, FM-001) on the returned page."""
    rel = path.relative_to(docs_dir).as_posix()
    base, lang = split_lang(rel)
    try:
        root_rel = path.relative_to(root).as_posix()
    except ValueError:
        root_rel = path.as_posix()
    page = Page(path=path, rel=rel, root_rel=root_rel, base=base, lang=lang)
    try:
        page.text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        page.readable = False
        page.findings.append(page.finding("PAGE-001", 1, detail=exc.strerror or str(exc)))
        return page
    except UnicodeDecodeError as exc:
        page.readable = False
        page.findings.append(page.finding("PAGE-001", 1, detail=f"byte {exc.start} is not UTF-8"))
        return page
    lines = page.text.lstrip("\ufeff").split("\n")
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if FRONT_MATTER_END.match(lines[i])), None)
        if end is None:
            page.findings.append(page.finding("FM-001", 1, detail="the front matter has no closing `---`"))
            page.body, page.body_line = lines, 1
            return page
        page.has_front_matter = True
        try:
            data, key_lines = load_with_lines("\n".join(lines[1:end]), first_line=2)
        except YamlProblem as exc:
            page.findings.append(page.finding("FM-001", exc.line, detail=exc.message))
            page.front_matter_broken = True
            data, key_lines = {}, {}
        if data is None:
            data = {}
        if not isinstance(data, dict):
            page.findings.append(page.finding("FM-001", 2, detail="front matter must be `key: value` lines"))
            page.front_matter_broken = True
            data = {}
        page.meta, page.meta_lines = data, key_lines
        page.body, page.body_line = lines[end + 1 :], end + 2
    else:
        page.body, page.body_line = lines, 1
    return page


@dataclass
class Corpus:
    """All pages of a docs folder, by (base path, language) and by front-matter id."""

    docs_dir: Path
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)

    _by_lang: dict = field(default_factory=dict, repr=False)  # in_lang's lists, dropped by add()
    _citing: dict | None = field(default=None, repr=False)

    def add(self, page: Page) -> None:
        self.pages[(page.base, page.lang)] = page
        self._by_lang.clear()
        self._citing = None

    def discard(self, base: str, lang: str) -> None:
        if self.pages.pop((base, lang), None) is not None:
            self._by_lang.clear()
            self._citing = None

    def get(self, base: str, lang: str) -> Page | None:
        return self.pages.get((base, lang))

    def in_lang(self, lang: str) -> list[Page]:
        """The pages of one language by path; sorted once, not on every call (listings and
        backlinks ask for them once per page, which made a build grow with pages squared)."""
        if lang not in self._by_lang:
            self._by_lang[lang] = [p for (b, l), p in sorted(self.pages.items()) if l == lang]
        return list(self._by_lang[lang])

    def citing(self, principle_id: str) -> list[Page]:
        """zh cases and scripts that name the principle in `principles`; one map per corpus."""
        if self._citing is None:
            self._citing = {}
            for p in self.in_lang("zh"):
                value = p.meta.get("principles")
                if p.type not in ("case", "script") or value is None:
                    continue
                for pid in dict.fromkeys(str(x) for x in (value if isinstance(value, list) else [value])):
                    self._citing.setdefault(pid, []).append(p)
        return list(self._citing.get(principle_id, []))

    @cached_property
    def by_id(self) -> dict[str, Page]:
        """zh pages by id (the first one wins; duplicates are a checker finding)."""
        out: dict[str, Page] = {}
        for page in self.in_lang("zh"):
            if page.id and page.id not in out:
                out[page.id] = page
        return out

    def localized(self, page: Page, lang: str) -> Page:
        """The same page in another language, or the page itself when it is missing."""
        return self.pages.get((page.base, lang)) or page

    def typed(self, type_id: str) -> list[Page]:
        return [p for p in self.in_lang("zh") if p.type == type_id]


def load_corpus(docs_dir: Path, root: Path, langs=("zh", "zh-Hant", "en")) -> Corpus:
    corpus = Corpus(docs_dir)
    for path in iter_markdown(docs_dir):
        if split_lang(path.name)[1] not in langs:
            continue
        page = read_page(path, docs_dir, root)
        corpus.add(page)
    return corpus
