"""The built site: three languages, no warnings, segmented Chinese search, nothing
fetched from the network, generated listings, and clear errors on bad input."""
from __future__ import annotations

import json
import re
from pathlib import Path


from conftest import ROOT, copy_repo, run_kb
from kb.layout import iter_markdown, split_lang
from kb.search_index import read_index

LANG_DIRS = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}


def zh_pages():
    docs = ROOT / "docs"
    return [split_lang(p.relative_to(docs).as_posix())[0] for p in iter_markdown(docs)
            if split_lang(p.relative_to(docs).as_posix())[1] == "zh"]


def built_path(site: Path, base: str, lang: str) -> Path:
    stem = base[:-3]
    rel = "index.html" if stem == "index" else (stem[:-5] + "index.html" if stem.endswith("/index") else f"{stem}/index.html")
    return site / LANG_DIRS[lang] / rel


def test_every_zh_page_is_built_in_three_languages(built_site):
    pages = zh_pages()
    assert "cases/hilton-no-vacancy-referral.md" in pages
    for base in pages:
        for lang in LANG_DIRS:
            assert built_path(built_site, base, lang).is_file(), f"{base} missing in {lang}"


def test_language_versions_are_really_translated(built_site):
    base = "cases/hilton-no-vacancy-referral.md"
    zh = built_path(built_site, base, "zh").read_text(encoding="utf-8")
    hant = built_path(built_site, base, "zh-Hant").read_text(encoding="utf-8")
    en = built_path(built_site, base, "en").read_text(encoding="utf-8")
    assert '<html lang="zh"' in zh and "客满的周末" in zh
    assert '<html lang="zh-Hant"' in hant and "客滿的週末" in hant
    assert '<html lang="en"' in en and "A full house on a weekend" in en
    # heading ids are the same explicit ASCII ids in every language
    for html in (zh, hant, en):
        assert 'id="takeaways"' in html and 'id="discussion"' in html


def test_search_index_is_segmented(built_site):
    index = read_index(built_site / "search" / "search_index.json")
    texts = [d["text"] + d["title"] for d in index["docs"]]
    han_docs = [t for t in texts if re.search(r"[\u4e00-\u9fff]{2}", t)]
    assert han_docs, "no Chinese text in the search index"
    segmented = [t for t in han_docs if "\u200b" in t]
    # jieba puts U+200B between words; without jieba the index has none
    assert len(segmented) / len(han_docs) > 0.9
    assert any("投诉\u200b" in t or "\u200b投诉" in t for t in texts)


