"""Search (kb.search_index, kb/search_query.js, overrides/main.html), through the real search
box in headless Chromium, online and from the offline export's file://:

1. each language version loads only its own index and shows only its own pages;
2. Simplified and Traditional find the same pages, on both Chinese versions;
3. a word inside a longer word is found; the domain dictionary keeps terms whole; Traditional
   is segmented like Simplified;
4. synonyms from docs/_data/search.yml find pages that do not use the word;
5. a title match ranks above a body match, a "what do I say" query puts a script first, and
   each result shows its summary and tag labels;
6. the relevance set (tests/search_queries.yml): hit@1, hit@5 and MRR at or above its floor."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kb import search_probe as sp
from kb import vocab as vocab_mod
from kb.search_index import SECTIONS_FILE, ChineseWords, lang_prefix, read_index

QUERIES = ROOT / "tests" / "search_queries.yml"
COMPLAINT_METHODS = {"principles/complaint-handling-six-techniques", "principles/complaints/card", "principles/method-map",
                     "principles/explore-respond-model", "principles/complaint-follow-up-and-records"}


@pytest.fixture(scope="module")
def browser():
    missing = sp.browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = sp.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def online_root(built_site):
    with sp.serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def offline_root(unpacked):
    return unpacked.as_uri() + "/"


@pytest.fixture(scope="module")
def boxes(browser, online_root, offline_root):
    """search(lang, query, offline=False) -> Results, one open page per language and mode."""
    pages = {}

    def search(lang: str, query: str, offline: bool = False) -> sp.Results:
        root = offline_root if offline else online_root
        if (lang, offline) not in pages:
            context = browser.new_context()
            if offline:
                sp.block_network(context, [])
            page = sp.new_page(context)
            page.goto(sp.home_url(root, lang, offline))
            sp.open_box(page)
            sp.wait_for_whole_index(page)
            pages[(lang, offline)] = page
        return sp.search(pages[(lang, offline)], query, root, lang)

    yield search
    for page in pages.values():
        page.context.close()


# 1. per language -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("offline", [False, True], ids=["online", "file"])
@pytest.mark.parametrize("lang,query", sp.FIRST_QUERIES.items())
def test_each_language_loads_only_its_own_index_and_shows_its_own_pages(browser, online_root, offline_root,
                                                                         lang, query, offline):
    root = offline_root if offline else online_root
    r = sp.first_result(browser, root, lang, query, offline)
    index = [u for u in r.requests if "search_index" in u]
    expected = root + lang_prefix(lang) + "search/search_index." + ("js" if offline else "json")
    assert index == [expected], index
    # the section entries, loaded by the worker once the first answer is out (first_result waits for it)
    sections = [u.split("?")[0] for u in r.requests if SECTIONS_FILE in u]
    assert sections == [root + lang_prefix(lang) + "search/" + SECTIONS_FILE], sections
    assert r.whole_seconds >= r.seconds
    assert r.results.hrefs
    others = [root + lang_prefix(o) for o in ("zh-Hant", "en") if o != lang]
    for href in r.results.hrefs:
        assert href.startswith(root + lang_prefix(lang)) and not href.startswith(tuple(others)), href
    if offline:
        assert r.blocked == [], r.blocked  # from file:// nothing else is asked for


def test_each_index_file_holds_one_language(built_site):
    sizes = {}
    for lang in ("zh", "zh-Hant", "en"):
        index = read_index(built_site / lang_prefix(lang) / "search" / "search_index.json")
        locations = [d["location"] for d in index["docs"]]
        assert not [x for x in locations if x.startswith(("en/", "zh-Hant/"))], lang
        sizes[lang] = len(locations)
    assert sizes["zh"] == sizes["zh-Hant"] == sizes["en"] > 100, sizes


def test_the_index_is_split_and_the_guide_found_by_its_introduction_only(built_site):
    for lang in ("zh", "zh-Hant", "en"):
        folder = built_site / lang_prefix(lang) / "search"
        pages = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["docs"]
        assert pages and all("#" not in d["location"] for d in pages), lang  # what the page script parses
        whole = read_index(folder / "search_index.json")["docs"]
        assert len(whole) > 3 * len(pages), lang  # the sections come from search_sections.js
        assert [d["location"] for d in whole if "#" not in d["location"]] == [d["location"] for d in pages], lang
        guide = [d["location"] for d in whole if d["location"].startswith("guide/")]
        assert "guide/writing/" in guide and not [x for x in guide if "#" in x], (lang, guide)
        assert "\x7f" not in "".join(d["text"] for d in whole) and "\u200b" in "".join(d["text"] for d in whole)


# 2. both scripts -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("offline", [False, True], ids=["online", "file"])
def test_simplified_and_traditional_find_the_same_pages_on_both_versions(boxes, offline):
    for lang in ("zh", "zh-Hant"):
        simplified = boxes(lang, "投诉", offline).pages[:5]
        traditional = boxes(lang, "投訴", offline).pages[:5]
        assert len(set(simplified) & set(traditional)) >= 4, (lang, simplified, traditional)
        assert simplified[0] in COMPLAINT_METHODS and traditional[0] in COMPLAINT_METHODS, (lang, simplified, traditional)
    # a Traditional query on the Simplified site gives what the Simplified query gives
    assert boxes("zh", "顧客進店不說話", offline).pages[:3] == boxes("zh", "顾客进店不说话", offline).pages[:3]


# 3. recall for Chinese -------------------------------------------------------------------

@pytest.mark.browser
def test_a_word_inside_a_longer_word_is_found(boxes):
    # jieba keeps 儿童座椅 and 动感地带 whole in these titles; the index adds their parts
    assert boxes("zh", "座椅").pages[0] == "cases/child-seat-clear-manual"
    assert boxes("zh", "地带").pages[0] == "cases/china-mobile-three-brands"


def test_dictionary_keeps_terms_whole_and_traditional_is_cut_like_simplified(root):
    v = vocab_mod.load(root)
    words = ChineseWords(v.search.dictionary)
    assert "首问负责制" in ChineseWords(("首问负责制",)).cut("实行首问负责制", False)
    assert "七天无理由退货" in words.cut("网购可以七天无理由退货", False)
    simplified = words.cut("生鲜订单咨询", False)
    assert [len(w) for w in words.cut("生鮮訂單諮詢", True)] == [len(w) for w in simplified]
    assert "食品" in words.subwords("生鲜食品", False) and "食品" in words.subwords("生鮮食品", True)


# 4. synonyms -----------------------------------------------------------------------------

@pytest.mark.browser
def test_synonyms_find_pages_that_do_not_use_the_word(boxes, built_site):
    calm = "principles/calm-anger-seven-steps"
    en = read_index(built_site / "en" / "search" / "search_index.json")
    text = " ".join(d["title"] + d["text"] for d in en["docs"] if d["location"].startswith(calm)).lower()
    assert "irate" not in text  # so only the synonym group (angry, ..., irate) can find it
    assert calm in boxes("en", "irate customer").pages[:3]
    zh = read_index(built_site / "search" / "search_index.json")
    title = next(d["title"] for d in zh["docs"] if d["location"] == "principles/apology-and-empathy/")
    assert "道歉" not in title.replace("\u200b", "")
    assert boxes("zh", "怎么道歉").pages[:2].count("principles/apology-and-empathy") == 1


def test_a_synonym_group_added_by_a_contributor_reaches_the_index(root, tmp_path):
    from conftest import copy_repo, run_kb

    repo = copy_repo(tmp_path / "repo")
    data = repo / "docs" / "_data" / "search.yml"
    settings = yaml.safe_load(data.read_text(encoding="utf-8"))
    settings["synonyms"].append({"zh": ["玉镯", "镯仔"], "en": ["bangle", "bangly"]})
    data.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    run_kb("build", "--site-dir", str(site), cwd=repo, check=True)
    for lang, word in (("zh", "镯仔"), ("zh-Hant", "鐲仔"), ("en", "bangly")):
        index = read_index(site / lang_prefix(lang) / "search" / "search_index.json")
        page = next(d for d in index["docs"] if d["location"] == "scripts/bangle-resize-request/")
        assert word in (page.get("keys", "") + " " + page.get("title_keys", "")).split(), lang


# 5. ranking and what a result shows -------------------------------------------------------

@pytest.mark.browser
def test_a_title_match_ranks_above_a_body_match(boxes, built_site):
    index = read_index(built_site / "search" / "search_index.json")
    for word in ("万科", "屈臣氏", "冰淇淋"):
        titled = {d["location"].rstrip("/") for d in index["docs"]
                  if "#" not in d["location"] and word in d["title"].replace("\u200b", "")}
        in_body = {d["location"].split("#")[0].rstrip("/") for d in index["docs"]
                   if word in d["text"].replace("\u200b", "")} - titled
        assert titled and in_body, word  # both kinds exist, or the test proves nothing
        got = boxes("zh", word).pages
        assert set(got[:len(titled)]) == titled, (word, got, titled)
        assert in_body & set(got[len(titled):]), (word, got, in_body)


@pytest.mark.browser
def test_what_do_i_say_puts_a_script_first(boxes):
    for lang, query in (("zh", "顾客嫌贵怎么说"), ("zh-Hant", "顧客嫌貴怎麼說"),
                        ("en", "what do I say when a customer asks for a discount")):
        assert boxes(lang, query).pages[0].startswith("scripts/"), (lang, boxes(lang, query).pages[:3])


@pytest.mark.browser
def test_each_result_shows_its_summary_and_tag_labels(boxes, root):
    v = vocab_mod.load(root)
    r = boxes("zh", "玉镯太紧想改大")
    assert r.pages[0] == "scripts/bangle-resize-request"
    summary = (root / "docs" / "scripts" / "bangle-resize-request.md").read_text(encoding="utf-8")
    summary = yaml.safe_load(summary.split("---")[1])["summary"]
    assert r.summaries[0].replace("\u200b", "").startswith(summary[:20])
    assert r.chips[0] == [v.label("tag", t, "zh") for t in ("refusal", "returns", "language")]
    en = boxes("en", "bangle too tight")
    assert en.chips[en.pages.index("scripts/bangle-resize-request")][0] == "Saying no"


# 6. the relevance set --------------------------------------------------------------------

@pytest.fixture(scope="module")
def relevance_set():
    return sp.load_queries(QUERIES)


def _check_floor(report: sp.Relevance, floor: dict, where: str) -> None:
    print(f"\nsearch relevance ({where}): {report.summary()}")
    low = {k: round(v, 3) for k, v in report.figures().items() if v + 1e-9 < floor.get(k, 0)}
    assert not low, (f"{where}: below the floor {floor}: {low}\n" + "\n".join(report.misses()))


@pytest.mark.browser
def test_relevance_set_online(browser, online_root, relevance_set):
    floor, queries = relevance_set
    assert len(queries) >= 80 and {q["lang"] for q in queries} == {"zh", "zh-Hant", "en"}
    _check_floor(sp.judge(browser, online_root, queries, offline=False), floor, "online")


@pytest.mark.browser
def test_relevance_set_from_file(browser, offline_root, relevance_set):
    floor, queries = relevance_set
    _check_floor(sp.judge(browser, offline_root, queries, offline=True), floor, "file://")


@pytest.mark.browser
def test_a_chinese_query_is_cut_into_index_words(browser):
    """kb/search_query.js: longest index words, single characters dropped, intent words at
    weight 1, every word closed by 〇 so that Material's own cut keeps it whole."""
    page = browser.new_page()
    page.add_script_tag(path=str(ROOT / "scripts" / "kb" / "search_query.js"))
    rewrite = """([q, words, intent]) => self.kbRewriteQuery(q, new Set(words), intent, 10)"""
    words = ["价格", "太贵", "价", "太", "顾客", "生气", "怎么办", "转接", "电话", "转接电话"]
    assert page.evaluate(rewrite, ["价格太贵", words, []]).split() == ["价格〇*^10", "太贵〇*^10"]
    assert page.evaluate(rewrite, ["顾客很生气怎么办", words, ["怎么办"]]).split() == \
        ["顾客〇*^10", "生气〇*^10", "怎么办〇"]
    assert page.evaluate(rewrite, ["转接电话", words, []]).split() == ["转接电话〇*^10", "转接〇*^5", "电话〇*^5"]
    assert page.evaluate(rewrite, ['"exact phrase"', words, []]) == '"exact phrase"'  # lunr syntax: untouched
    page.close()
