"""The search index: one per language, built for what store staff type.

Material's search plugin splits every rendered page into sections (its `Parser`) and writes
search/search_index.json, which its browser code loads from `base` and indexes with lunr.
With static-i18n that one file held all three languages and every version loaded it. The kb
plugin hands the search plugin a `KbSearchIndex` instead, which keeps Material's sectioning
and its browser code and changes what goes into the index:

- **One index per language**: search/search_index.json (zh), zh-Hant/search/search_index.json
  and en/search/search_index.json, locations relative to that language's root. Each language
  version points `base` at its own root (overrides/main.html), so it loads only its own
  entries, online and offline (search_index.js beside each, for file://).
- **In two files**: search_index.json holds the page entries (title, summary, tags,
  introduction: about a tenth of the words), which Material's page script fetches, parses and
  hands to its worker; search_sections.js beside it holds the section entries, which
  kb/search_query.js loads inside the worker (importScripts, so also from file://) after the
  first answer. The page parses a tenth of the index, and the first result waits only for
  the page entries.
- **Chinese segmented with jieba** (its own Tokenizer, with the glossary terms and the
  dictionary of docs/_data/search.yml added). Traditional text is cut on a character-for-
  character Simplified twin: jieba's dictionary is Simplified and cuts Traditional badly.
- **A hidden `keys` field** per entry, never shown, matched like body text:
  - jieba's search-mode sub-words: 食品 finds 生鲜食品, because the browser matches a query
    word only as the beginning of an index word;
  - every word in the other Chinese script (OpenCC), so 投訴 finds zh pages and 投诉 finds
    zh-Hant pages;
  - the synonyms of docs/_data/search.yml (客诉 finds 投诉; "furious" finds "angry"), and for
    English the other inflections of a word found in the corpus (snowball stems: "refunds"
    finds "refund", since a query word is never stemmed in the browser);
  - on the page entry of a script, the words of a "what do I say" query (search.yml `intent`).
- **Chinese words cut with one byte**: U+200B (three bytes) between words is written as DEL
  (`kb.separator`, one byte, never in page text); the worker puts U+200B back before
  Material reads the entries.
- **Ranking**: field weights and a boost per page type from search.yml; the page summary first
  under each result; tag labels instead of ids; generated sections that only repeat other pages
  (sources, related methods), the lists of listing pages and the sections of the contributor
  guide (search.yml `intro_only`) are left out.

Material's browser code segments a Chinese query by the words present in the index, which is
why everything is done here, at build time: the query side is Material's, unchanged."""
from __future__ import annotations

import html
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jieba
import opencc
import snowballstemmer
from backrefs import bre
from material.plugins.search.plugin import SearchIndex

from . import DEFAULT_LANG, LANGS, hant

HAN = bre.compile(r"\p{script: Han}+")
LATIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
TAG = re.compile(r"<[^>]*>")  # the section markup Material's Parser keeps (p, li, code...), no attributes
ZWSP = "\u200b"  # between Chinese words; the search separator in mkdocs.yml contains it
WIRE_SEPARATOR = "\x7f"  # ZWSP in the file: one byte, left raw by JSON, never in page text
SECTIONS_FILE = "search_sections.js"                       # beside search_index.json
SECTIONS_GLOBAL = "__kbSections"                           # what it sets, read by kb/search_query.js
TO_TRADITIONAL = ("s2t.json", "s2tw.json", "s2hk.json")  # plus the site's own conversion (kb.hant)
TO_SIMPLIFIED = ("t2s.json", "tw2sp.json")                 # tw2sp: 資訊 -> 信息, as a mainland reader types
LISTING_SHORTCODES = ("browse", "pages")                   # kb.listings: pages that list other pages

jieba.setLogLevel(logging.WARNING)


def lang_prefix(lang: str) -> str:
    """Where a language version lives, relative to the site root ('' for zh)."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


@dataclass(frozen=True)
class PageFacts:
    """What the index needs to know about a page, from the kb plugin's corpus."""

    lang: str
    type: str | None          # page type id; None for pages without one
    summary: str | None       # front matter `summary`, in the page's language
    tags: tuple[str, ...]     # tag labels in the page's language
    listing: bool             # lists other pages (or is in an intro_only folder): only its introduction is indexed


