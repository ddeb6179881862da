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
    external, missing = [], []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    pg.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield pg
    context.close()
    assert external == [], f"the page requested external URLs: {external}"
    assert missing == [], f"requests that failed (e.g. Material's sitemap.xml lookups): {missing}"


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


# Accessibility: axe-core (shipped inside axe-playwright-python; nothing is fetched) on each
# kind of page, in three languages, light and dark, on a phone and a desktop. Any serious or
# critical violation fails, unless it is the theme's and listed here with the reason.
A11Y_PAGES = ["", "cases/hilton-no-vacancy-referral/", "principles/active-listening/",
              "scripts/jade-bracelet-crack-complaint/", "browse/scenario/", "guide/"]
A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
THEME_VIOLATIONS: dict[str, str] = {}  # axe rule id -> why it is Material's and cannot be fixed here


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["", "zh-Hant/", "en/"])
def test_pages_pass_axe_wcag_aa(browser, server, lang, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), []
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        for path in A11Y_PAGES:
            page.goto(f"{server}/{lang}{path}")
            page.locator("article h1").first.wait_for()
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": A11Y_TAGS}})
            found += [f"{viewport['width']}px /{lang}{path}: {v['id']} ({v['impact']}) "
                      f"{[n['target'] for n in v['nodes'][:3]]}"
                      for v in result.response["violations"]
                      if v["impact"] in ("serious", "critical") and v["id"] not in THEME_VIOLATIONS]
        context.close()
    assert found == [], "\n".join(found)


def test_han_glyphs_render_from_a_cjk_font(browser, server, tmp_path):
    """Every Han character of a script page is drawn by an installed font, not as the missing-
    glyph box (the CJK font comes from Debian's fonts-noto-cjk, installed with chromium);
    phone and desktop screenshots of the page in three languages are kept for a look."""
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        for lang in ("", "zh-Hant/", "en/"):
            page.goto(f"{server}/{lang}scripts/jade-bracelet-crack-complaint/")
            page.locator(".kb-turn__text").first.wait_for()
            page.screenshot(path=str(tmp_path / f"script-{lang.strip('/') or 'zh'}-{viewport['width']}.png"))
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            for selector in ("article h1", ".kb-turn__text", ".kb-turn__stage"):
                node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                text = page.locator(selector).first.inner_text()
                han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
                if lang != "en/" or han:
                    assert han, (lang, selector, text)
                    cjk = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
                    assert cjk >= han, (lang, selector, fonts)  # drawn by the CJK font, none as a box
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_focus_is_always_visible(browser, server, width):
    """Tab through the start of a page: each focused control is on screen and outlined (the
    palette toggle on the teal header too), and none is a link of the closed phone drawer."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(server + "/scripts/jade-bracelet-crack-complaint/")
    page.locator("article h1").wait_for()
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
            let e = document.activeElement;
            if (e.matches('input.md-option')) e = e.form.querySelector('label:not([hidden])');  // the toggle's button
            const r = e.getBoundingClientRect(), s = getComputedStyle(e);
            let hidden = false;
            for (let n = e; n; n = n.parentElement) {
                const c = getComputedStyle(n);
                if (c.visibility === 'hidden' || c.display === 'none') hidden = true;
            }
            const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
            return {what: e.outerHTML.slice(0, 80), shown: onScreen && !hidden,
                    outlined: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0};
        }""")
        seen.append(state)
    context.close()
    assert all(s["shown"] for s in seen), [s["what"] for s in seen if not s["shown"]]
    assert all(s["outlined"] for s in seen), [s["what"] for s in seen if not s["outlined"]]


def rehearse(page, side: str) -> list[str]:
    """Practise the first good dialogue of the page as `side` with the keyboard only; return
    the texts in the order they were uncovered (the reader's own lines and the other side's)."""
    figure = page.locator("figure.kb-dialogue:not(.kb-dialogue--bad)").first
    turns = figure.locator(".kb-turn")
    texts = [t.locator(".kb-turn__text").inner_text() for t in turns.all()]
    start = page.locator(".kb-practice__start").first
    start.focus()
    page.keyboard.press("Enter")
    page.locator(".kb-practice__side").nth(0 if side == "staff" else 1).focus()
    page.keyboard.press("Enter")
    seen: list[str] = []

    def visible() -> list[str]:
        return [texts[i] for i, t in enumerate(turns.all()) if t.locator(".kb-turn__text").is_visible()]

    covered = figure.locator(f".kb-turn--{side}.kb-turn--covered")
    while not page.locator(".kb-practice__next").first.is_disabled():
        assert covered.count() == 1  # exactly the reader's next line waits, its stage still shown
        assert covered.locator(".kb-turn__stage").is_visible() and not covered.locator(".kb-turn__text").is_visible()
        assert page.evaluate("document.activeElement.classList.contains('kb-practice__next')")
        seen = visible()
        page.keyboard.press("Space")
        assert len(visible()) > len(seen)
    seen = visible()
    assert seen == texts  # in the end every turn is back, in order
    return texts


