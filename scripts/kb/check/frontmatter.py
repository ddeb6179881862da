"""Front matter rules (PAGE-002..004, FM-002..009): the page-type schema from
docs/_data/page-types.yml, vocabulary values, ids, references and seed sources."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .. import review
from ..pages import Page

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE = re.compile(r"^(?P<file>[\w.-]+\.txt)#L(?P<start>\d+)(?:-L(?P<end>\d+))?$")


def page_type_for_folder(page: Page, vocab):
    """The page type a page must have, judged by its folder: a page directly inside a
    type's folder (`cases/x.md`) has that type; index pages and pages in subfolders
    (`principles/complaints/index.md`, the section overviews) are plain pages."""
    parts = Path(page.base).parts
    if len(parts) == 2 and Path(page.base).stem != "index":
        return vocab.type_by_folder.get(parts[0])
    return None


def _as_list(value):
    return value if isinstance(value, list) else None


def check_page(page: Page, ctx) -> list:
    """Schema checks on one page, independent of other pages (used by the build too)."""
    v = ctx.vocab
    out = []
    if not page.readable or page.front_matter_broken:
        return out  # FM-001 says what to fix first; "missing `type`" would only mislead
    expected = page_type_for_folder(page, v)
    declared = page.meta.get("type")
    if declared is None and expected is None:
        return out  # a plain page (home, index, guide): no schema
    if declared is not None and declared not in v.page_types:
        out.append(page.finding("FM-008", page.field_line("type"), type=declared, allowed=", ".join(v.page_types)))
        return out
    if expected is None:
        folders = ", ".join(f"{t.folder}/" for t in v.page_types.values())
        out.append(page.finding("PAGE-002", page.field_line("type"), type=declared, folder=str(Path(page.base).parent),
                                hint=f"move it to one of {folders}"))
        return out
    if declared is None:
        out.append(page.finding("FM-002", 1, field="type", type=expected.id))
        declared = expected.id
    elif declared != expected.id:
        out.append(page.finding("PAGE-002", page.field_line("type"), type=declared, folder=expected.folder,
                                hint=f"pages in {expected.folder}/ are `type: {expected.id}`"))
        return out
    ptype = v.page_types[declared]
    fields = {f.name: f for f in ptype.fields}
    for f in ptype.fields:
        value = page.meta.get(f.name)
        line = page.field_line(f.name)
        if value is None or value == "" or value == []:
            if f.required and not (f.unless and page.meta.get(f.unless)):
                out.append(page.finding("FM-002", 1 if f.name not in page.meta_lines else line, field=f.name, type=declared))
            continue
        out.extend(_check_value(page, f, value, line, ctx))
    for name in page.meta:
        if name not in fields:
            out.append(page.finding("FM-009", page.field_line(name), field=name, type=declared, allowed=", ".join(fields)))
    # body sections and headings
    if any(h.level == 1 for h in page.headings):
        h1 = next(h for h in page.headings if h.level == 1)
        out.append(page.finding("PAGE-004", h1.line))
    ids = {h.id for h in page.headings}
    for sid, label in ptype.sections.items():
        if sid not in ids:
            out.append(page.finding("PAGE-003", page.body_line, section=sid, label=label.get(page.lang)))
    return out


def _check_value(page: Page, f, value, line: int, ctx) -> list:
    v = ctx.vocab
    out = []
    if f.kind == "id":
        if not isinstance(value, str) or not ID.match(value):
            out.append(page.finding("FM-004", line, field=f.name, detail="use lowercase ASCII words joined by hyphens, e.g. `jade-bracelet-crack`"))
        elif value != Path(page.base).stem:
            out.append(page.finding("FM-005", line, detail=f"id `{value}` must equal the file name `{Path(page.base).stem}`"))
    elif f.kind == "text":
        if not isinstance(value, str) or not value.strip():
            out.append(page.finding("FM-004", line, field=f.name, detail="expected text"))
    elif f.kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            out.append(page.finding("FM-004", line, field=f.name, detail="expected a number"))
    elif f.kind == "date":
        if review.reviewed_on({"reviewed": value}) is None:
            out.append(page.finding("FM-004", line, field=f.name, detail="expected a date, YYYY-MM-DD, e.g. `2026-12-01`"))
    elif f.kind in ("vocab", "vocabs"):
        values = [value] if f.kind == "vocab" else _as_list(value)
        if values is None or (f.kind == "vocab" and not isinstance(value, str)):
            out.append(page.finding("FM-004", line, field=f.name,
                                    detail="expected a list, e.g. `[a, b]`" if f.kind == "vocabs" else "expected one value"))
            return out
        allowed = v.vocabularies[f.vocab]
        for item in values:
            if str(item) not in allowed:
                out.append(page.finding("FM-003", line, field=f.name, value=item, vocab=f.vocab, allowed=", ".join(allowed)))
    elif f.kind == "refs":
        items = _as_list(value)
        if items is None or not all(isinstance(i, str) for i in items):
            out.append(page.finding("FM-004", line, field=f.name, detail="expected a list of page ids, e.g. `[six-steps-solve-problem]`"))
    elif f.kind == "texts":
        items = _as_list(value)
        if items is None or not all(isinstance(i, str) and i.strip() for i in items):
            out.append(page.finding("FM-004", line, field=f.name, detail="expected a list of texts, e.g. `[\"《…法》第二十五条\"]`"))
        else:
            out.extend(_check_count(page, f, items, line))
    elif f.kind == "questions":
        items = _as_list(value)
        if items is None or not all(isinstance(i, dict) and set(i) == {"question", "answer"}
                                    and all(isinstance(s, str) and s.strip() for s in i.values()) for i in items):
            out.append(page.finding("FM-004", line, field=f.name,
                                    detail="expected a list of `- question: …` with its `answer: …`, both text"))
        else:
            out.extend(_check_count(page, f, items, line))
    elif f.kind == "sources":
        items = [value] if isinstance(value, str) else _as_list(value)
        if items is None:
            out.append(page.finding("FM-004", line, field=f.name, detail="expected a list of `FILE#Lstart-Lend`"))
            return out
        for item in items:
            m = SOURCE.match(str(item))
            if not m:
                out.append(page.finding("FM-004", line, field=f.name,
                                        detail=f"`{item}` should look like `002_575c232d067e1d4c.txt#L835-L895`"))
            elif m.group("end") and int(m.group("end")) < int(m.group("start")):
                out.append(page.finding("FM-004", line, field=f.name, detail=f"`{item}`: the range ends before it starts"))
    return out


def _check_count(page: Page, f, items: list, line: int) -> list:
    if f.items is None or f.items[0] <= len(items) <= f.items[1]:
        return []
    fewest, most = f.items
    want = str(fewest) if fewest == most else f"{fewest} to {most}"
    return [page.finding("FM-004", line, field=f.name, detail=f"expected {want} entries, found {len(items)}")]


@lru_cache(maxsize=4)
def _seed_lines(seeds: str) -> dict[str, int]:
    """Line count of every seed document in the folder."""
    counts = {}
    for path in Path(seeds).glob("*.txt"):
        with path.open("rb") as fh:
            counts[path.name] = sum(1 for _ in fh)
    return counts


def check(ctx):
    """Schema checks on every page, then the rules that compare pages: unique ids,
    references, and (when the seed documents are present) source line ranges."""
    out = []
    ids = defaultdict(list)
    for page in ctx.corpus.pages.values():
        out.extend(check_page(page, ctx))
        if page.lang == "zh" and page.type and page.id:
            ids[page.id].append(page)
    for pid, pages in ids.items():
        for dup in pages[1:]:
            out.append(dup.finding("FM-005", dup.field_line("id"),
                                   detail=f"id `{pid}` is already used by {pages[0].root_rel}"))
    by_id = ctx.corpus.by_id
    seed_lines = _seed_lines(str(ctx.seeds)) if ctx.seeds else None
    for page in ctx.corpus.pages.values():
        ptype = ctx.vocab.page_types.get(page.type or "")
        if not ptype or page_type_for_folder(page, ctx.vocab) is None:
            continue
        for f in ptype.fields:
            value = page.meta.get(f.name)
            if f.kind == "refs" and isinstance(value, list):
                for ref in value:
                    target = by_id.get(str(ref))
                    if target is None or target.type != f.ref:
                        out.append(page.finding("FM-006", page.item_line(f.name, str(ref)), field=f.name, type=f.ref, ref=ref))
            if f.kind == "sources" and seed_lines is not None and page.lang == "zh":
                for item in [value] if isinstance(value, str) else (value or []):
                    m = SOURCE.match(str(item))
                    if not m:
                        continue
                    total = seed_lines.get(m.group("file"))
                    end = int(m.group("end") or m.group("start"))
                    if total is None:
                        out.append(page.finding("FM-007", page.item_line(f.name, str(item)), source=item,
                                                detail=f"no seed file `{m.group('file')}` in {ctx.seeds}"))
                    elif end > total or int(m.group("start")) < 1:
                        out.append(page.finding("FM-007", page.item_line(f.name, str(item)), source=item,
                                                detail=f"the seed file has {total} lines"))
    return out
