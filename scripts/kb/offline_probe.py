"""Figures for the offline export: the search index per language, and from file:// in
headless Chromium with all network blocked, the time from opening a page to the first
search result and the JavaScript heap once search has initialised.

`kb export` prints them; tests/test_offline.py uses the same probe to assert that search
works and that nothing but file:// is requested. The browser part needs Playwright and
Debian's chromium (both installed by `make test`); without them it says so and measures
nothing."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# From the machine notes: without the background-networking flags Chromium keeps trying to
# reach Google's hosts on a machine with no internet.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# language -> (folder of its pages in the site, a query a store employee would type)
LANGUAGES = {"zh": ("", "投诉"), "zh-Hant": ("zh-Hant/", "投訴"), "en": ("en/", "complaint")}


def lang_of(location: str) -> str:
    for lang, (prefix, _) in LANGUAGES.items():
        if prefix and location.startswith(prefix):
            return lang
    return "zh"


def index_figures(site: Path) -> list[str]:
    path = site / "search" / "search_index.json"
    if not path.exists():
        return ["search index: none"]
    docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    size = {lang: 0 for lang in LANGUAGES}
    count = {lang: 0 for lang in LANGUAGES}
    for d in docs:
        lang = lang_of(d.get("location", ""))
        size[lang] += len(json.dumps(d, separators=(",", ":")))
        count[lang] += 1
    per_lang = ", ".join(f"{lang} {size[lang] / 1e6:.2f} MB ({count[lang]} entries)" for lang in LANGUAGES)
    js = site / "search" / "search_index.js"
    total = js.stat().st_size if js.exists() else path.stat().st_size
    return [f"search index: {total / 1e6:.2f} MB file read by every page, which indexes only its own "
            f"language's part: {per_lang}"]


@dataclass
class SearchProbe:
    lang: str
    query: str
    first_result_s: float | None = None
    heap_mb: float | None = None
    results: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # every request that was not file://


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)


def block_network(context, blocked: list[str]) -> None:
    """Abort and record every request that does not go to file://."""
    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    context.route("**/*", route)


def search(page, query: str, timeout_ms: int = 60000) -> list[str]:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # fill() sends no key events, and Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=timeout_ms)
    return page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()


def probe_search(browser, site: Path, lang: str) -> SearchProbe:
    prefix, query = LANGUAGES[lang]
    probe = SearchProbe(lang, query)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_network(context, probe.blocked)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto((site / prefix / "index.html").resolve().as_uri())
    probe.results = search(page, query)
    probe.first_result_s = page.evaluate("performance.now()") / 1000
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    probe.heap_mb = metrics.get("JSHeapUsedSize", 0) / 1e6
    context.close()
    return probe


def browser_figures(site: Path) -> list[str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return ["first search result: not measured (Playwright is not installed; `make test` installs it)"]
    if not Path(CHROMIUM).exists():
        return ["first search result: not measured (Debian's chromium is not installed; `make test` installs it)"]
    out = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for lang in LANGUAGES:
                r = probe_search(browser, site, lang)
                out.append(f"{lang}: first result for {r.query!r} {r.first_result_s:.2f} s after opening the page "
                           f"(file://, network blocked), heap {r.heap_mb:.0f} MB, {len(r.results)} results, "
                           f"{len(r.blocked)} non-file requests")
        except Exception as exc:  # a figure that cannot be taken is reported, not fatal
            out.append(f"browser figures: not measured ({type(exc).__name__}: {str(exc).splitlines()[0]})")
        finally:
            browser.close()
    return out
