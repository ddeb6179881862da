"""The `kb` MkDocs plugin (mkdocs.yml: `plugins: - kb`).

One verdict with `kb check`: before each build the plugin runs the checker itself (the
same context, the same rules: regenerate zh-Hant, read every page once) and stops the
build with the checker's `path:line:col: error RULE message` lines when any rule marked
`stops-build` in docs/_data/rules.yml fails, each problem once, against the file a
contributor edits (the zh or en page; zh-Hant pages are generated). While rendering it
turns ```dialogue blocks into bubbles (kb.render) wherever Markdown puts them (top
level, admonitions, list items), expands shortcodes into generated listings
(kb.listings, kb.guide_tables) and frames typed pages with their facts, related methods,
backlinks and sources. Last, it holds the HTML it produced against the same allow-list
as the checker (kb.htmlsafety): whatever slipped past the source checks stops the build.
In the same parse it marks each glossary term's first use with a tooltip (kb.glossary) and,
on English pages, the Chinese they quote as lang="zh" (kb.langmark).
An unknown shortcode stops the build.

Search: it gives Material's search plugin a kb.search_index.KbSearchIndex, writes each
language's own index (search/, zh-Hant/search/, en/search/) and tells each language's pages
where theirs is (`kb_search_base`, read by overrides/main.html)."""
from __future__ import annotations

import logging
import re
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from justhtml import JustHTML
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page as MkDocsPage

from . import DEFAULT_LANG, dialogue, glossary, guide_tables, hant, listings, service_language
from . import vocab as vocab_mod
from . import benchmark_page, htmlsafety, langmark, navconfig, search_index, shortcodes
from .check import make_context, run
from .errors import KbError
from .findings import Finding
from .layout import split_lang
from .pages import load_corpus
from .render import render_dialogue

log = get_plugin_logger(__name__)

# Vendored from the npm package iframe-worker 1.0.4 (see its README next to it): with it in
# extra.polyfills, Material's offline plugin does not add its unpkg.com copy.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"
GLOSSARY_PAGE = "service-language/glossary.md"  # lists every term: no tooltips of its own
PRACTICE_WORDS = ("practice-",)  # ui.yml keys the practice-mode script shows
REPORT_FORM = "content-error.yml"  # .github/ISSUE_TEMPLATE/: its `page` and `lang` fields are filled in
CARD_WORDS = ("card-",)  # and the counter-card control, on pages with three things to remember


def serving_dirty() -> bool:
    """`mkdocs serve --dirty` (make serve): MkDocs does not tell plugins, static-i18n reads argv too."""
    return "--dirty" in sys.argv or "--dirtyreload" in sys.argv


@dataclass
class _LastBuild:
    """What a build leaves for the next one in the same process, for make serve's dirty
    rebuilds (MkDocs loads the configuration, and so a new plugin, for every rebuild)."""

    started: float  # sources saved since then are the changed pages
    meta: dict  # each page's front matter, by (base, language): what listings show of it
    search: "search_index.KbSearchIndex | None"  # every page's entries, replaced page by page


