"""Link rules (LINK-*): relative links and images exist, #anchors exist on the target page
(heading ids computed by kb.pages with the build's rule), nav entries exist, and every
page is reachable. External links only with --external."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from .. import navconfig
from ..findings import Finding
from ..pages import Link
from ..listings import SHORTCODE, listed_by
from ..service_language import anchors as generated_anchors
from ..layout import published, split_lang
from .safety import raw_html
from ..yamlfile import YamlProblem

EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def resolve(page, target: str):
    """(docs-relative path or None, anchor) of a relative link target on `page`."""
    parts = urlsplit(target)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return page.rel, anchor
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
    return joined, anchor


def _target_page(ctx, page, rel: str):
    """The page a link resolves to, in the linking page's language (as static-i18n does)."""
    corpus = ctx.corpus
    base = rel
    if rel.endswith("/"):
        base = rel + "index.md"
    base, _ = split_lang(base)
    return corpus.get(base, page.lang) or corpus.get(base, "zh")


def _generated(ctx, page) -> set[str]:
    """Heading ids that the page's shortcodes add when it is built."""
    out: set[str] = set()
    for m in SHORTCODE.finditer("\n".join(page.body)):
        out |= generated_anchors(ctx.vocab, m.group("name"))
    return out


def check(ctx):
    out = []
    corpus = ctx.corpus
    docs = ctx.docs_dir
    for page in corpus.pages.values():
        if not page.readable:
            continue
        _, html_refs, _ = raw_html(ctx, page)  # src and href in raw HTML are links too
        for link in [*page.links, *(Link(r.url, r.line, r.col, r.image) for r in html_refs)]:
            t = link.target
            if not t or t.startswith(("mailto:", "tel:")) or EXTERNAL.match(t):
                continue
            if t.startswith("/"):
                out.append(page.finding("LINK-001", link.line, link.col, target=t + " (use a relative link)"))
                continue
            rel, anchor = resolve(page, t)
            if rel.startswith("../") or rel == "..":
                out.append(page.finding("LINK-001", link.line, link.col, target=t))
                continue
            if rel.endswith(".md") or rel.endswith("/") or rel == page.rel:
                target = _target_page(ctx, page, rel)
                if target is None:
                    out.append(page.finding("LINK-001", link.line, link.col, target=t))
                elif anchor and anchor not in target.anchors and not target.base.startswith("browse/") \
                        and anchor not in _generated(ctx, target):
                    known = ", ".join(sorted(target.anchors)[:12]) or "-"
                    out.append(page.finding("LINK-002", link.line, link.col, target=t.split("#")[0] or page.rel,
                                            anchor=anchor, known=known))
            elif not (docs / rel).is_file() or not published(rel):
                # docs/_data and dot-files are not published: a link to them is broken on the site
                out.append(page.finding("LINK-003" if link.image else "LINK-001", link.line, link.col, target=t))
    # nav
    try:
        entries = navconfig.read(ctx.root).pages
    except (OSError, YamlProblem) as exc:
        line = getattr(exc, "line", 1)
        out.append(Finding("LINK-004", "mkdocs.yml", line, 1, {"target": f"(mkdocs.yml unreadable: {exc})"}))
        entries = []
    in_nav = set()
    for rel, line in entries:
        if corpus.get(rel, "zh") is None:
            out.append(Finding("LINK-004", "mkdocs.yml", line, 1, {"target": rel}))
        in_nav.add(rel)
    # reachability: from the nav, follow links and generated listings (shortcodes)
    reachable = set(in_nav)
    frontier = list(reachable)
    while frontier:
        base = frontier.pop()
        page = corpus.get(base, "zh")
        if page is None:
            continue
        targets = []
        for link in page.links:
            if EXTERNAL.match(link.target) or link.target.startswith("/"):
                continue
            rel, _ = resolve(page, link.target)
            targets.append(rel + "index.md" if rel.endswith("/") else rel)
        for m in SHORTCODE.finditer("\n".join(page.body)):
            targets += [p.base for p in listed_by(corpus, ctx.vocab, m.group("name"), m.group("args").split())]
        for rel in targets:
            if rel.endswith(".md") and rel not in reachable and corpus.get(rel, "zh"):
                reachable.add(rel)
                frontier.append(rel)
    for page in corpus.in_lang("zh"):
        if page.readable and page.base not in reachable:
            out.append(page.finding("LINK-005", 1))
    if ctx.external:
        from .external import check_external
        out.extend(check_external(ctx))
    return out