class ChineseWords:
    """jieba with the domain dictionary, for both scripts, and OpenCC's forms of a word in the
    other script. Everything is cached: a corpus repeats its words."""

    def __init__(self, dictionary: tuple[str, ...]):
        self.jieba = jieba.Tokenizer()
        self.jieba.initialize()
        for word in dictionary:
            if word and not any(c.isspace() for c in word):
                self.jieba.add_word(word)  # with a frequency that keeps it whole (jieba.suggest_freq)
        self.t2s = opencc.OpenCC("t2s.json")
        self.to_traditional = [opencc.OpenCC(c) for c in TO_TRADITIONAL]
        self.to_simplified = [opencc.OpenCC(c) for c in TO_SIMPLIFIED]
        self._chars: dict[str, str] = {}
        self._cuts: dict[str, tuple[int, ...]] = {}  # Simplified text -> its words' lengths
        self._sub: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._forms: dict[tuple[str, bool], frozenset[str]] = {}

    def twin(self, text: str) -> str:
        """Traditional text in Simplified characters, one for one, so positions line up."""
        out = []
        for c in text:
            s = self._chars.get(c)
            if s is None:
                s = self.t2s.convert(c)
                s = self._chars[c] = s if len(s) == 1 else c
            out.append(s)
        return "".join(out)

    def cut(self, run: str, traditional: bool) -> tuple[str, ...]:
        """A run of Han characters as jieba's words (precise mode), in the run's own script.
        Cut once per Simplified text: a zh-Hant run whose twin is a zh run reuses its cut."""
        twin = self.twin(run) if traditional else run
        lengths = self._cuts.get(twin)
        if lengths is None:
            lengths = self._cuts[twin] = tuple(len(w) for w in self.jieba.cut(twin))
        words, pos = [], 0
        for n in lengths:
            words.append(run[pos:pos + n])
            pos += n
        return tuple(words)

    def subwords(self, word: str, traditional: bool) -> tuple[str, ...]:
        """The 2- and 3-character dictionary words inside a longer word: what jieba's search
        mode (cut_for_search) adds, e.g. 生鲜, 食品 in 生鲜食品."""
        key = (word, traditional)
        if key not in self._sub:
            twin, freq = (self.twin(word) if traditional else word), self.jieba.FREQ
            self._sub[key] = tuple(word[i:i + n] for n in (2, 3) if len(word) > n
                                   for i in range(len(word) - n + 1) if freq.get(twin[i:i + n]))
        return self._sub[key]

    def other_script(self, word: str, traditional: bool) -> frozenset[str]:
        """The word as a reader of the other script types it."""
        key = (word, traditional)
        if key not in self._forms:
            if traditional:
                forms = {c.convert(word) for c in self.to_simplified}
            else:
                forms = {c.convert(word) for c in self.to_traditional} | {hant.convert(word)}
            self._forms[key] = frozenset(forms - {word})
        return self._forms[key]


_WORDS: dict[tuple[str, ...], ChineseWords] = {}


def chinese_words(dictionary: tuple[str, ...]) -> ChineseWords:
    """One ChineseWords per dictionary in this process: `mkdocs serve` rebuilds the site in the
    same process, and its cuts (by text) stay valid while the dictionary is unchanged."""
    if dictionary not in _WORDS:
        _WORDS.clear()  # a changed dictionary: the old cuts may be wrong
        _WORDS[dictionary] = ChineseWords(dictionary)
    return _WORDS[dictionary]


