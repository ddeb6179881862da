"""`kb export`: the offline export for stores without reliable network.

Builds the site with Material's offline plugin (mkdocs.yml enables it when KB_OFFLINE=true;
kb.mkdocs_plugin adds the vendored iframe-worker shim, so search works from file://) and
packs all three languages into one zip named `<site name>-<commit date>-<revision>.zip`,
with 使用说明.txt and README.txt (how to open it, which version, where to report a
mistake) and MANIFEST.sha256 (every file's SHA-256) at its top.

Safe to rebuild: the zip is written next to its destination and renamed into place only
when complete, so an interrupted or failed export never leaves a half-written archive or
replaces a good one. Reproducible: the build and the zip entries use the commit's
timestamp (SOURCE_DATE_EPOCH), entries are sorted, and permissions are fixed, so the same
sources give the same archive.

Figures printed afterwards (zip size, search index per language, first search result and
heap from file://) come from kb.offline_probe."""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .build import build_site
from .revision import version

README_TEXT = """{site} - offline copy
================================

Version: {rev}, {date} (git revision of the knowledge base)

How to open it
1. Unzip the whole archive into any folder (a USB stick, the desktop; spaces and Chinese
   characters in the path are fine). Do not open the files inside the zip directly.
2. Double-click index.html. It opens in the browser (Chrome, Edge or Firefox).
3. Everything works without network: the menu, the language switch (top right),
   search and the dialogues. Print any page from the browser.

This copy does not update itself. Ask for a new one when the version above is old.
Found a mistake? Tell your trainer or store manager, with the page title and this version.
Files: MANIFEST.sha256 lists every file with its SHA-256 checksum.
"""

USAGE_TEXT = """{site}（离线版）使用说明
================================

版本：{rev}，{date}（知识库的 git 版本号）

怎样打开
1. 先把整个压缩包解压到任意文件夹（U 盘、桌面都可以；路径里有空格或中文也没关系）。
   不要在压缩包里直接打开文件。
2. 双击 index.html，用浏览器（Chrome、Edge 或 Firefox）打开。
3. 不用联网：目录、右上角的语言切换（简体、繁體、English）、搜索和对话都能用。
   任何一页都可以直接用浏览器打印。

这份离线版不会自动更新。上面的日期太旧时，请向培训师或店长要新版。
发现错误：告诉培训师或店长，说明页面标题和上面的版本号。
文件清单：MANIFEST.sha256 列出了每个文件和它的 SHA-256 校验值。
"""

# zip's timestamps cannot be earlier than 1980
ZIP_EPOCH_MIN = 315532800


