"""The offline export (`kb export`): one reproducible, atomically written zip with a
manifest, that works from file:// in a folder whose path has spaces and Chinese
characters, with all network blocked: navigation, the language switcher, search in the
reader's language, and the dialogue bubbles."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_kb
from kb import export as export_mod
from kb import offline_probe
from kb import search_probe

SHIM = ROOT / "overrides" / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"  # iframe-worker 1.0.4


def test_vendored_shim_is_the_pinned_release():
    assert hashlib.sha256(SHIM.read_bytes()).hexdigest() == SHIM_SHA256
    assert (SHIM.parent / "LICENSE").read_text(encoding="utf-8").startswith("MIT License") or \
        "Permission is hereby granted" in (SHIM.parent / "LICENSE").read_text(encoding="utf-8")


def test_archive_is_named_and_holds_three_languages_with_instructions(exported):
    assert re.fullmatch(r"服务知识库-\d{4}-\d\d-\d\d-([0-9a-f]{7,}(-modified)?|unversioned)\.zip", exported.name)
    names = set(zipfile.ZipFile(exported).namelist())
    for required in ("index.html", "zh-Hant/index.html", "en/index.html", "README.txt", "使用说明.txt",
                     "MANIFEST.sha256", "search/search_index.js", "assets/javascripts/vendor/iframe-worker/shim.js"):
        assert required in names, required
    rev = exported.stem.split("-", 4)[-1]
    usage = zipfile.ZipFile(exported).read("使用说明.txt").decode("utf-8")
    assert rev in usage and "index.html" in usage


def test_no_page_refers_to_the_network(unpacked):
    for page in unpacked.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, page


def test_manifest_lists_every_file_with_its_checksum(unpacked):
    listed = {}
    for line in (unpacked / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()} - {"MANIFEST.sha256"}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == digest, name


def test_same_sources_give_the_same_archive_and_an_interrupted_export_keeps_it(exported, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    good = out / exported.name
    shutil.copy2(exported, good)
    before = good.read_bytes()
    # interrupted: kill the export midway (while it builds or packs)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "export", "--no-measure", "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(8)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert good.read_bytes() == before, "an interrupted export replaced the good archive"
    assert [p.name for p in out.glob("*.zip")] == [good.name]
    # rebuilt from the same sources: byte for byte the same archive
    again = run_kb("export", "--no-measure", "--out", str(out))
    assert again.returncode == 0, again.stdout + again.stderr
    assert good.read_bytes() == before
    assert list(out.glob(".kb-export-*")) == []


@pytest.mark.browser
def test_export_works_from_file_with_the_network_blocked(unpacked):
    from playwright.sync_api import sync_playwright

    if not Path(search_probe.CHROMIUM).exists():
        pytest.skip("chromium is not installed (run `make test`, which installs it)")
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = search_probe.launch(p)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        search_probe.block_network(context, blocked)
        page = context.new_page()
        page.goto((unpacked / "index.html").as_uri())
        assert "服务知识库" in page.title()
        # follow a link
        page.locator("article a[href$='cases/index.html']").first.click()
        page.wait_for_url("**/cases/index.html")
        assert page.locator("article h1").inner_text() == "案例"
        # language switcher: zh -> zh-Hant -> en, staying on the same page
        for name, url, h1 in (("繁體中文", "**/zh-Hant/cases/index.html", "案例"), ("English", "**/en/cases/index.html", "Cases")):
            page.locator(".md-header__option .md-select").first.hover()
            page.get_by_role("link", name=name).click()
            page.wait_for_url(url)
            assert page.locator("article h1").inner_text() == h1
        # search in Chinese from the zh site, results only in zh, click one
        page.goto((unpacked / "index.html").as_uri())
        search_probe.open_box(page)
        titles = search_probe.search(page, "手镯", unpacked.as_uri() + "/", "zh").titles
        assert titles
        hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and not any("/en/" in h or "/zh-Hant/" in h for h in hrefs), hrefs[:5]
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.locator("article h1").is_visible()
        # a script page: dialogue bubbles with speaker and stage
        page.goto((unpacked / "scripts" / "jade-bracelet-crack-complaint.html").as_uri())
        assert page.locator(".kb-turn--staff .kb-turn__stage").first.inner_text() == "问候"
        assert page.locator(".kb-dialogue--bad").count() == 1
        context.close()
        browser.close()
    assert blocked == [], f"the export requested the network: {blocked[:5]}"


@pytest.mark.browser
def test_pdf_handbook_per_language_has_every_page(tmp_path):
    from pypdf import PdfReader

    from kb import handbook, vocab as vocab_mod
    from kb.pages import load_corpus

    if not Path(search_probe.CHROMIUM).exists():
        pytest.skip("chromium is not installed (run `make test`, which installs it)")
    proc = run_kb("pdf", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    corpus = load_corpus(ROOT / "docs", ROOT)
    order = handbook.reading_order(corpus, vocab_mod.load(ROOT))
    sections = len(vocab_mod.load(ROOT).vocabularies["section"]) + len(order)
    for lang in handbook.LANG_DIRS:
        [pdf] = tmp_path.glob(f"服务知识库-{lang}-[0-9]*.pdf")
        reader = PdfReader(pdf)
        assert len(reader.pages) > sections

        def titles(items):
            for item in items:
                if isinstance(item, list):
                    yield from titles(item)
                else:
                    yield item.title

        bookmarks = set(titles(reader.outline))
        missing = [corpus.localized(p, lang).title for _, pages in order for p in pages
                   if corpus.localized(p, lang).title not in bookmarks]
        assert missing == [], f"{lang}: {missing[:5]}"


@pytest.mark.browser
def test_practice_mode_works_from_file(unpacked):
    from playwright.sync_api import sync_playwright

    from test_browser import rehearse

    if not Path(search_probe.CHROMIUM).exists():
        pytest.skip("chromium is not installed (run `make test`, which installs it)")
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = search_probe.launch(p)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        search_probe.block_network(context, blocked)
        page = context.new_page()
        page.goto((unpacked / "en" / "scripts" / "jade-bracelet-crack-complaint.html").as_uri())
        page.locator(".kb-practice__start").first.wait_for()
        rehearse(page, "staff")
        assert page.locator(".kb-practice__summary li").count() > 2
        context.close()
        browser.close()
    assert blocked == []
