"""Figures for the offline export: the search index per language, and from file:// in
headless Chromium with all network blocked, the time from opening a page to the first
search result and the JavaScript heap once search has initialised.

`kb export` prints them; tests/test_offline.py uses the same probe to assert that search
works and that nothing but file:// is requested. The browser part needs Playwright and
Debian's chromium (both installed by `make test`); without them it says so and measures
nothing."""
from __future__ import annotations

from pathlib import Path

from . import LANGS
from .search_index import SECTIONS_FILE, lang_prefix
from .search_probe import browser_missing, first_result_lines, launch


def index_figures(site: Path) -> list[str]:
    """Each language's own index (search_index.js from file://, and its section entries),
    read only by its pages."""
    out = []
    for lang in LANGS:
        folder = site / lang_prefix(lang) / "search"
        path = folder / "search_index.js" if (folder / "search_index.js").exists() else folder / "search_index.json"
        if path.exists():
            sections = folder / SECTIONS_FILE
            extra = sections.stat().st_size if sections.exists() else 0
            out.append(f"{lang} {(path.stat().st_size + extra) / 1e6:.2f} MB")
    return ["search index per language, each read only by its own pages: " + (", ".join(out) or "none")]


def browser_figures(site: Path) -> list[str]:
    missing = browser_missing()
    if missing:
        return [f"first search result: not measured ({missing})"]
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            out += first_result_lines(browser, site.resolve().as_uri() + "/", offline=True)
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be taken is reported, not fatal
            out.append(f"browser figures: not measured ({type(exc).__name__}: {str(exc).splitlines()[0]})")
        finally:
            browser.close()
    return out
