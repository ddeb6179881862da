"""The printable handbook: every page of one language in reading order, assembled from the
built site into one page, `handbook.html` at that language's root (`kb build` and
`kb export` write it; `kb pdf` prints it to PDF with Debian's chromium).

Reading order is the site's: the learning path, the methods by section, the cases by
scenario, the scripts by channel, then the phrase bank, 服务禁语 and the quick finder
(listings, browse and contributor pages are left out). Each page's article is copied with
Python's HTML parser, its ids prefixed with the page's anchor so that they stay unique,
and its links rewritten: a link to another page of the handbook becomes an in-document
link that print shows as a page reference ("→ 标题"); other internal links point into the
site. No script is needed, so the page prints the same everywhere. Styles: the site's own
stylesheets plus the `.kb-handbook` rules in overrides/assets/stylesheets/kb.css."""
from __future__ import annotations

import posixpath
import re
import time
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from . import DEFAULT_LANG
from .listings import GROUP_BY, _sorted

LANG_DIRS = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
HANDBOOK = "handbook.html"
SERVICE_LANGUAGE = ["service-language/quick-finder.md", "service-language/phrases.md", "service-language/dont-say.md"]
LEAD = ["learning-path.md", "principles/index.md", "principles/method-map/index.md"]
TEXT = {
    "zh": {"title": "打印版手册", "contents": "目录", "version": "版本", "parts": {
        "lead": "入门与方法总览", "principle": "原则与方法", "case": "案例", "script": "话术",
        "service-language": "服务用语"}},
    "en": {"title": "Printable handbook", "contents": "Contents", "version": "Version", "parts": {
        "lead": "Getting started", "principle": "Methods", "case": "Cases", "script": "Scripts",
        "service-language": "Service language"}},
}


def _text(lang: str) -> dict:
    """The handbook's own words in a language; zh-Hant is converted from zh like the pages."""
    if lang != "zh-Hant":
        return TEXT["en" if lang == "en" else "zh"]
    from .hant import convert

    zh = TEXT["zh"]
    words = {k: convert(v) for k, v in zh.items() if isinstance(v, str)}
    words["parts"] = {k: convert(v) for k, v in zh["parts"].items()}
    return words


def anchor(base: str) -> str:
    """`cases/hilton.md` -> `p-cases-hilton`: the handbook id of a page."""
    stem = base[:-3]
    stem = stem[:-6] if stem.endswith("/index") else stem
    return "p-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def reading_order(corpus, vocab) -> list[tuple[str, list]]:
    """(part, zh pages) in reading order."""
    def get(base):
        return corpus.get(base, DEFAULT_LANG)

    lead = [p for p in map(get, LEAD) if p]
    principles = []
    for sid in vocab.vocabularies.get("section", {}):
        overview = get(f"principles/{sid}/index.md")
        principles += ([overview] if overview else []) + _sorted(
            p for p in corpus.typed("principle") if p.meta.get("section") == sid)
    parts = [("lead", lead), ("principle", principles)]
    for type_id in ("case", "script"):
        field = GROUP_BY[type_id]
        pages = []
        for value in vocab.vocabularies.get(field, {}):
            pages += _sorted(p for p in corpus.typed(type_id) if p.meta.get(field) == value)
        pages += _sorted(p for p in corpus.typed(type_id) if p not in pages)
        parts.append((type_id, pages))
    parts.append(("service-language", [p for p in map(get, SERVICE_LANGUAGE) if p]))
    return [(part, pages) for part, pages in parts if pages]


def built_file(lang_root: Path, base: str) -> Path | None:
    """The built HTML of a page, with directory URLs (web) or without (offline)."""
    stem = base[:-3]
    candidates = [f"{stem}.html"] if stem.endswith("index") else [f"{stem}/index.html", f"{stem}.html"]
    for rel in candidates:
        if (lang_root / rel).is_file():
            return lang_root / rel
    return None