EXTERNAL_REF = re.compile(
    r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=[\"'](?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"'](?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//"
    r"|@import\s+[\"'](?:https?:)?//", re.I)


def test_no_page_requests_anything_from_the_network(built_site):
    offenders = []
    for path in list(built_site.rglob("*.html")) + list(built_site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in EXTERNAL_REF.finditer(text):
            offenders.append(f"{path.relative_to(built_site)}: {text[m.start():m.start() + 90]}")
    assert offenders == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_browse_pages_and_backlinks_are_generated(built_site):
    industry = built_path(built_site, "browse/industry.md", "zh").read_text(encoding="utf-8")
    assert 'id="hotel"' in industry and "客满的周末" in industry
    principle = built_path(built_site, "principles/six-steps-solve-problem.md", "zh").read_text(encoding="utf-8")
    cited = principle.split('id="cited-by"', 1)[1]
    assert "hilton-no-vacancy-referral" in cited and "jade-bracelet-crack-complaint" in cited
    cases = built_path(built_site, "cases/index.md", "en").read_text(encoding="utf-8")
    assert "hilton-no-vacancy-referral" in cases


def test_each_tag_has_its_own_page_listing_exactly_its_pages(built_site, root):
    """Tags get a page each (kb.tag_pages): the tag index links every tag in use with its count,
    a tag's page links exactly the pages carrying it, and a page's facts line links its tags'
    pages, in every language."""
    import posixpath

    from justhtml import JustHTML

    from kb import vocab as vocab_mod
    from kb.pages import load_corpus

    vocab = vocab_mod.load(root)
    corpus = load_corpus(root / "docs", root, langs=("zh",))
    tagged = {}
    for page in corpus.in_lang("zh"):
        for tag in page.meta.get("tags") or [] if page.type else []:
            tagged.setdefault(tag, set()).add(page.base)
    assert len(tagged) > 20

    def targets(html_path, selector):
        doc = JustHTML(html_path.read_text(encoding="utf-8"), sanitize=False)
        here = posixpath.dirname(html_path.relative_to(built_site).as_posix())
        return [(posixpath.normpath(posixpath.join(here, a.attrs["href"])), a.to_text(separator="", strip=False))
                for a in doc.query(selector)]

    for lang, prefix in LANG_DIRS.items():
        index = dict(targets(built_path(built_site, "browse/tag.md", lang), "article li > a"))
        assert set(index) == {f"{prefix}browse/tag/{t}" for t in tagged}, lang
        listed = JustHTML(built_path(built_site, "browse/tag.md", lang).read_text(encoding="utf-8"), sanitize=False)
        counts = [li.to_text(separator="", strip=False) for li in listed.query("article li")]
        assert all(c.endswith(f"({len(tagged[t])})") for c, t in zip(counts, [i.rsplit("/", 1)[1] for i in index]))
        for tag, bases in tagged.items():
            links = {href for href, _ in targets(built_path(built_site, f"browse/tag/{tag}.md", lang), "article li > a")}
            assert links == {prefix + b[:-3] for b in bases}, (lang, tag)
        page = sorted(tagged["anger"])[0]
        facts = [href for href, _ in targets(built_path(built_site, page, lang), ".kb-facts a")]
        assert f"{prefix}browse/tag/anger" in facts, (lang, facts)


def test_dialogue_renders_as_labelled_bubbles(built_site):
    html = built_path(built_site, "scripts/jade-bracelet-crack-complaint.md", "en").read_text(encoding="utf-8")
    assert html.count('class="kb-dialogue"') == 2
    turn = re.search(r'<li class="kb-turn kb-turn--staff" data-role="staff" data-stage="apology">(.*?)</li>', html)
    assert turn and "Apology" in turn.group(1) and "Staff" in turn.group(1)
    zh = built_path(built_site, "scripts/jade-bracelet-crack-complaint.md", "zh").read_text(encoding="utf-8")
    assert '<span class="kb-turn__stage">致歉</span>' in zh
    assert "```dialogue" not in zh and "staff (greeting)" not in zh


def test_bad_version_is_marked_in_words_with_a_note_on_each_staff_turn(built_site):
    from justhtml import JustHTML

    for lang, badge, note in (("zh", "✗ 反面示范", "错在哪里"), ("en", "✗ Don't do this", "What's wrong")):
        doc = JustHTML(built_path(built_site, "scripts/jade-bracelet-crack-complaint.md", lang).read_text(encoding="utf-8"),
                       sanitize=False)
        bad = doc.query('figure.kb-dialogue.kb-dialogue--bad[data-version="bad"]')
        assert len(bad) == 1, lang
        assert badge in bad[0].query("figcaption")[0].to_text()
        staff_turns = bad[0].query("li.kb-turn--staff")
        assert staff_turns and all(note in t.query(".kb-turn__note-label")[0].to_text() for t in staff_turns)
        good = doc.query('figure.kb-dialogue[data-version="good"]')
        assert good and "✓" in good[0].query("figcaption")[0].to_text()  # the good version beside it is badged too
    zh = JustHTML(built_path(built_site, "scripts/jade-bracelet-crack-complaint.md", "zh").read_text(encoding="utf-8"),
                  sanitize=False)
    assert "〔本店的质量问题退换规定〕" in [s.to_text() for s in zh.query("span.kb-slot")]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_phrase_bank_and_dont_say_pages_show_every_entry_of_their_data(built_site, root):
    from kb import vocab as vocab_mod

    v = vocab_mod.load(root)
    assert len(v.phrases) >= 150 and len(v.forbidden) >= 40
    for lang in ("zh", "en"):
        bank = _text(built_path(built_site, "service-language/phrases.md", lang).read_text(encoding="utf-8"))
        dont = _text(built_path(built_site, "service-language/dont-say.md", lang).read_text(encoding="utf-8"))
        key = "en" if lang == "en" else "zh"
        import html as html_mod
        bank, dont = html_mod.unescape(bank), html_mod.unescape(dont)
        missing = [p.text.get(lang) for p in v.phrases if p.text.get(lang) not in bank]
        assert missing == [], missing[:3]
        assert all(getattr(p, key) in dont and p.better.get(lang) in dont for p in v.forbidden)
    html = built_path(built_site, "service-language/phrases.md", "zh").read_text(encoding="utf-8")
    for stage in v.stages:  # one section per dialogue stage, with the stage id as anchor
        assert f'id="{stage}"' in html


def test_quick_finder_links_every_entry_to_an_existing_script(built_site, root):
    from kb import vocab as vocab_mod

    v = vocab_mod.load(root)
    assert len(v.finder) >= 35
    for lang in ("zh", "en"):
        path = built_path(built_site, "service-language/quick-finder.md", lang)
        html = path.read_text(encoding="utf-8")
        rows = re.findall(r"<tr>(.*?)</tr>", html.split('class="kb-finder"', 1)[1], re.S)[0:]
        links = [re.search(r'href="([^"]+)"', r) for r in rows if "<td" in r]
        assert len(links) == len(v.finder) and all(links)
        for m in links:
            target = (path.parent / m.group(1)).resolve()
            assert (target / "index.html").is_file() or target.is_file(), m.group(1)


def test_printable_handbook_holds_every_page_in_reading_order_without_scripts(built_site, root):
    from kb import handbook, vocab as vocab_mod
    from kb.pages import load_corpus

    corpus = load_corpus(root / "docs", root)
    order = [p for _, pages in handbook.reading_order(corpus, vocab_mod.load(root)) for p in pages]
    assert len(order) > 150
    for lang, folder in handbook.LANG_DIRS.items():
        html = (built_site / folder / "handbook.html").read_text(encoding="utf-8")
        assert "<script" not in html  # prints the same everywhere, also offline
        positions = [html.find(f'id="{handbook.anchor(p.base)}"') for p in order]
        assert -1 not in positions and positions == sorted(positions), lang
        # a link to another page of the handbook is an in-document reference with its title
        assert 'href="#p-principles-six-steps-solve-problem--step-1" data-kb-xref=' in html
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "ids must stay unique in the assembled page"


def test_guide_tables_come_from_the_data_files(built_site):
    html = built_path(built_site, "guide/dialogues.md", "zh").read_text(encoding="utf-8")
    for stage in ("greeting", "apology", "follow-up"):
        assert f"<code>{stage}</code>" in html
    rules = built_path(built_site, "guide/rules.md", "en").read_text(encoding="utf-8")
    assert "DLG-005" in rules and "LINK-002" in rules


def _build_copy(tmp_path, edit) -> tuple[int, str]:
    repo = copy_repo(tmp_path / "repo")
    edit(repo / "docs")
    proc = run_kb("build", "--site-dir", str(tmp_path / "out"), cwd=repo)
    return proc.returncode, proc.stdout + proc.stderr


def test_malformed_front_matter_stops_the_build_with_file_and_line(tmp_path):
    def edit(docs):
        page = docs / "cases" / "hilton-no-vacancy-referral.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("industry: hotel", "industry: [hotel", 1), encoding="utf-8")

    code, out = _build_copy(tmp_path, edit)
    assert code == 1
    assert re.search(r"docs/cases/hilton-no-vacancy-referral\.md:\d+:1: error FM-001", out)
    assert "Traceback" not in out
    assert not (tmp_path / "out").exists()  # no half-written site


def test_unknown_dialogue_stage_stops_the_build_with_file_and_line(tmp_path):
    def edit(docs):
        page = docs / "scripts" / "jade-bracelet-crack-complaint.md"
        lines = page.read_text(encoding="utf-8").split("\n")
        n = next(i for i, line in enumerate(lines) if line.startswith("staff (apology)"))
        lines[n] = lines[n].replace("(apology)", "(sorry)")
        page.write_text("\n".join(lines), encoding="utf-8")
        edit.line = n + 1

    code, out = _build_copy(tmp_path, edit)
    assert code == 1
    assert f"docs/scripts/jade-bracelet-crack-complaint.md:{edit.line}:1: error DLG-004" in out
    assert "Traceback" not in out


def test_unknown_shortcode_stops_the_build(tmp_path):
    def edit(docs):
        (docs / "cases" / "index.md").write_text("---\ntitle: x\n---\n\n<!-- kb:nonsense -->\n", encoding="utf-8")

    code, out = _build_copy(tmp_path, edit)
    assert code == 1
    assert "docs/cases/index.md:5:1: error SHORT-001 unknown shortcode `<!-- kb:nonsense -->`" in out
    assert "Traceback" not in out


def test_glossary_page_and_tooltips_on_first_use(built_site, root):
    from justhtml import JustHTML

    from kb import hant
    from kb import vocab as vocab_mod

    v = vocab_mod.load(root)
    hant.load_overrides(root)  # convert as the build does
    assert len(v.glossary) >= 40
    for lang in ("zh", "zh-Hant", "en"):
        page = JustHTML(built_path(built_site, "service-language/glossary.md", lang).read_text(encoding="utf-8"),
                        sanitize=False)
        ids = {h.attrs.get("id") for h in page.query("h3")}
        assert {f"term-{t.id}" for t in v.glossary} <= ids, lang
        assert not page.query("abbr.kb-term")  # the glossary itself carries no tooltips
    # a script about a bangle marks its first 圈口 (and only the first), never inside a link or heading
    term = next(t for t in v.glossary if t.id == "bangle-size")
    for lang, form, title in (("zh", "圈口", term.define.zh), ("zh-Hant", hant.convert("圈口"), hant.convert(term.define.zh)),
                              ("en", "bangle size", term.define.en)):
        doc = JustHTML(built_path(built_site, "scripts/bangle-resize-request.md", lang).read_text(encoding="utf-8"),
                       sanitize=False)
        marked = [a for a in doc.query("article abbr.kb-term") if a.to_text() == form]
        assert len(marked) == 1 and marked[0].attrs["title"] == title, (lang, [a.to_text() for a in marked])
        assert not doc.query("article a abbr.kb-term, article h1 abbr.kb-term, article h2 abbr.kb-term")


def test_no_sitemap_without_a_site_url(built_site, tmp_path):
    # MkDocs would write `None./` URLs; with KB_SITE_URL set, the sitemap holds real addresses
    assert not (built_site / "sitemap.xml").exists() and not (built_site / "sitemap.xml.gz").exists()
    from test_check_rules import make_site

    site = make_site(tmp_path / "site")
    proc = run_kb("build", "--site-dir", str(tmp_path / "out"), cwd=site, env={"KB_SITE_URL": "https://kb.example.com/"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    locs = re.findall(r"<loc>([^<]+)</loc>", (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith("https://kb.example.com/") for loc in locs)


def test_palette_toggle_speaks_the_reader_language(built_site):
    expected = {"zh": ("深色模式", "浅色模式"), "zh-Hant": ("深色模式", "淺色模式"), "en": ("Dark mode", "Light mode")}
    for lang, (dark, light) in expected.items():
        html = built_path(built_site, "index.md", lang).read_text(encoding="utf-8")
        titles = set(re.findall(r'<label class="md-header__button md-icon" title="([^"]+)"', html))
        assert titles == {dark, light}, (lang, titles)


def test_glossary_marker_takes_the_earliest_longest_form_not_yet_marked():
    """kb.glossary.TermMarker: at the first position where a term starts, the longest form;
    a term already marked on the page is passed over, even where it overlaps another."""
    from types import SimpleNamespace

    from kb.glossary import TermMarker
    from kb.vocab import Label

    def term(tid, forms):
        return SimpleNamespace(id=tid, define=Label(f"{tid} means", f"{tid} means"), mark={"zh": forms, "en": ()})
    marker = TermMarker(SimpleNamespace(glossary=[term("icy", ["冰种"]), term("icy-jade", ["冰种翡翠"]),
                                                   term("jade", ["翡翠"])]), "zh")
    assert marker._find("这是冰种翡翠手镯", set())[:3] == (2, "冰种翡翠", "icy-jade")
    assert marker._find("这是冰种翡翠手镯", {"icy-jade"})[:3] == (2, "冰种", "icy")
    assert marker._find("这是冰种翡翠手镯", {"icy-jade", "icy"})[:3] == (4, "翡翠", "jade")
    assert marker._find("没有术语", set()) is None


# `make serve` runs `mkdocs serve --dirty`: each save builds again, in the same process, with a
# new configuration and plugin. This driver does the same: a first build, then one per edit.
DIRTY_SERVE = r"""
import json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
sys.argv = ["mkdocs", "serve", "--dirty"]
site, edits = Path(sys.argv_site), json.loads(sys.argv_edits)
watched = ["cases/sample-case/index.html", "cases/index.html", "scripts/sample-script/index.html",
           "en/cases/index.html"]
def snapshot():
    from kb.search_index import read_index
    index = {lang: [d["title"] + " " + d["text"] for d in read_index(site / lang / "search/search_index.json")["docs"]]
             for lang in ("", "en/")}
    order = [d["location"] for d in read_index(site / "search/search_index.json")["docs"]]
    return {"mtimes": {w: (site / w).stat().st_mtime_ns for w in watched}, "order": order,
            "html": {w: (site / w).read_text(encoding="utf-8") for w in watched}, "index": index}
out = []
for path, old, new in [(None, None, None), *edits]:
    if path:
        text = Path(path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")
    build(load_config("mkdocs.yml", site_dir=str(site)), dirty=True)
    out.append(snapshot())
print(json.dumps(out))
"""


def test_a_dirty_rebuild_builds_the_saved_page_and_the_pages_showing_it(tmp_path):
    import os
    import subprocess
    import sys

    from test_check_rules import make_site

    src = make_site(tmp_path / "src")
    case = src / "docs" / "cases" / "sample-case.md"
    edits = [[str(case), "经过。", "顾客带着发票回到柜台。"],           # text only: that page alone
             [str(case), "title: 示例案例", "title: 改过的案例标题"],  # front matter: its listings too
             [str(src / "docs/_data/ui.yml"), "\n", "\n# saved\n"]]       # data: every page
    code = DIRTY_SERVE.replace("sys.argv_site", repr(str(tmp_path / "site"))).replace("sys.argv_edits", repr(json.dumps(edits)))
    proc = subprocess.run([sys.executable, "-c", code], cwd=src, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts")))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "'dirty' build is being performed" not in proc.stderr  # said once, in the plugin's words
    first, text_edit, title_edit, data_edit = json.loads(proc.stdout.strip().splitlines()[-1])

    def rebuilt(before, after):
        return {w for w in before["mtimes"] if after["mtimes"][w] != before["mtimes"][w]}

    assert rebuilt(first, text_edit) == {"cases/sample-case/index.html"}
    assert "顾客带着发票回到柜台" in text_edit["html"]["cases/sample-case/index.html"]
    assert rebuilt(text_edit, title_edit) == {"cases/sample-case/index.html", "cases/index.html", "en/cases/index.html"}
    assert "改过的案例标题" in title_edit["html"]["cases/index.html"]
    assert rebuilt(title_edit, data_edit) == set(first["mtimes"])
    for snap in (text_edit, title_edit):  # the index keeps every page, not just the rebuilt ones
        assert {lang: len(docs) for lang, docs in snap["index"].items()} == \
            {lang: len(docs) for lang, docs in first["index"].items()}
    zh = [entry.replace("\u200b", "") for entry in title_edit["index"][""]]
    assert [e.split(" <")[0] for e in zh].count("改过的案例标题") == 1 and "示例案例 <p>测试用的案例页" not in "\n".join(zh)
    assert any("顾客带着发票回到柜台" in e for e in zh)
    assert title_edit["order"] == first["order"]  # a page built again keeps its place in the index


def test_every_typed_page_sits_under_its_section_page(built_site, root):
    """Its section's tab is active, the breadcrumb ends with the section page, and previous/next
    walk the section's pages in the order the section page lists them, in every language."""
    import posixpath

    from justhtml import JustHTML

    from kb import listings, vocab
    from kb.pages import load_corpus

    def url_of(base: str, lang: str) -> str:
        return built_path(built_site, base, lang).parent.relative_to(built_site).as_posix()

    def target(here: str, href: str) -> str:
        return posixpath.normpath(posixpath.join(here, href))

    sections = listings.section_pages(load_corpus(root / "docs", root), vocab.load(root))
    assert sum(len(m) for m in sections.values()) > 250  # every case, script and principle
    for home, members in sections.items():
        for lang in LANG_DIRS:
            chain = [home, *(m.base for m in members)]
            for i, base in enumerate(chain[1:], 1):
                here = url_of(base, lang)
                doc = JustHTML(built_path(built_site, base, lang).read_text(encoding="utf-8"), sanitize=False)
                crumbs = [target(here, a.attrs["href"]) for a in doc.query("nav.md-path a")]
                assert crumbs and crumbs[-1] == url_of(home, lang), (lang, base, crumbs)
                assert doc.query(".md-tabs__item--active"), (lang, base)
                prev = [target(here, a.attrs["href"]) for a in doc.query("a.md-footer__link--prev")]
                nxt = [target(here, a.attrs["href"]) for a in doc.query("a.md-footer__link--next")]
                assert prev == [url_of(chain[i - 1], lang)], (lang, base, prev)
                assert nxt == ([url_of(chain[i + 1], lang)] if i + 1 < len(chain) else []), (lang, base, nxt)


def _without(doc, selector: str):
    """The parsed page with the contents of the elements `selector` matches emptied."""
    for node in doc.query(selector):
        for child in list(node.children):
            node.remove_child(child)
    return doc


def _reader_text(path: Path) -> str:
    """What a reader sees or hears of a built page: its text and its labelling attributes
    (programs, and source text shown as code, left out)."""
    from justhtml import JustHTML

    doc = _without(JustHTML(path.read_text(encoding="utf-8"), sanitize=False), "script, style, code, pre")
    parts = [doc.root.to_text()]
    for node in doc.query("[title], [aria-label], [placeholder], [alt]"):
        parts += [node.attrs[a] for a in ("title", "aria-label", "placeholder", "alt") if node.attrs.get(a)]
    return "\n".join(parts)


# Words that Taiwan writes with a character that a character-by-character conversion (OpenCC
# s2tw) would change: the scan takes them out first. Each entry says why the word is right.
HANT_SHARED_WORDS = {
    "简体中文": "the language switcher's name of the Simplified site, in its own script",
    "櫃台|平台|前台|後台|收銀台|服務台|維修台|擺台|吧台|寫字台|舞台|陽台|台面|台階|台詞|台灣|下不來台":
        "台 is how Taiwan writes these (hant-overrides.yml: 柜台 -> 櫃台); 臺 is the formal variant",
    "[一兩三四五六七八九十幾這那每]台": "台, the measure word for machines",
    "公里|里程|香格里拉|三里屯|糊里糊塗|馬里蘭|阿里旺旺": "里 as a unit, in place names and in set words",
    "游泳": "游 is swimming (遊 is travelling)",
    "干擾|干涉|干戈|相干|若干": "干 is interfering, shield and some (幹 is doing, 乾 is dry)",
    "划算": "划 is the Taiwan form in 划算",
    "批准": "准 is permission (準 is accuracy)",
    "茶几": "几 is a small table",
    "小丑": "丑 is a clown (醜 is ugly)",
    "海淀": "a district of Beijing, a proper name",
    "石英岩": "岩 is the Taiwan form (巖 is a variant)",
}


# Han characters on the English site: the language switcher's names of the Chinese sites.
EN_ALLOWED_HAN = set("简体中文繁體中文")


def test_zh_hant_pages_hold_no_simplified_only_characters(built_site):
    import opencc

    to_traditional = opencc.OpenCC("s2tw.json")  # Taiwan forms: 台, 裡, 群 as Taiwan writes them
    found: dict[str, set[str]] = {}
    for path in sorted((built_site / "zh-Hant").rglob("*.html")):
        if path.name == "handbook.html":
            continue  # the same pages, printed: checked one by one here
        text = re.sub("|".join(HANT_SHARED_WORDS), "", _reader_text(path))
        for ch in set(re.findall(r"[\u4e00-\u9fff]", text)):
            if to_traditional.convert(ch) != ch:
                found.setdefault(ch, set()).add(path.relative_to(built_site).as_posix())
    assert not found, {ch: sorted(pages)[:3] for ch, pages in found.items()}


# Chinese in an English page title, outside the article (header, tabs, footer, breadcrumb):
# only quoted, in brackets or quotation marks, or a Weibo handle.
QUOTED_HAN = re.compile(r"(?<=[(（“\"「])[^()（）“”\"「」\n]*[\u4e00-\u9fff][^()（）“”\"「」\n]*(?=[)）”\"」])"
                        r"|(?<=@)[\u4e00-\u9fff\w]+")


def test_english_pages_show_chinese_only_where_they_quote_it(built_site):
    """On the English site, Chinese is marked lang="zh" in the article (kb.langmark: screen
    readers switch voice), and outside it only quoted in a page title or in the language
    switcher: no Chinese UI word, tooltip or label."""
    from justhtml import JustHTML

    case = built_path(built_site, "cases/fanxi-weibo-fan-surprises.md", "en").read_text(encoding="utf-8")
    assert '(<span lang="zh">凡茜</span>)' in case
    found: dict[str, set[str]] = {}
    for path in sorted((built_site / "en").rglob("*.html")):
        if path.name == "handbook.html":
            continue
        # marked Chinese is expected; programs and code are not prose
        doc = _without(JustHTML(path.read_text(encoding="utf-8"), sanitize=False), '[lang^="zh"], script, style, code, pre')
        # a glossary tooltip (abbr.kb-term) defines a Chinese certificate word: it names that word
        text = doc.root.to_text() + "".join(n.attrs.get(a, "") for n in doc.query("[title], [aria-label]")
                                            for a in ("title", "aria-label") if "kb-term" not in n.attrs.get("class", ""))
        text = QUOTED_HAN.sub("", text)
        for ch in set(re.findall(r"[\u4e00-\u9fff]", text)) - EN_ALLOWED_HAN:
            found.setdefault(ch, set()).add(path.relative_to(built_site).as_posix())
    assert not found, {ch: sorted(pages)[:3] for ch, pages in found.items()}


def test_every_principle_page_ends_with_its_self_check_questions_folded(built_site, root):
    """Each question of a principle page's `self_check` is a closed details block whose summary
    is the question and whose body is the answer, in every language; the section stays out of
    the search index (its answers repeat the page)."""
    from justhtml import JustHTML

    from kb import hant
    from kb.pages import load_corpus

    corpus = load_corpus(root / "docs", root)
    principles = [p for p in corpus.in_lang("zh") if p.type == "principle"]
    assert len(principles) > 60
    for zh in principles:
        for lang in LANG_DIRS:
            src = corpus.get(zh.base, "en") if lang == "en" else zh
            items = src.meta["self_check"]
            doc = JustHTML(built_path(built_site, zh.base, lang).read_text(encoding="utf-8"), sanitize=False)
            assert doc.query("h2#self-check"), (lang, zh.base)
            blocks = doc.query("details.kb-self-check")
            assert len(blocks) == len(items) and 2 <= len(items) <= 3, (lang, zh.base)
            for block, item in zip(blocks, items):
                want = {k: hant.convert(item[k]) if lang == "zh-Hant" else item[k] for k in ("question", "answer")}
                assert "open" not in block.attrs, (lang, zh.base)
                assert block.query("summary")[0].to_text(separator="", strip=False).strip() == want["question"], (lang, zh.base)
                assert block.query("p")[0].to_text(separator="", strip=False).strip() == want["answer"], (lang, zh.base)
    for prefix in ("", "en/"):
        index = read_index(built_site / prefix / "search" / "search_index.json")
        assert not [d["location"] for d in index["docs"] if d["location"].endswith("#self-check")]