@pytest.mark.parametrize("lang", ["", "zh-Hant/", "en/"])
def test_practice_mode_hides_and_reveals_the_readers_turns_in_order(browser, server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/{lang}scripts/jade-bracelet-crack-complaint/")
    page.locator(".kb-practice__start").first.wait_for()
    assert page.locator(".kb-dialogue--bad").locator("xpath=preceding-sibling::*[1]").get_attribute("class") != "kb-practice"
    for side in ("staff", "customer"):
        rehearse(page, side)
        summary = page.locator(".kb-practice__summary").first
        stages = summary.locator("li").all_inner_texts()
        figure = page.locator("figure.kb-dialogue:not(.kb-dialogue--bad)").first
        shown = [s for s in figure.locator(".kb-turn__stage").all_inner_texts()]
        assert stages == [s for i, s in enumerate(shown) if i == 0 or shown[i - 1] != s]
        assert page.locator(".kb-practice__live").first.inner_text().strip()  # told to screen readers
        page.locator(".kb-practice__stop").first.click()
    context.close()


def test_without_javascript_the_whole_dialogue_shows(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/scripts/jade-bracelet-crack-complaint/")
    texts = page.locator(".kb-turn__text")
    assert texts.count() > 10 and all(t.is_visible() for t in texts.all())
    assert page.locator(".kb-practice").count() == 0
    context.close()


def test_self_check_answers_stay_folded_on_screen_and_print_unfolded(page, server):
    """A principle page's self-check: each answer shows only when its question is opened; on
    paper every answer prints under its question without anyone opening it."""
    import io

    from pypdf import PdfReader

    page.goto(f"{server}/en/principles/restate-and-confirm/")
    blocks = page.locator("details.kb-self-check")
    assert blocks.count() == 3
    answers = blocks.locator("p")
    assert not any(a.is_visible() for a in answers.all())
    blocks.first.locator("summary").press("Enter")  # opened from the keyboard
    assert answers.first.is_visible() and not answers.nth(1).is_visible()
    texts = answers.all_inner_texts()
    page.reload()
    page.emulate_media(media="print")
    assert all(a.is_visible() for a in answers.all())
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\W", "", "".join(p.extract_text() for p in pdf.pages))
    assert all(re.sub(r"\W", "", a)[:40] in text for a in texts), texts


@pytest.mark.parametrize("lang", ["", "en/"])
def test_counter_card_prints_the_good_dialogue_on_one_a4_sheet(page, server, lang):
    """The page's "print the counter card" control: title, the situation, every turn of the good
    dialogue with its speaker and stage, the three things to remember; no site around it and
    no wrong way. One A4 sheet (pypdf reads the text back)."""
    import io
    import unicodedata

    from pypdf import PdfReader

    page.add_init_script("window.print = () => {}")  # the control's print dialogue: taken by page.pdf()
    page.goto(f"{server}/{lang}scripts/jade-bracelet-crack-complaint/")
    good = page.locator("figure.kb-dialogue:not(.kb-dialogue--bad)").first
    turns = [(t.locator(".kb-turn__stage").inner_text(), t.locator(".kb-turn__text").inner_text())
             for t in good.locator(".kb-turn").all()]
    bad = page.locator("figure.kb-dialogue--bad .kb-turn__text").first.inner_text()
    remember = page.locator(".kb-remember li").all_inner_texts()
    assert len(remember) == 3
    page.locator(".kb-card-control__print").click()
    page.emulate_media(media="print")
    # what the sheet shows: every good turn, the three things; not the wrong way, not the site
    assert all(t.is_visible() for t in good.locator(".kb-turn__text, .kb-turn__stage").all())
    assert page.locator(".kb-remember").is_visible() and not page.locator("figure.kb-dialogue--bad").is_visible()
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))  # printing ends card mode (afterprint)
    assert len(reader.pages) == 1
    if lang == "en/":  # and the PDF's own text says so (Chinese comes back as CJK radicals: not compared)
        def letters(s: str) -> str:  # NFKC: the PDF sets "fi" as one ligature glyph
            return re.sub(r"\W", "", unicodedata.normalize("NFKC", s))
        text = letters(reader.pages[0].extract_text())
        for stage, line in turns:
            assert letters(stage) in text and letters(line)[:30] in text, (stage, line)
        assert all(letters(r)[:30] in text for r in remember)
        assert letters(bad)[:20] not in text
    page.emulate_media(media="print")
    assert page.locator("figure.kb-dialogue--bad").is_visible()  # an ordinary print afterwards: the whole page