def site_name(root: Path) -> str:
    m = re.search(r"^site_name:\s*(.+?)\s*$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return m.group(1).strip("'\"") if m else "site"


def archive_name(root: Path) -> str:
    rev, stamp = version(root)
    date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    return f"{site_name(root)}-{date}-{rev}.zip"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pack(site_dir: Path, dest: Path, rev: str, stamp: int, name: str) -> None:
    """Write the site plus the top-level texts and manifest into `dest`, atomically."""
    date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    texts = {"README.txt": README_TEXT.format(site=name, rev=rev, date=date),
             "使用说明.txt": USAGE_TEXT.format(site=name, rev=rev, date=date)}
    for fname, text in texts.items():
        (site_dir / fname).write_text(text.replace("\n", "\r\n"), encoding="utf-8")  # Notepad-friendly
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    manifest = "".join(f"{_sha256(p)}  {p.relative_to(site_dir).as_posix()}\n" for p in files)
    (site_dir / "MANIFEST.sha256").write_text(manifest, encoding="utf-8")
    files = sorted((p for p in site_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site_dir).as_posix())
    date_time = time.gmtime(max(stamp, ZIP_EPOCH_MIN))[:6]
    with atomic_file(dest) as partial, \
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for p in files:
            info = zipfile.ZipInfo(p.relative_to(site_dir).as_posix(), date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.flag_bits |= 0x800  # names are UTF-8 (Chinese file names)
            z.writestr(info, p.read_bytes())


@contextmanager
def offline_site(root: Path, stamp: int):
    """Build the offline site into a temporary folder; yields its path, or None when the
    build failed (it has printed why)."""
    with tempfile.TemporaryDirectory(prefix="kb-export-") as tmp:
        site = Path(tmp) / "site"
        code = build_site(root, site, env={"KB_OFFLINE": "true", "SOURCE_DATE_EPOCH": str(stamp)})
        yield None if code else site


@contextmanager
def atomic_file(dest: Path):
    """Yields a temporary path beside `dest`; renamed onto `dest` only if the block
    completes, removed otherwise, so `dest` is never half-written or lost."""
    fd, partial = tempfile.mkstemp(prefix=".kb-export-", suffix=".partial", dir=dest.parent)
    os.close(fd)
    try:
        yield Path(partial)
        os.replace(partial, dest)
    finally:
        Path(partial).unlink(missing_ok=True)


def export(root: Path, out_dir: Path, measure: bool = True) -> int:
    out_dir = out_dir if out_dir.is_absolute() else root / out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".kb-export-*.partial"):  # left by an interrupted export
        stale.unlink(missing_ok=True)
    rev, stamp = version(root)
    name = site_name(root)
    dest = out_dir / archive_name(root)
    with offline_site(root, stamp) as site:
        if site is None:
            print("kb export: the build failed; no archive written", file=sys.stderr)
            return 1
        pack(site, dest, rev, stamp, name)
        print(f"kb export: {dest} ({dest.stat().st_size / 1e6:.1f} MB)")
        from . import offline_probe

        for line in offline_probe.index_figures(site):
            print(f"  {line}")
        if measure:
            for line in offline_probe.browser_figures(site):
                print(f"  {line}")
    return 0


def unpack(archive: Path, dest: Path) -> Path:
    """Unzip an export (tests and the probe use it); returns the folder holding index.html."""
    with zipfile.ZipFile(archive) as z:
        z.extractall(dest)
    return dest


def pdf(root: Path, out_dir: Path) -> int:
    """`kb pdf`: the printable handbook of each language as a PDF, printed from the built
    handbook.html by Debian's chromium (page numbers in the footer), with bookmarks for every
    part and page, written atomically."""
    from . import handbook, vocab as vocab_mod
    from .handbook import HANDBOOK, LANG_DIRS
    from .search_probe import CHROMIUM, launch
    from .pages import load_corpus

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("kb pdf: needs Playwright (`make pdf` installs it)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print("kb pdf: needs Debian's chromium (`make pdf` installs it)", file=sys.stderr)
        return 2
    out_dir = out_dir if out_dir.is_absolute() else root / out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    rev, stamp = version(root)
    date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#444">'
              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    with offline_site(root, stamp) as site:
        if site is None:
            print("kb pdf: the build failed; no PDF written", file=sys.stderr)
            return 1
        corpus, vocab = load_corpus(root / "docs", root), vocab_mod.load(root)
        with sync_playwright() as p:
            browser = launch(p)
            try:
                for lang, folder in LANG_DIRS.items():
                    dest = out_dir / f"{site_name(root)}-{lang}-{date}-{rev}.pdf"
                    page = browser.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                    page.goto((site / folder / HANDBOOK).as_uri(), wait_until="load")
                    data = page.pdf(format="A4", print_background=False, display_header_footer=True,
                                    header_template="<div></div>", footer_template=footer,
                                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                                    tagged=True)  # tagged: readable by screen readers
                    page.close()
                    with atomic_file(dest) as partial, partial.open("wb") as f:
                        pages = _with_bookmarks(data, handbook.outline(corpus, vocab, lang), f)
                    print(f"kb pdf: {dest} ({dest.stat().st_size / 1e6:.1f} MB, {pages} pages)")
            finally:
                browser.close()
    return 0


def _with_bookmarks(data: bytes, contents, out) -> int:
    """Write the PDF with a bookmark per part and page. Chromium's own outline doubles the
    title of every heading that starts a printed page, so the bookmarks are made here, from
    the named destinations Chromium writes for the table of contents' links. Returns the
    number of pages."""
    import io

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    page_of = {name.lstrip("/"): reader.get_destination_page_number(dest)
               for name, dest in reader.named_destinations.items()}
    writer = PdfWriter(clone_from=reader)
    for label, part_anchor, pages in contents:
        if part_anchor not in page_of:
            continue
        parent = writer.add_outline_item(label, page_of[part_anchor])
        for title, a, _ in pages:
            if a in page_of:
                writer.add_outline_item(title, page_of[a], parent=parent)
    writer.page_mode = "/UseOutlines"
    writer.write(out)
    return len(reader.pages)