class Synonyms:
    """Word -> the other words of its groups, per language (zh-Hant: the groups converted)."""

    def __init__(self, groups: dict[str, list[tuple[str, ...]]], words: ChineseWords):
        self.by_lang: dict[str, dict[str, set[str]]] = {lang: {} for lang in LANGS}
        for lang, source in (("zh", "zh"), ("zh-Hant", "zh"), ("en", "en")):
            for group in groups.get(source, []):
                members = set(group)
                if lang == "zh-Hant":
                    members = {hant.convert(w) for w in group} | {words.to_traditional[0].convert(w) for w in group}
                for w in members:
                    self.by_lang[lang].setdefault(w, set()).update(members - {w})

    def of(self, word: str, lang: str) -> set[str]:
        return self.by_lang[lang].get(word, set())


@dataclass
class RawEntry:
    location: str   # relative to the language's root
    title: str
    text: str
    facts: PageFacts

    @property
    def is_page(self) -> bool:
        return "#" not in self.location


class KbSearchIndex(SearchIndex):
    """Takes the place of Material's SearchIndex on its search plugin (kb.mkdocs_plugin).

    Material's plugin calls add_entry_from_context for every page of every language build
    and writes generate_search_index() to search/search_index.json: the default language's
    index. The kb plugin writes the other languages' files with index_json(lang)."""

    def __init__(self, config: dict, settings, glossary_words: tuple[str, ...],
                 describe: Callable[[object], PageFacts]):
        super().__init__(**config)
        self.settings = settings
        self.describe = describe
        # by language, then by page (its URL): a page built again replaces its own entries, so
        # one index can outlive a `mkdocs serve --dirty` rebuild of a few pages (kb.mkdocs_plugin)
        self.raw: dict[str, dict[str, list[RawEntry]]] = {lang: {} for lang in LANGS}
        self._version = {lang: 0 for lang in LANGS}  # bumped by each change: the files are made again
        # each page's index entries, made once (English ones again when the inflections change)
        self._docs: dict[str, dict[str, list[dict]]] = {lang: {} for lang in LANGS}
        self._docs_inflections: dict[str, dict] = {}
        self.words = chinese_words(tuple(dict.fromkeys((*glossary_words, *settings.dictionary,
                                                        *(w for g in settings.synonyms.get("zh", []) for w in g)))))
        self.synonyms = Synonyms(settings.synonyms, self.words)
        self.stem = snowballstemmer.stemmer("english").stemWord
        # static-i18n gathers and re-sets `entries` between language builds; ours live in `raw`
        self.entries: list = []
        self.seconds = 0.0  # time spent here, for `kb bench` (the build time search adds)
        # Material's plugin writes the default index after every language's build: made once
        self._written: dict[str, tuple[int, tuple[str, str]]] = {}

    # -- collecting (called by Material's search plugin) ---------------------------------

    def add_entry_from_context(self, page):
        lang = self.describe(page).lang
        if page.url in self.raw[lang]:  # built again: its new entries in its old place
            self.raw[lang][page.url] = []
            self._docs[lang].pop(page.url, None)
            self._version[lang] += 1
        super().add_entry_from_context(page)

    def keep_pages(self, lang: str, urls: set[str]) -> None:
        """Forget the entries of pages no longer in this language's build (deleted, renamed)."""
        for url in set(self.raw[lang]) - urls:
            self._forget(lang, url)

    def _forget(self, lang: str, url: str) -> None:
        self._docs[lang].pop(url, None)
        if self.raw[lang].pop(url, None) is not None:
            self._version[lang] += 1

    def create_entry_for_section(self, section, toc, url, page):
        t0 = time.perf_counter()
        try:
            self._collect(section, toc, url, page)
        finally:
            self.seconds += time.perf_counter() - t0

    def _collect(self, section, toc, url, page):
        facts = self.describe(page)
        item = self._find_toc_by_id(toc, section.id)
        if item:
            url = url + item.url
        elif section.id:
            url = url + "#" + section.id
        if section.id in self.settings.skip_sections or (facts.listing and "#" in url):
            return
        if not section.title:
            section.title = [str(page.meta.get("title", page.title))]
        prefix = lang_prefix(facts.lang)
        location = url[len(prefix):] if prefix and url.startswith(prefix) else url
        self.raw[facts.lang].setdefault(page.url, []).append(
            RawEntry(location, "".join(section.title).strip(), "".join(section.text).strip(), facts))
        self._version[facts.lang] += 1

    def generate_search_index(self, prev):  # Material writes this to search/search_index.json
        return self.index_json(DEFAULT_LANG)

    # -- writing -----------------------------------------------------------------------

    def index_json(self, lang: str) -> str:
        """search_index.json: the config and the page entries."""
        return self._files(lang)[0]

    def sections_js(self, lang: str) -> str:
        """search_sections.js: the section entries, as a script that sets self.__kbSections."""
        return self._files(lang)[1]

    def _files(self, lang: str) -> tuple[str, str]:
        if self._written.get(lang, (-1, ()))[0] != self._version[lang]:
            t0 = time.perf_counter()
            try:
                self._written[lang] = (self._version[lang], self._index_files(lang))
            finally:
                self.seconds += time.perf_counter() - t0
        return self._written[lang][1]

    def _index_files(self, lang: str) -> tuple[str, str]:
        entries = [e for page in self.raw[lang].values() for e in page]
        fields = {name: {"boost": boost} for name, boost in self.settings.fields.items()}
        # `lang: [en]` and no pipeline: Material then loads no lunr language module (lunr.zh
        # would re-segment), and no stemmer, trimmer or stop words (a query word is matched as a
        # prefix and never stemmed, so a stemmed index would miss "customer" in "custom")
        kb = {"intent": self.intent_words(lang), "boost": self.settings.query_boost,  # kb/search_query.js
              "separator": WIRE_SEPARATOR}
        inflections = self._inflections(entries) if lang == "en" else {}
        if inflections != self._docs_inflections.get(lang, {}):
            self._docs[lang].clear()
            self._docs_inflections[lang] = inflections
        made = self._docs[lang]
        for url, page_entries in self.raw[lang].items():
            if url not in made:
                made[url] = [self._doc(e, lang, inflections) for e in page_entries]
        docs = [d for url in self.raw[lang] for d in made[url]]
        pages = [d for d in docs if "#" not in d["location"]]
        sections = [d for d in docs if "#" in d["location"]]
        if sections:
            kb["sections"] = lang_prefix(lang) + "search/" + SECTIONS_FILE  # from the site root
        config = {"lang": ["en"], "separator": self.config["separator"], "pipeline": [], "fields": fields, "kb": kb}

        def dump(value) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace(ZWSP, WIRE_SEPARATOR)
        return dump({"config": config, "docs": pages}), f"self.{SECTIONS_GLOBAL}={dump(sections)}"

    def intent_words(self, lang: str) -> list[str]:
        """The query words weighted 1 in the browser (intent words and fillers), as a reader of
        either script types them."""
        key = "en" if lang == "en" else "zh"
        plain = [w for by_lang in self.settings.intent.values() for w in by_lang[key]]
        plain += [] if lang == "en" else list(self.settings.filler)
        words: set[str] = set()
        for w in plain:
            words.add(w.lower())
            if lang != "en":
                words |= {hant.convert(w), *self.words.other_script(w, False)}
        return sorted(words)

    def _segment(self, text: str, traditional: bool, found: set[str]) -> str:
        def cut(m: re.Match) -> str:
            words = self.words.cut(m.group(0), traditional)
            found.update(words)
            return ZWSP + ZWSP.join(words) + ZWSP
        return HAN.sub(cut, text).strip(ZWSP)

    def _doc(self, e: RawEntry, lang: str, inflections: dict[str, set[str]]) -> dict:
        facts, traditional = e.facts, lang == "zh-Hant"
        text = e.text.replace(WIRE_SEPARATOR, "")
        if e.is_page and facts.summary:  # the summary first: Material shows the text's start
            lead = f"<p>{html.escape(facts.summary, quote=False)}</p>"
            text = lead + " " + text.replace(lead, "", 1).replace(f"<p>{facts.summary}</p>", "", 1).strip()
        title_han: set[str] = set()
        han: set[str] = set()
        title = self._segment(e.title.replace(WIRE_SEPARATOR, ""), traditional, title_han)
        text = self._segment(text, traditional, han)
        title_words = title_han | set(LATIN_WORD.findall(TAG.sub(" ", e.title).lower()))
        words = title_words | han | set(LATIN_WORD.findall(TAG.sub(" ", e.text).lower()))
        intent = self.settings.intent.get(facts.type, {}).get("en" if lang == "en" else "zh", ()) if e.is_page else ()
        if lang == "zh-Hant":
            intent = tuple(hant.convert(w) for w in intent)
        title_keys = self._expand(title_words, lang, inflections) - title_words
        keys = self._expand(words | set(intent), lang, inflections) - words - title_keys
        doc = {"location": e.location, "title": title, "text": text}
        if e.is_page and facts.tags:
            doc["tags"] = list(facts.tags)
        if title_keys:
            doc["title_keys"] = " ".join(sorted(title_keys))
        if keys:
            doc["keys"] = " ".join(sorted(keys))
        boost = self.settings.boost.get("listing" if facts.listing else facts.type or "other", 1.0)
        if boost != 1.0:
            doc["boost"] = boost
        return doc

    def _expand(self, words: set[str], lang: str, inflections: dict[str, set[str]]) -> set[str]:
        """The words an entry is also found by: sub-words, synonyms, inflections, other script."""
        traditional = lang == "zh-Hant"
        found = set(words)
        for w in words:
            if HAN.search(w):
                found.update(self.words.subwords(w, traditional))
        for w in list(found):
            found |= self.synonyms.of(w, lang)
        for w in list(found):
            found |= inflections.get(w, set())
        if lang != "en":
            for w in list(found):
                if HAN.search(w):
                    found |= self.words.other_script(w, traditional)
        return found

    def _inflections(self, entries: list[RawEntry]) -> dict[str, set[str]]:
        """English words of the corpus grouped by their snowball stem: each finds the others."""
        words: set[str] = set()
        for e in entries:
            words.update(LATIN_WORD.findall(TAG.sub(" ", f"{e.title} {e.text}").lower()))
        by_stem: dict[str, set[str]] = {}
        for w in words:  # each distinct word stemmed once
            by_stem.setdefault(self.stem(w), set()).add(w)
        return {w: group - {w} for group in by_stem.values() if len(group) > 1 for w in group}