_LAST_BUILD: dict[Path, _LastBuild] = {}  # by repository root


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every dirty rebuild, once per language; the plugin says once what it does."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class KnowledgeBasePlugin(BasePlugin):
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.docs_dir = Path(config.docs_dir)
        try:
            self.vocab = vocab_mod.load(self.root)
            hant.load_overrides(self.root)
        except KbError as exc:
            raise PluginError(str(exc)) from None
        self.markers: dict[str, glossary.TermMarker] = {}  # by language, built on first use
        self.dialogues_rendered = 0  # numbers the placeholders, never reused within a build
        self.mkdocs_config = config
        self.dirty = serving_dirty()
        self._convert_nav_titles(config)
        if not config.repo_url:  # no repository (KB_REPO_URL unset): no edit button, and no warning per page
            config.edit_uri = None
        polyfills = config.extra.get("polyfills", [])
        if self._offline_enabled(config) and IFRAME_WORKER_SHIM not in polyfills:
            config.extra["polyfills"] = [IFRAME_WORKER_SHIM, *polyfills]  # i18n re-runs on_config per language
        return config

    @staticmethod
    def _convert_nav_titles(config):
        """zh-Hant nav titles are converted from the zh ones, like the pages: static-i18n reads
        them from its `nav_translations`, which mkdocs.yml leaves to us (a title written there wins)."""
        i18n = config.plugins.get("i18n")
        for language in getattr(getattr(i18n, "config", None), "languages", None) or []:
            if language.locale == "zh-Hant":
                language.nav_translations = {**navconfig.zh_hant_titles(config.nav, hant.convert),
                                             **(language.nav_translations or {})}

    @staticmethod
    def _offline_enabled(config) -> bool:
        offline = next((p for name, p in config.plugins.items() if name.endswith("offline")), None)
        return offline is not None and offline.config.enabled

    def on_pre_build(self, config):
        self._take_over_search_index(config)
        self.dialogue_html: dict[str, str] = {}
        self.html_problems: list[Finding] = []
        if self._lang(config) != DEFAULT_LANG:
            return  # static-i18n builds the other languages inside the zh build: checked once
        started, previous = time.time(), _LAST_BUILD.get(self.root) if self.dirty else None
        try:
            self.ctx = make_context(self.root)
        except KbError as exc:
            raise PluginError(str(exc)) from None
        rules = self.vocab.rules
        blocking = [f for f in run(self.ctx) if f.rule in rules and rules[f.rule].stops_build]
        if blocking:
            raise PluginError(self._refusal(blocking))
        # the checker read zh and en; the zh-Hant pages it regenerated are rendered too
        for page in load_corpus(self.docs_dir, self.root, langs=("zh-Hant",)).pages.values():
            self.ctx.corpus.add(page)
        self.stale: set[str] = set()  # pages to build again although their source is older
        if self.dirty and previous is None:  # nothing to be dirty against: all of it (mkdocs build --dirty)
            self.stale = {base for base, _ in self.ctx.corpus.pages}
            build_log = logging.getLogger("mkdocs.commands.build")
            if not any(isinstance(f, _DirtyWarning) for f in build_log.filters):
                build_log.addFilter(_DirtyWarning())
            log.info("each save rebuilds the pages it changed and the pages listing or linking them "
                     "(listings, backlinks, related methods); restart make serve for a full build")
        elif previous is not None:
            self.stale = self._stale_since(previous)
        if self.dirty:
            meta = {key: page.meta for key, page in self.ctx.corpus.pages.items()}
            _LAST_BUILD[self.root] = _LastBuild(started, meta, getattr(self, "search", None))

    def _stale_since(self, previous: _LastBuild) -> set[str]:
        """Pages saved since the last build (zh-Hant twins change with their zh page) and, when
        front matter changed or a page came or went, the pages that show those pages; all of
        them when a data file, a template or mkdocs.yml was saved."""
        pages = self.ctx.corpus.pages
        shared = [self.root / "mkdocs.yml", *(self.docs_dir / "_data").rglob("*"), *(self.root / "overrides").rglob("*")]
        if any(f.is_file() and f.stat().st_mtime >= previous.started for f in shared):
            return {base for base, _ in pages}  # data, templates or settings: every page shows them
        saved = {p.base for (_, lang), p in pages.items() if lang != "zh-Hant" and p.path.stat().st_mtime >= previous.started}
        shown = {key[0] for key in pages.keys() ^ previous.meta.keys()}
        shown |= {key[0] for key, page in pages.items() if key in previous.meta and page.meta != previous.meta[key]}
        return saved | (listings.pages_showing(self.ctx.corpus, shown) if shown else set())

    @event_priority(-110)  # after static-i18n has given this language's files their paths
    def on_files(self, files, config):
        """A dirty rebuild (make serve) builds only pages whose source is newer than their
        HTML: the pages showing a changed page lose their HTML so that they are built too, and
        the search index, kept from the last build, forgets pages that are gone."""
        if not self.dirty:
            return files
        pages = list(files.documentation_pages())
        for f in pages:
            if split_lang(f.src_uri)[0] in self.stale:
                Path(f.abs_dest_path).unlink(missing_ok=True)
        if hasattr(self, "search"):
            # the home page's File.url is "./", its Page.url (the one the index keeps) ""
            self.search.keep_pages(self._lang(config), {"" if f.url in (".", "./") else f.url for f in pages})
        return files

    def _take_over_search_index(self, config) -> None:
        """MkDocs runs on_config again for each language build, and Material's search plugin then
        starts a new index: ours is made once per build of the site (at the default language,
        built first) and handed back each time, so that it holds every language."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None:
            return
        previous = _LAST_BUILD.get(self.root) if self.dirty and not hasattr(self, "search") else None
        if previous is not None and previous.search is not None:  # make serve: pages not rebuilt keep theirs
            self.search = previous.search
            self.search.describe = self._page_facts
        elif not hasattr(self, "search") or self._lang(config) == DEFAULT_LANG and not self.dirty:
            glossary_words = tuple(w for t in self.vocab.glossary for w in (t.zh, *t.mark["zh"]))
            self.search = search_index.KbSearchIndex(search.search_index.config, self.vocab.search,
                                                     glossary_words, self._page_facts)
        search.search_index = self.search

    def _page_facts(self, page) -> search_index.PageFacts:
        lang = self._lang(self.mkdocs_config)
        base, file_lang = split_lang(page.file.src_uri)
        record = self.ctx.corpus.get(base, lang) or self.ctx.corpus.get(base, file_lang)
        zh = self.ctx.corpus.get(base, DEFAULT_LANG) or record
        ptype = zh.type if zh is not None and zh.type in self.vocab.page_types else None
        summary = record.meta.get("summary") if record is not None else None
        tags = tuple(self.vocab.vocabularies["tag"][t].get(lang) for t in (zh.meta.get("tags") or [] if zh else [])
                     if isinstance(t, str) and t in self.vocab.vocabularies["tag"])
        listing = record is not None and any(m.group("name") in search_index.LISTING_SHORTCODES
                                             for m in listings.SHORTCODE.finditer(record.text)) \
            or base.startswith(self.vocab.search.intro_only)
        return search_index.PageFacts(lang, ptype, summary if isinstance(summary, str) else None, tags, listing)

    @event_priority(-110)  # after static-i18n has translated the nav's titles
    def on_nav(self, nav, config, files):
        """Cases, scripts and principles stay out of the nav (each page would carry them all), but
        each is placed under its section page (page-types.yml `section_page`): that page is its
        parent, so its tab is active and the breadcrumb ends with it, and previous/next go
        through the section's pages in the order the section page lists them."""
        lang = self._lang(config)
        by_base = {split_lang(f.src_uri)[0]: f for f in files.documentation_pages()}
        for home_base, members in listings.section_pages(self.ctx.corpus, self.vocab).items():
            home = by_base.get(home_base)
            if home is None or home.page is None:  # a section page outside the nav: kb check says so
                continue
            chain = [home.page]
            for member in members:
                f = by_base.get(member.base)
                if f is None:
                    continue
                if f.page is None:
                    MkDocsPage(None, f, config)
                page = f.page
                page.parent = home.page
                if not page.meta:  # not read in a dirty rebuild: its title for its neighbours' links
                    page.meta = {"title": self.ctx.corpus.localized(member, lang).title}
                chain.append(page)
            for before, after in zip(chain[1:], chain[2:]):
                before.next_page, after.previous_page = after, before
            if len(chain) > 1:
                chain[1].previous_page, chain[-1].next_page = home.page, None
        return nav

    def on_page_context(self, context, page, config, nav):
        lang = self._lang(config)
        base, file_lang = split_lang(page.file.src_uri)
        if file_lang == "zh-Hant" and page.edit_url:  # "edit this page" opens the zh source it is made from
            page.edit_url = page.edit_url[: -len(page.file.src_uri)] + base
        if "kb-dialogue" in (page.content or ""):  # overrides/main.html: words for kb-practice.js, kb-card.js
            words = PRACTICE_WORDS + (CARD_WORDS if "kb-remember" in page.content else ())
            context["kb_ui"] = {k: self.vocab.say(k, lang) for k in self.vocab.ui if k.startswith(words)}
        prefix = search_index.lang_prefix(lang)
        if prefix:  # overrides/main.html: this language's search index and result links
            context["kb_search_base"] = f"{context['base_url'].rstrip('/') or '.'}/{prefix}"
        return context

    def _refusal(self, findings) -> str:
        lines = "\n".join(f.format(self.vocab, "en") for f in sorted(set(findings), key=lambda f: f.sort_key()))
        return (f"{len(set(findings))} problem(s) in the pages; fix them and build again "
                f"(`kb check` lists the same problems):\n{lines}")

    def _lang(self, config) -> str:
        i18n = config.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or DEFAULT_LANG

    def on_page_markdown(self, markdown, page, config, files):
        lang = self._lang(config)
        base, file_lang = split_lang(page.file.src_uri)
        record = self.ctx.corpus.get(base, file_lang)
        if record is None:  # a page MkDocs knows but we did not read (should not happen)
            return markdown
        markdown = self._render_dialogues(markdown, record, lang)
        markdown = self._expand_shortcodes(markdown, record, lang)
        zh = self.ctx.corpus.get(base, "zh") or record
        if zh.type in self.vocab.page_types:
            markdown = (listings.page_header(self.ctx.corpus, self.vocab, zh, lang) + markdown
                        + listings.page_footer(self.ctx.corpus, self.vocab, zh, lang,
                                               self._report_url(config, record, lang)))
        return markdown

    @staticmethod
    def _source_path(record) -> str:
        """The file a reader's correction goes to: a zh-Hant page is generated from its zh page."""
        return f"docs/{record.base}" if record.lang == "zh-Hant" else record.root_rel

    def _report_url(self, config, record, lang: str) -> str | None:
        """A new issue on the site's repository, the content-error form (.github/ISSUE_TEMPLATE)
        filled in with the page; None when the site has no repo_url (KB_REPO_URL)."""
        repo = (config.repo_url or "").rstrip("/")
        if not repo:
            return None
        title = self.ctx.corpus.localized(record, lang).title
        query = urllib.parse.urlencode({"template": REPORT_FORM, "title": f"{self.vocab.say('report-title', lang)}{title}",
                                        "page": self._source_path(record), "lang": lang})
        return f"{repo}/issues/new?{query}"

    def _render_dialogues(self, markdown: str, record, lang: str) -> str:
        """Replace each dialogue block by a placeholder paragraph at the block's own
        indentation, so that it stays inside its admonition or list item; on_page_content
        puts the bubbles' HTML in its place."""
        lines = markdown.split("\n")
        # MkDocs hands us the body without front matter: same first line as record.body
        blocks = dialogue.find_blocks(lines, record.body_line)
        parsed = [dialogue.parse(b) for b in blocks]
        contrast = any(d.bad for d in parsed)
        for block, d in reversed(list(zip(blocks, parsed))):
            self.dialogues_rendered += 1
            token = f"KBDIALOGUE{self.dialogues_rendered:06d}X"
            self.dialogue_html[token] = render_dialogue(d, lang, self.vocab, contrast)
            lines[block.start:block.end] = ["", " " * block.indent + token, ""]
        return "\n".join(lines)

    def on_page_content(self, html, page, config, files):
        for token, bubbles in list(self.dialogue_html.items()):
            if token in html:
                html = html.replace(f"<p>{token}</p>", bubbles).replace(token, bubbles)
                del self.dialogue_html[token]
        if self.dialogue_html:  # this page's placeholders all had to come through Markdown
            raise PluginError(f"{page.file.src_uri}: {len(self.dialogue_html)} dialogue(s) could not be placed "
                              f"in the page; please report this with the page")
        # one parse of the built HTML: held against the allow-list, then glossary tooltips
        doc = JustHTML(html, fragment=True, sanitize=False)
        base, file_lang = split_lang(page.file.src_uri)
        if file_lang != "zh-Hant":  # generated from zh: its problems are the zh page's
            record = self.ctx.corpus.get(base, file_lang)
            where = record.root_rel if record else page.file.src_uri
            self.html_problems += [Finding(p.rule, where, 1, 1, p.args)
                                   for p in htmlsafety.scan_tree(doc.root, self.vocab.html, built=True)]
        changed = base != GLOSSARY_PAGE and self._marker(file_lang).mark(doc.root) > 0
        if file_lang == "en":  # Chinese quoted on an English page is read as Chinese (kb.langmark)
            changed = langmark.mark_chinese(doc.root) > 0 or changed
        if changed:
            html = doc.root.to_html(pretty=False)
        return html

    def _marker(self, lang: str) -> glossary.TermMarker:
        if lang not in self.markers:
            self.markers[lang] = glossary.TermMarker(self.vocab, lang)
        return self.markers[lang]

    def on_post_build(self, config):
        lang = self._lang(config)
        if hasattr(self, "search"):
            search_index.write_worker(config)
            folder = Path(config.site_dir) / search_index.lang_prefix(lang) / "search"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / search_index.SECTIONS_FILE).write_text(self.search.sections_js(lang), encoding="utf-8")
        if hasattr(self, "search") and lang != DEFAULT_LANG:
            # Material's search plugin writes the default language's index at the root; the
            # offline plugin its search_index.js. The other languages' are written here.
            folder = Path(config.site_dir) / search_index.lang_prefix(lang) / "search"
            folder.mkdir(parents=True, exist_ok=True)
            data = self.search.index_json(lang)
            (folder / "search_index.json").write_text(data, encoding="utf-8")
            if self._offline_enabled(config):
                (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
            log.info(f"search index ({lang}): {len(data.encode()) / 1e6:.2f} MB; "
                     f"indexing so far {self.search.seconds:.1f} s")  # shown by `mkdocs build`
        if not config.site_url:  # a sitemap needs absolute URLs: without site_url it lists `None./`
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)
        if self.html_problems:
            raise PluginError("the built HTML breaks the allow-list in docs/_data/html-allowlist.yml "
                              "(kb check missed this: please report it)\n" + self._refusal(self.html_problems))

    def _table(self, args: list[str], lang: str, corpus, here: str) -> str | None:
        """`<!-- kb:table NAME -->`: a guide table generated from a data file (None: no such table)."""
        if len(args) == 1 and args[0] in guide_tables.TABLES:
            return guide_tables.TABLES[args[0]](self.vocab, lang)
        if args == ["coverage"]:
            return guide_tables.table_coverage(self.vocab, lang, corpus, here)
        if args == ["benchmark"]:
            return benchmark_page.table_benchmark(self.vocab, lang)
        return None

    def _expand_shortcodes(self, markdown: str, record, lang: str) -> str:
        corpus, v, here = self.ctx.corpus, self.vocab, record.base

        def expand(m: re.Match) -> str:
            name, args = m.group("name"), m.group("args").split()
            pos = record.text.find(m.group(0))
            line = record.text.count("\n", 0, pos) + 1 if pos >= 0 else record.body_line
            where = f"{record.root_rel}:{line}"
            # kb.shortcodes decides what is known (kb check reports the rest first, SHORT-001):
            # past this line the name alone picks the generator
            if not shortcodes.is_known(v, name, args):
                raise PluginError(f"{where}: unknown shortcode `{m.group(0)}`; known: {shortcodes.known(v)}")
            try:
                if name == "browse":
                    return listings.browse(corpus, v, args[0], lang, here, args[1] if len(args) > 1 else None)
                if name == "pages":
                    section = listings.shortcode_options(args).get("section")
                    return listings.pages_of_type(corpus, v, args[0], lang, here, section)
                # a table's own words are written in Simplified: on zh-Hant, its zh text converted once
                table = self._table(args, "zh" if lang == "zh-Hant" else lang, corpus, here) if name == "table" else None
                if table is not None:
                    return hant.convert(table) if lang == "zh-Hant" else table
                if name == "phrases":
                    return service_language.phrase_bank(v, lang)
                if name == "dont-say":
                    return service_language.dont_say(v, lang)
                if name == "library":
                    return listings.library_summary(corpus, v, lang, here)
                if name == "review":
                    return listings.review_list(corpus, v, lang, here)
                if name == "quick-finder":
                    return service_language.quick_finder(corpus, v, lang, here)
                if name == "glossary":
                    return glossary.glossary_page(v, lang)
            except KbError as exc:
                raise PluginError(f"{where}: {exc}") from None
            raise PluginError(f"{where}: shortcode `{m.group(0)}` was not expanded; please report this")

        return listings.SHORTCODE.sub(expand, markdown)
