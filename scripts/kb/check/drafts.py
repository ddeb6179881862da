"""Draft rules (PAGE-006, PAGE-007): a typed page that still holds its template's placeholder
text, or a section with nothing under its heading, is not finished. `kb check` fails on it,
so it cannot be merged; the build still renders it, so `make serve` previews the draft."""
from __future__ import annotations

from .. import templates
from .frontmatter import page_type_for_folder
from .translations import PARALLEL_KINDS

_PROSE_KINDS = {"text"} | PARALLEL_KINDS


def check(ctx):
    out = []
    texts: dict[str, frozenset[str]] = {}  # per type: reading and parsing its template once, not per page
    for page in ctx.corpus.pages.values():
        ptype = page_type_for_folder(page, ctx.vocab) if page.readable else None
        if ptype is None or page.front_matter_broken:
            continue
        if ptype.id not in texts:
            texts[ptype.id] = templates.placeholders(ctx.vocab, ptype.id)
        out.extend(_placeholders(page, ptype, texts[ptype.id]))
        out.extend(_empty_sections(page))
    return out


def _placeholders(page, ptype, texts: frozenset[str]) -> list:
    out = []
    for f in ptype.fields:
        if f.kind not in _PROSE_KINDS or f.name == "type":
            continue
        value = page.meta.get(f.name)
        for s in templates._strings(value):
            if s.strip() in texts:
                line = page.field_line(f.name) if isinstance(value, str) else page.item_line(f.name, s.strip())
                out.append(page.finding("PAGE-006", line, text=s.strip(), where=f" (`{f.name}`)"))
    for i, line in enumerate(page.body):
        s = line.strip()
        if s in texts:
            out.append(page.finding("PAGE-006", page.body_line + i, len(line) - len(line.lstrip()) + 1,
                                    text=s, where=""))
    return out


def _empty_sections(page) -> list:
    """Headings with no text under them before the next heading of the same or a higher level."""
    out = []
    heads = sorted(page.headings, key=lambda h: h.line)
    for k, h in enumerate(heads):
        if h.level < 2:
            continue
        end = next((n.line for n in heads[k + 1:] if n.level <= h.level), page.body_line + len(page.body))
        inner = {n.line for n in heads[k + 1:] if n.line < end}
        body = page.body[h.line + 1 - page.body_line:end - page.body_line]
        if not any(line.strip() for n, line in enumerate(body, h.line + 1) if n not in inner):
            out.append(page.finding("PAGE-007", h.line, heading=h.text))
    return out
