"""In headless Chromium (Debian's package, driven by Playwright): the home page in each
language, the language switcher, Chinese search, and the dialogue bubbles."""
from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.browser

from kb.search_probe import CHROMIUM, CHROMIUM_FLAGS as FLAGS
from kb import search_probe


@pytest.fixture(scope="module")
def server(built_site):
    with search_probe.serve(built_site) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; `make test` installs Debian's chromium package")
        pytest.skip("chromium is not installed (run `make test`, which installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
    pg = context.new_page()
    external = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield pg
    context.close()
    assert external == [], f"the page requested external URLs: {external}"


@pytest.mark.parametrize("path,lang,title", [("/", "zh", "服务知识库"), ("/zh-Hant/", "zh-Hant", "服務知識庫"),
                                             ("/en/", "en", "Service Handbook")])
def test_home_page_loads_in_each_language(page, server, path, lang, title):
    page.goto(server + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert title in page.title()
    assert page.locator("article h1").first.is_visible()


def test_language_switcher_stays_on_the_same_page(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/cases/hilton-no-vacancy-referral/")
    page.locator(".md-header__option .md-select").first.hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/cases/hilton-no-vacancy-referral/")
    assert "A full house on a weekend" in page.locator("article h1").inner_text()
    page.locator(".md-header__option .md-select").first.hover()
    page.get_by_role("link", name="繁體中文").click()
    page.wait_for_url("**/zh-Hant/cases/hilton-no-vacancy-referral/")
    assert "客滿的週末" in page.locator("article h1").inner_text()


def test_chinese_query_finds_the_example_case(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("咖啡券")
    box.press("End")  # fill() sends no key events, and Material searches on keyup
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "希尔顿" in page.locator(".md-search-result").inner_text()


def test_dialogue_renders_as_bubbles_with_stage_labels(page, server):
    page.goto(server + "/scripts/jade-bracelet-crack-complaint/")
    staff = page.locator(".kb-turn--staff").first
    customer = page.locator(".kb-turn--customer").first
    staff.wait_for()
    assert staff.locator(".kb-turn__stage").inner_text() == "问候"
    assert staff.locator(".kb-turn__role").inner_text() == "店员"
    assert customer.locator(".kb-turn__role").inner_text() == "顾客"
    s, c = staff.locator(".kb-turn__text").bounding_box(), customer.locator(".kb-turn__text").bounding_box()
    # staff bubbles hug the left edge, customer bubbles the right edge
    assert s["x"] < c["x"]
    assert c["x"] + c["width"] > s["x"] + s["width"]
    # Material centres figures; a dialogue's text must still read from the left
    assert staff.locator(".kb-turn__text").evaluate("e => getComputedStyle(e).textAlign") in ("left", "start")
    colour = staff.locator(".kb-turn__text").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_bad_version_stays_recognisable_in_print(page, server):
    page.goto(server + "/en/scripts/jade-bracelet-crack-complaint/")
    page.emulate_media(media="print")
    bad = page.locator(".kb-dialogue--bad")
    assert bad.locator(".kb-dialogue__version").inner_text() == "✗ Don't do this"
    assert bad.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    notes = bad.locator(".kb-turn--staff .kb-turn__note")
    assert notes.count() == bad.locator(".kb-turn--staff").count() > 0
    assert all(n.is_visible() for n in notes.all())


def test_quick_finder_prints_on_two_a4_sheets(page, server):
    for path in ("/service-language/quick-finder/", "/en/service-language/quick-finder/"):
        page.goto(server + path)
        page.locator(".kb-finder table").first.wait_for()
        page.emulate_media(media="print")
        pages = _pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, f"{path} prints on {pages} A4 pages"


def test_complaint_card_prints_on_one_a4_sheet(page, server):
    for path in ("/principles/complaints/card/", "/zh-Hant/principles/complaints/card/", "/en/principles/complaints/card/"):
        page.goto(server + path)
        page.locator("article h2").first.wait_for()
        page.emulate_media(media="print")
        pages = _pdf_pages(page.pdf(format="A4"))
        assert pages == 1, f"{path} prints on {pages} A4 pages"