class _ArticleCopy(HTMLParser):
    """Re-emits the inside of <article>, with ids prefixed and links rewritten."""

    def __init__(self, prefix: str, page_dir: str, targets: dict[str, tuple[str, str]]):
        super().__init__(convert_charrefs=False)
        self.prefix, self.page_dir, self.targets = prefix, page_dir, targets
        self.depth = 0  # nesting depth inside <article>
        self.out: list[str] = []
        self.in_title = False  # inside the article's <h1>

    def _href(self, value: str) -> tuple[str, str | None]:
        parts = urlsplit(value)
        if parts.scheme or value.startswith(("//", "mailto:", "tel:")):
            return value, None
        if not parts.path:
            return f"#{self.prefix}--{parts.fragment}" if parts.fragment else f"#{self.prefix}", None
        target = posixpath.normpath(posixpath.join(self.page_dir, parts.path))
        if target in self.targets:
            page_anchor, title = self.targets[target]
            return (f"#{page_anchor}--{parts.fragment}" if parts.fragment else f"#{page_anchor}"), title
        return target + (f"#{parts.fragment}" if parts.fragment else ""), None

    def _attrs(self, tag: str, attrs) -> str:
        out, xref = [], None
        for k, v in attrs:
            if v is None:
                out.append(f" {k}")
                continue
            if k == "id":
                v = f"{self.prefix}--{v}"
            elif k == "href" and tag == "a":
                v, xref = self._href(v)
            elif k == "src":
                v = posixpath.normpath(posixpath.join(self.page_dir, v)) if not urlsplit(v).scheme else v
            out.append(f' {k}="{escape(v, quote=True)}"')
        if xref:
            out.append(f' data-kb-xref="{escape(xref, quote=True)}"')
        return "".join(out)

    # The article's own <h1> (the nav or page title) is dropped: the handbook writes the
    # page's title itself. Headings move down one level under it, so the PDF's bookmarks
    # nest part > page > section.
    SHIFT = {"h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6"}

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
            if self.depth == 1:
                return
        if not self.depth:
            return
        if tag == "h1":
            self.in_title = True
        if not self.in_title:
            self.out.append(f"<{self.SHIFT.get(tag, tag)}{self._attrs(tag, attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if self.depth and not self.in_title:
            self.out.append(f"<{tag}{self._attrs(tag, attrs)}/>")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
            if self.depth == 0:
                return
        if not self.depth:
            return
        if tag == "h1" and self.in_title:
            self.in_title = False
        elif not self.in_title:
            self.out.append(f"</{self.SHIFT.get(tag, tag)}>")

    def handle_data(self, data):
        if self.depth and not self.in_title:
            self.out.append(data)

    def handle_entityref(self, name):
        if self.depth and not self.in_title:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if self.depth and not self.in_title:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass


def outline(corpus, vocab, lang: str) -> list[tuple[str, str, list[tuple[str, str, object]]]]:
    """(part label, part anchor, [(page title, page anchor, zh page)]): the handbook's table
    of contents, and the PDF's bookmarks (kb.export.pdf)."""
    words = _text(lang)
    return [(words["parts"][part], f"part-{part}",
             [(corpus.localized(p, lang).title, anchor(p.base), p) for p in pages])
            for part, pages in reading_order(corpus, vocab)]


def assemble(site: Path, corpus, vocab, lang: str, version: str) -> Path:
    """Write handbook.html for one language; returns its path."""
    lang_root = site / LANG_DIRS[lang]
    words = _text(lang)
    contents = outline(corpus, vocab, lang)
    targets: dict[str, tuple[str, str]] = {}
    files = {}
    for _, _, pages in contents:
        for title, a, p in pages:
            f = built_file(lang_root, p.base)
            if f is None:
                continue
            rel = f.relative_to(lang_root).as_posix()
            files[a] = f
            targets[rel] = (a, title)
            if rel.endswith("/index.html"):
                targets[rel[: -len("index.html")].rstrip("/")] = (a, title)
    home = (lang_root / "index.html").read_text(encoding="utf-8")
    styles = "\n".join(re.findall(r'<link rel="stylesheet"[^>]*>', home))
    site_title = re.search(r"<title>(.*?)</title>", home, re.S)
    site_name = site_title.group(1).split(" - ")[-1].strip() if site_title else ""
    toc, body = [], []
    for label, part_anchor, pages in contents:
        toc.append(f'<li><a class="kb-handbook__part" href="#{part_anchor}">{escape(label)}</a><ol>')
        body.append(f'<h1 class="kb-handbook__part" id="{part_anchor}">{escape(label)}</h1>')
        for title, a, p in pages:
            f = files.get(a)
            if f is None:
                continue
            toc.append(f'<li><a href="#{a}">{escape(title)}</a></li>')
            copy = _ArticleCopy(a, posixpath.dirname(f.relative_to(lang_root).as_posix()), targets)
            copy.feed(f.read_text(encoding="utf-8"))
            body.append(f'<section class="kb-handbook__page" id="{a}">'
                        f'<h2 class="kb-handbook__title">{escape(title)}</h2>{"".join(copy.out)}</section>')
        toc.append("</ol></li>")
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(site_name)} · {escape(words["title"])}</title>
{styles}
</head><body class="kb-handbook"><main class="md-typeset">
<header class="kb-handbook__cover"><h1>{escape(site_name)}</h1><p>{escape(words["title"])}</p>
<p>{escape(words["version"])}: {escape(version)}</p></header>
<nav class="kb-handbook__toc"><h2>{escape(words["contents"])}</h2><ol>{"".join(toc)}</ol></nav>
{"".join(body)}
</main></body></html>
"""
    out = lang_root / HANDBOOK
    out.write_text(html, encoding="utf-8")
    return out


def assemble_all(root: Path, site: Path) -> list[Path]:
    """handbook.html in every language of a built site."""
    from . import vocab as vocab_mod
    from .pages import load_corpus
    from .revision import version

    vocab = vocab_mod.load(root)
    corpus = load_corpus(root / "docs", root)
    rev, stamp = version(root)
    label = f"{rev}, {time.strftime('%Y-%m-%d', time.gmtime(stamp))}"
    return [assemble(site, corpus, vocab, lang, label) for lang in LANG_DIRS]
