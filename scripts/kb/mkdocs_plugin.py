"""The `kb` MkDocs plugin (mkdocs.yml: `plugins: - kb`).

Before each build it regenerates the zh-Hant pages (kb.hant), reads every page once
(kb.pages) and stops the build with `path:line: RULE message` lines if a page breaks the
front-matter schema or a dialogue uses an unknown flow, role or stage. While rendering
it turns ```dialogue blocks into bubbles (kb.render), expands shortcodes into generated
listings (kb.listings, kb.guide_tables) and frames typed pages with their facts,
related methods, backlinks and sources. An unknown shortcode stops the build."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from . import DEFAULT_LANG, dialogue, guide_tables, hant, listings, service_language
from . import vocab as vocab_mod
from .check import Context
from .check.dialogues import vocab_findings
from .check.frontmatter import check_page
from .check.service_language import value_findings
from .errors import KbError
from .layout import split_lang
from .pages import load_corpus
from .render import render_dialogue

log = get_plugin_logger(__name__)

# Vendored from the npm package iframe-worker 1.0.4 (see its README next to it): with it in
# extra.polyfills, Material's offline plugin does not add its unpkg.com copy.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


class KnowledgeBasePlugin(BasePlugin):
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.docs_dir = Path(config.docs_dir)
        try:
            self.vocab = vocab_mod.load(self.root)
            hant.load_overrides(self.root)
        except KbError as exc:
            raise PluginError(str(exc)) from None
        offline = next((p for name, p in config.plugins.items() if name.endswith("offline")), None)
        polyfills = config.extra.get("polyfills", [])
        if offline is not None and offline.config.enabled and IFRAME_WORKER_SHIM not in polyfills:
            config.extra["polyfills"] = [IFRAME_WORKER_SHIM, *polyfills]  # i18n re-runs on_config per language
        return config

    def on_pre_build(self, config):
        written = hant.sync_tree(self.docs_dir)
        if written:
            log.info(f"wrote {len(written)} zh-Hant page(s) from zh")
        corpus = load_corpus(self.docs_dir, self.root)
        self.ctx = Context(self.root, self.vocab, corpus)
        problems = value_findings(self.vocab, {p.id for p in corpus.typed("script")})
        for page in corpus.pages.values():
            problems += page.findings + check_page(page, self.ctx)
            for d in page.dialogues if page.readable else []:
                problems += vocab_findings(page, d, self.vocab)
        rules = self.vocab.rules
        blocking = sorted({f for f in problems if f.rule in rules and rules[f.rule].stops_build},
                          key=lambda f: f.sort_key())
        if blocking:
            lines = "\n".join(f.format(self.vocab, "en") for f in blocking)
            raise PluginError(f"{len(blocking)} problem(s) in the pages; fix them and build again "
                              f"(`kb check` lists every problem):\n{lines}")

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
                        + listings.page_footer(self.ctx.corpus, self.vocab, zh, lang))
        return markdown

    def _render_dialogues(self, markdown: str, record, lang: str) -> str:
        lines = markdown.split("\n")
        # MkDocs hands us the body without front matter: same first line as record.body
        blocks = dialogue.find_blocks(lines, record.body_line)
        parsed = [dialogue.parse(b) for b in blocks]
        contrast = any(d.bad for d in parsed)
        for block, d in reversed(list(zip(blocks, parsed))):
            html = render_dialogue(d, lang, self.vocab, contrast)
            lines[block.start:block.end] = ["", html, ""]
        return "\n".join(lines)

    def _expand_shortcodes(self, markdown: str, record, lang: str) -> str:
        corpus, v, here = self.ctx.corpus, self.vocab, record.base

        def expand(m: re.Match) -> str:
            name, args = m.group("name"), m.group("args").split()
            pos = record.text.find(m.group(0))
            line = record.text.count("\n", 0, pos) + 1 if pos >= 0 else record.body_line
            where = f"{record.root_rel}:{line}"
            try:
                if name == "browse" and len(args) == 1 and args[0] in listings.FACET_FIELDS:
                    return listings.browse(corpus, v, args[0], lang, here)
                if name == "pages" and args and args[0] in v.page_types:
                    section = listings.shortcode_options(args).get("section")
                    return listings.pages_of_type(corpus, v, args[0], lang, here, section)
                if name == "table" and len(args) == 1 and args[0] in guide_tables.TABLES:
                    return guide_tables.TABLES[args[0]](v, lang)
                if name == "table" and args == ["coverage"]:
                    return guide_tables.table_coverage(v, lang, corpus, here)
                if name == "phrases" and not args:
                    return service_language.phrase_bank(v, lang)
                if name == "dont-say" and not args:
                    return service_language.dont_say(v, lang)
                if name == "quick-finder" and not args:
                    return service_language.quick_finder(corpus, v, lang, here)
            except KbError as exc:
                raise PluginError(f"{where}: {exc}") from None
            known = ("browse industry|channel|scenario|tag; pages case|principle|script [section=ID]; "
                     "table " + "|".join([*guide_tables.TABLES, "coverage"]) + "; phrases; dont-say; quick-finder")
            raise PluginError(f"{where}: unknown shortcode `{m.group(0)}`; known: {known}")

        return listings.SHORTCODE.sub(expand, markdown)
