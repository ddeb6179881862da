"""Safety rules (SAFE-*) for a site that a whole chain edits and opens offline in stores.

Everything a page can turn into HTML is held against the allow-list in
docs/_data/html-allowlist.yml (kb.htmlsafety): its raw HTML (parsed by an HTML5 parser, so
an attribute counts wherever a browser would see it), the targets of its Markdown links,
images and autolinks (javascript:, data:, vbscript: however encoded; no external images),
and the attributes it sets with `{: ...}` (attr_list). Raw HTML is read twice: as one
document (what a browser makes of the text) and tag by tag as Python-Markdown cuts it (its
inline HTML pattern), because Markdown escapes a `<` that does not start a whole tag and so
can free a tag the one-document view reads as an attribute value (`<a href="<svg>`). The
build checks the HTML it produces against the same list. Internal `src`/`href` found in raw HTML go to the link rules."""
from __future__ import annotations

import html
import re

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE, HTML_RE

from .. import htmlsafety

_AUTOLINK = re.compile(AUTOLINK_RE)
_AUTOMAIL = re.compile(AUTOMAIL_RE)
_MARKDOWN_TAG = re.compile(HTML_RE, re.S)  # one tag, comment or CDATA as Markdown passes it through


def _blank(s: str) -> str:
    return " " * len(s)


def raw_html(ctx, page):
    """(problems, references) of the page's raw HTML, with file lines; computed once."""
    key = ("raw-html", page.root_rel)
    if key not in ctx.cache:
        lines = page.masked_body
        autolinks = []
        text_lines = []
        for i, line in enumerate(lines):
            if "<" in line and (":" in line or "@" in line):
                for pattern in (_AUTOLINK, _AUTOMAIL):
                    for m in pattern.finditer(line):
                        if pattern is _AUTOLINK:
                            autolinks.append((m.group(1), page.body_line + i, m.start() + 1))
                    line = pattern.sub(lambda m: _blank(m.group(0)), line)
            text_lines.append(line)
        text = "\n".join(text_lines)
        problems, refs = htmlsafety.scan(text, ctx.vocab.html)
        problems += _markdown_tag_problems(text, ctx.vocab.html, {(p.line, p.col, p.rule) for p in problems})
        shift = page.body_line - 1
        ctx.cache[key] = (
            [htmlsafety.Problem(p.rule, p.line + shift, p.col, p.args) for p in problems],
            [htmlsafety.Reference(r.url, r.line + shift, r.col, r.image) for r in refs],
            autolinks,
        )
    return ctx.cache[key]


def _markdown_tag_problems(text: str, policy, seen: set) -> list:
    """Problems of each tag Markdown would emit, parsed on its own (see the module's note),
    that the one-document scan did not already report at the same place. Linear in the
    text: lines are counted as the matches advance, and each distinct tag is parsed once."""
    out = []
    by_tag: dict[str, list] = {}
    line, line_start, counted = 1, 0, 0
    for m in _MARKDOWN_TAG.finditer(text) if "<" in text else ():
        tag = m.group(0)
        if tag.startswith(("<!", "<?")):  # comments, CDATA, processing instructions: no element
            continue
        if tag not in by_tag:
            by_tag[tag] = htmlsafety.scan(tag, policy)[0]
        if not by_tag[tag]:
            continue
        newlines = text.count("\n", counted, m.start())
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, m.start()) + 1
        counted = m.start()
        col = m.start() - line_start + 1
        for p in by_tag[tag]:
            where = (line + p.line - 1, col + p.col - 1 if p.line == 1 else p.col, p.rule)
            if where not in seen:
                seen.add(where)
                out.append(htmlsafety.Problem(p.rule, *where[:2], p.args))
    return out


# A scheme is decided by a URL's first characters: reading this much of each destination
# keeps the scan linear on any line (a long run of `](` without an end is not re-read).
_DESTINATION_PREFIX = 2048


def _destinations(line: str):
    """(column, decoded start of the destination) after every `](` on a line, whether or
    not its brackets balance: stricter than Markdown, and never fooled by a `>` or a
    parenthesis inside the URL."""
    pos = line.find("](")
    while pos != -1:
        dest = line[pos + 2:pos + 2 + _DESTINATION_PREFIX].lstrip(" \t<")
        cut = next((i for i, ch in enumerate(dest) if ch in " \t>"), len(dest))
        url = html.unescape(dest[:cut])
        while url.endswith(")") and url.count(")") > url.count("("):  # the link's own closing `)`
            url = url[:-1]
        yield pos + 3, url
        pos = line.find("](", pos + 2)


def _attr_lists(line: str):
    """(column, attribute string) of each `{...}` on a line: where attr_list may apply."""
    pos = line.find("{")
    while pos != -1:
        end = line.find("}", pos + 1)
        if end == -1:
            return
        inner = line[pos + 1:end]
        if "=" in inner:
            yield pos + 1, inner.lstrip(":")
        pos = line.find("{", pos + 1)


def check(ctx):
    out = []
    policy = ctx.vocab.html
    for page in ctx.corpus.pages.values():
        if not page.readable:
            continue
        problems, _, autolinks = raw_html(ctx, page)
        for p in problems:
            out.append(page.finding(p.rule, p.line, p.col, **p.args))
        for url, line, col in autolinks:
            bad = htmlsafety.judge_url(url, resource=False, policy=policy)
            if bad:
                out.append(page.finding(bad[0], line, col, **bad[1]))
        # schemes of inline targets come from _destinations below (every `](`, once each);
        # here: reference definitions, and external images (an image is fetched by the page)
        for link in page.links:
            bad = htmlsafety.judge_url(html.unescape(link.target), resource=link.image, policy=policy)
            if bad and (link.reference or bad[0] == "SAFE-004"):
                out.append(page.finding(bad[0], link.line, link.col, **bad[1]))
        for i, line in enumerate(page.masked_body):
            for col, url in _destinations(line) if "](" in line else ():
                bad = htmlsafety.judge_url(url, resource=False, policy=policy)
                if bad and bad[0] == "SAFE-003":
                    out.append(page.finding(bad[0], page.body_line + i, col, **bad[1]))
            if "{" not in line or "=" not in line:
                continue
            for col, inner in _attr_lists(line):
                attrs, _ = get_attrs_and_remainder(inner)
                for name, value in attrs:
                    if name in ("#", ".") or not name.strip():
                        continue
                    bad = htmlsafety.attribute_problem(None, name, value, policy)
                    if bad:
                        out.append(page.finding(bad[0], page.body_line + i, col, **bad[1]))
    return out