def read_index(path: Path) -> dict:
    """A written index (search_index.json) as the browser's worker has it once whole: its
    page entries with their sections in site order, kb.separator back to U+200B."""
    data = json.loads(path.read_text(encoding="utf-8"))
    kb = data.get("config", {}).get("kb", {})
    sections_file = path.with_name(SECTIONS_FILE)
    if kb.get("sections") and sections_file.exists():
        text = sections_file.read_text(encoding="utf-8")
        sections = json.loads(text[text.index("=") + 1:])
        by_page: dict[str, list] = {}
        for doc in sections:
            by_page.setdefault(doc["location"].split("#")[0], []).append(doc)
        data["docs"] = [d for page in data["docs"] for d in (page, *by_page.pop(page["location"], []))]
        data["docs"] += [d for rest in by_page.values() for d in rest]
    sep = kb.get("separator")
    if sep:
        for doc in data["docs"]:
            for field in ("title", "text"):
                if isinstance(doc.get(field), str):
                    doc[field] = doc[field].replace(sep, ZWSP)
    return data


QUERY_JS = Path(__file__).with_name("search_query.js")
WORKER = "assets/javascripts/workers/kb-search.js"  # overrides/main.html points `search` here


def material_worker(config) -> Path:
    """Material's search worker, as shipped in the theme (its name carries a content hash)."""
    for folder in config.theme.dirs:
        found = sorted((Path(folder) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        if found:
            return found[-1]
    raise FileNotFoundError("Material's search worker (assets/javascripts/workers/search.*.min.js)")


def write_worker(config) -> None:
    """kb-search.js: our query rewriting first, then Material's worker, byte for byte."""
    dest = Path(config.site_dir) / WORKER
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(QUERY_JS.read_text(encoding="utf-8") + "\n"
                    + material_worker(config).read_text(encoding="utf-8"), encoding="utf-8")
