"""`kb bench`: speed and size figures, printed and written, never asserted.

For each size N (the real library alone, then N derived pages per language added to it,
kb.bench_corpus) in a temporary folder: `kb check` cold and warm on one core, the full
`kb build` (time, peak memory), the site's size and its HTML pages' mean and largest size,
the search index per language, and in headless Chromium online and from file:// the first
search result, the whole index answering and the heap; for the real library also the
relevance figures of tests/search_queries.yml and the `mkdocs serve` loop (a saved page to
the reload). Before the sizes: the checker on this repository and on large hostile inputs.
After them (kb.bench_links): the checker, MkDocs' validation and build + lychee side by side
on the smallest derived library with injected broken links (--links N for another size, 0 to
skip). The table is printed and written as Markdown and JSON (--out, default dist/bench/);
--record also writes docs/_data/benchmark-figures.yml for the guide's benchmark page
(kb.benchmark_page)."""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import bench_corpus, bench_links, benchmark_page
from .layout import split_lang
from .check import make_context, run

DIALOGUE = """```dialogue
flow: complaint
staff (greeting): 您好，欢迎光临，我是店员小李。
customer (listening): 我上周买的手镯出现了裂纹。
staff (listening): 您是说手镯上出现了裂纹，对吗？
staff (empathy): 换成我也会很着急。
staff (apology): 让您专门跑一趟，真抱歉。
staff (solution): 我们先检测，是玉料问题就给您换一只。
staff (confirmation): 我确认一下：现在检测，结果写在单子上。
staff (closing): 谢谢您，请稍坐。
```
"""


def _page(kind: str, i: int, n: int) -> str:
    fm = {"case": "industry: jewellery\nchannel: store\nscenario: complaint\nprinciples: [p-0]\ntags: [apology]\n",
          "script": "industry: jewellery\nchannel: store\nscenario: complaint\nprinciples: [p-0]\ntags: [apology]\n",
          "principle": "section: complaints\ntags: [listening]\n"}[kind]
    sections = {"case": ["背景 {#background}", "经过 {#story}", "结果 {#outcome}", "点评 {#commentary}",
                         "可以借鉴的做法 {#takeaways}", "讨论题 {#discussion}"],
                "principle": ["什么时候用 {#purpose}", "要点 {#items}", "在柜台、电话和在线上怎么用 {#apply}",
                              "要做与不要做 {#do-dont}", "常见错误 {#mistakes}"],
                "script": ["场景 {#situation}", "示范对话 {#dialogue}", "要点说明 {#notes}"]}[kind]
    prefix = {"case": "c", "principle": "p", "script": "s"}[kind]
    body = []
    for s in sections:
        body.append(f"## {s}\n")
        body.append("顾客走到柜台前，店员起身问候，请顾客坐下，仔细听完顾客的问题，然后复述要点。" * 6 + "\n")
        body.append(f"参见[相关方法](../principles/p-{(i + 1) % n}.md#purpose)和[另一个案例](../cases/c-{(i + 7) % n}.md)。\n")
        if kind == "script" and "dialogue" in s:
            body.append(DIALOGUE)
    return (f"---\nid: {prefix}-{i}\ntitle: 页面 {i}\ntype: {kind}\nsummary: 合成的测试页面。\n{fm}"
            f"source:\n  - 001_b4d70a9518c10f5b.txt#L205-L216\n---\n\n" + "\n".join(body))


def make_corpus(root: Path, dest: Path, pages: int) -> int:
    """A minimal site for the large-input figures: `pages` small page files (zh and en twins,
    a third of each type) under dest/docs, with the repository's data files."""
    shutil.copytree(root / "docs" / "_data", dest / "docs" / "_data", ignore=shutil.ignore_patterns("coverage.yml"))
    (dest / "mkdocs.yml").write_text("site_name: bench\nnav:\n  - index.md\n", encoding="utf-8")
    docs = dest / "docs"
    listings = "<!-- kb:pages case -->\n\n<!-- kb:pages principle -->\n\n<!-- kb:pages script -->\n"
    (docs / "index.md").write_text("---\ntitle: bench\n---\n\n" + listings, encoding="utf-8")
    (docs / "index.en.md").write_text("---\ntitle: bench\n---\n\n" + listings, encoding="utf-8")
    per_type = max(1, pages // 6)
    for kind, folder in (("case", "cases"), ("principle", "principles"), ("script", "scripts")):
        (docs / folder).mkdir(parents=True, exist_ok=True)
        prefix = {"case": "c", "principle": "p", "script": "s"}[kind]
        for i in range(per_type):
            text = _page(kind, i, per_type)
            (docs / folder / f"{prefix}-{i}.md").write_text(text, encoding="utf-8")
            (docs / folder / f"{prefix}-{i}.en.md").write_text(text, encoding="utf-8")
    return per_type * 6 + 2


def _time_check(root: Path) -> tuple[float, float, int, int]:
    t0 = time.perf_counter()
    ctx = make_context(root, seeds=str(root / "no-seeds"))
    t1 = time.perf_counter()
    findings = run(ctx)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(ctx.corpus.pages), len(findings)


# One line of what a careless or hostile contributor could paste: every character that
# starts a Markdown or HTML construct, rarely closed.
_HOSTILE = "[x](a 中文<b 这是规定 {: x `` ![i]( <!-- &#106; ](javascript: 〔空位 [[ (( <a href=x "


def _large_pages() -> dict[str, str]:
    head = ("---\nid: {id}\ntitle: 大页面\ntype: case\nsummary: 合成的大页面。\nindustry: jewellery\nchannel: store\n"
            "scenario: complaint\nprinciples: [p-0]\nsource:\n  - 001_b4d70a9518c10f5b.txt#L205-L216\ntags: [apology]\n---\n\n")
    para = ("顾客拿着手镯回到柜台，说上面有一道纹。店员请她坐下，先听完，再复述：“您是说这道纹是昨天才看到的，对吗？”"
            "参见[相关方法](../principles/p-0.md#purpose)。<abbr title=\"圈口\">圈口</abbr>是内径。`代码`\n\n")
    sections = "".join(f"## {t} {{#{i}}}\n\n" for t, i in (("背景", "background"), ("经过", "story"), ("结果", "outcome"),
                                                         ("点评", "commentary"), ("可以借鉴的做法", "takeaways"),
                                                         ("讨论题", "discussion")))
    big = para * (5 * 2**20 // len(para.encode("utf-8")))
    line = (_HOSTILE * (2**20 // len(_HOSTILE.encode("utf-8")))).replace("\n", " ")
    return {"big-page": head.format(id="big-page") + sections + big,
            "long-line": head.format(id="long-line") + sections + line + "\n"}


def _time_large_inputs(root: Path) -> None:
    """kb check on a 5 MB page and on a page with one 1 MB line of hostile syntax, and the
    zh-Hant conversion of the 5 MB page: figures per MB (the goal: well under 1 s per MB)."""
    from . import hant

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        make_corpus(root, dest, 6)
        for name, text in _large_pages().items():
            for suffix in ("", ".en"):
                (dest / "docs" / "cases" / f"{name}{suffix}.md").write_text(text, encoding="utf-8")
        sizes = {name: len(text.encode("utf-8")) / 2**20 for name, text in _large_pages().items()}
        t0 = time.perf_counter()
        hant.load_overrides(root)
        hant.convert(_large_pages()["big-page"])
        convert = time.perf_counter() - t0
        t0 = time.perf_counter()
        ctx = make_context(dest, seeds=str(dest / "no-seeds"))
        found = run(ctx)
        took = time.perf_counter() - t0
        total = 2 * sum(sizes.values())  # zh and en copies
        print(f"  large input: a {sizes['big-page']:.1f} MB page and a page with one {sizes['long-line']:.1f} MB line "
              f"of hostile syntax (zh + en, {total:.1f} MB): kb check {took:.1f} s = {took / total:.2f} s/MB, "
              f"{len(found)} finding(s); zh-Hant conversion of the {sizes['big-page']:.1f} MB page "
              f"{convert:.1f} s = {convert / sizes['big-page']:.2f} s/MB")


DEFAULT_SIZES = (0, 100, 1000, 3000)
QUICK_SIZES = (0, 100)
LANGS = ("zh", "zh-Hant", "en")
# Runs `kb build` in this process and reports the peak memory of it and of its children
# (the mkdocs build), which RUSAGE_CHILDREN gives once they have been waited for.
_BUILD_AND_MEASURE = """
import resource, sys
from kb.cli import main
try:
    code = main(["build", "--site-dir", sys.argv[1]])
finally:
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print("KB-PEAK-KB", peak)
sys.exit(code)
"""


@dataclass
class SizeFigures:
    """One row of the table: the figures for one corpus size."""
    pages_per_lang: int          # typed and other pages of one language (zh), real + derived
    derived_per_lang: int
    check_cold_s: float = 0.0    # kb check, first run (writes every zh-Hant page), one core
    check_warm_s: float = 0.0
    build_s: float = 0.0         # kb build, wall time
    build_peak_mib: float = 0.0
    site_mib: float = 0.0
    html_pages: int = 0
    html_mean_kb: float = 0.0
    html_largest_kb: float = 0.0
    html_largest: str = ""
    handbook_kb: float = 0.0     # the printable handbook (one page by design), largest language
    index_mb: dict = field(default_factory=dict)            # per language
    index_kb_per_page: dict = field(default_factory=dict)
    first_result_s: dict = field(default_factory=dict)      # "online zh", "file:// en", ...
    whole_index_s: dict = field(default_factory=dict)       # the same, until the whole index answers
    heap_mb: dict = field(default_factory=dict)
    relevance: str = ""          # the real library only: tests/search_queries.yml in the browser
    serve_reload_s: float = 0.0  # the real library only: a saved page to the reload under `mkdocs serve`
    build_ok: bool = True


def run_bench(root: Path, args) -> int:
    sizes = QUICK_SIZES if args.quick else tuple(int(x) for x in args.sizes.split(",")) if args.sizes else DEFAULT_SIZES
    out_dir = Path(args.out) if args.out else root / "dist" / "bench"
    one_core = sorted(os.sched_getaffinity(0))[:1] if hasattr(os, "sched_getaffinity") else None
    all_cores = os.sched_getaffinity(0) if one_core else None
    print("kb bench")
    _pin(one_core)
    load, check, n, f = _time_check(root)
    print(f"  kb check on this repository (one core): {n} zh+en page files; load {load:.2f} s + rules {check:.2f} s "
          f"= {load + check:.2f} s, {f} finding(s)")
    _time_large_inputs(root)
    _pin(all_cores)
    browser = None if args.no_browser else _Browser.start()
    if browser and browser.missing:
        print(f"  search in the browser: not measured ({browser.missing})")
    rows = []
    links_size = args.links if args.links is not None else min((n for n in sizes if n > 0), default=0)
    comparison = None
    try:
        for n in sizes:
            row = _measure_size(root, n, browser if browser and not browser.missing else None, one_core, all_cores)
            rows.append(row)
            print("  " + _row_line(row), flush=True)
            if row.relevance:
                print(f"  search relevance (tests/search_queries.yml), real library: {row.relevance}")
    finally:
        if browser:
            browser.stop()
    if links_size > 0:
        comparison = _compare_links(root, links_size)
        print("\n".join("  " + line for line in bench_links.lines(comparison)))
    table = markdown_table(rows)
    print("\n" + table)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.md").write_text(table + "\n" + (("\n" + bench_links.markdown_table(comparison) + "\n")
                                                       if comparison else ""), encoding="utf-8")
    figures = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "command": "kb bench --sizes " + ",".join(map(str, sizes)),
               "rows": [asdict(r) for r in rows], "links": asdict(comparison) if comparison else None}
    (out_dir / "bench.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.record:  # what guide/benchmark.md shows
        print(f"kb bench: figures recorded in {benchmark_page.record(root, figures).relative_to(root)}")
    print(f"kb bench: written to {out_dir}/bench.md and bench.json")
    return 0 if all(r.build_ok for r in rows) else 1


def _pin(cores) -> None:
    if cores:
        os.sched_setaffinity(0, cores)


def _measure_size(root: Path, n: int, browser, one_core, all_cores) -> SizeFigures:
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "kb"
        bench_corpus.derive(root, dest, n)
        row = SizeFigures(pages_per_lang=sum(1 for p in (dest / "docs").rglob("*.md") if split_lang(p.name)[1] == "zh"),
                          derived_per_lang=n)
        _pin(one_core)
        for attr in ("check_cold_s", "check_warm_s"):
            load, check, _, _ = _time_check(dest)
            setattr(row, attr, load + check)
        _pin(all_cores)
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _BUILD_AND_MEASURE, str(site)], cwd=dest, capture_output=True,
                              text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        row.build_s = time.perf_counter() - t0
        output = proc.stdout + proc.stderr
        peak = [int(line.split()[1]) for line in output.splitlines() if line.startswith("KB-PEAK-KB")]
        row.build_peak_mib = peak[-1] / 1024 if peak else 0.0
        if proc.returncode:
            row.build_ok = False
            print(f"  N={n}: the build failed (exit {proc.returncode}):\n" + output[-2000:])
            return row
        _site_figures(site, row)
        if n == 0:
            row.serve_reload_s = _time_serve_reload(dest)
        if browser:
            offline = Path(tmp) / "offline"
            build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(offline)], cwd=dest,
                                   capture_output=True, text=True,
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_OFFLINE="true"))
            if build.returncode == 0:
                browser.first_results(site, offline, row, relevance=root / "tests" / "search_queries.yml" if n == 0 else None)
        return row


def _time_serve_reload(dest: Path, rounds: int = 2) -> float:
    """`mkdocs serve --dirty` (as make serve) on the library at `dest`: seconds from saving a
    page's text (not its front matter) to MkDocs telling the
    browser to reload (its "Reloading browsers" line, which follows the rebuild); the last of
    `rounds` saves, so the first build and imports are not counted. 0.0 if it cannot be taken."""
    import socket
    import threading

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=dest, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: [lines.append((time.perf_counter(), line)) for line in proc.stdout],
                              daemon=True)
    reader.start()

    def wait_for(text: str, after: int, timeout: float) -> int | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and proc.poll() is None:
            for i in range(after, len(lines)):
                if text in lines[i][1]:
                    return i
            time.sleep(0.05)
        return None

    page = dest / "docs" / "principles" / "active-listening.md"
    seconds = 0.0
    try:
        seen = wait_for("Serving on", 0, 600)
        for k in range(rounds):
            if seen is None:
                return 0.0
            saved = time.perf_counter()
            with page.open("a", encoding="utf-8") as f:
                f.write(f"\n<!-- bench {k} -->\n")
            seen = wait_for("Reloading browsers", seen + 1, 600)
            if seen is not None:
                seconds = lines[seen][0] - saved
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return seconds


def _compare_links(root: Path, n: int) -> "bench_links.LinkComparison":
    """kb check, MkDocs' validation and lychee on N derived pages with injected broken links."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "kb"
        bench_corpus.derive(root, dest, n)
        return bench_links.compare(dest, Path(tmp))


def _site_figures(site: Path, row: SizeFigures) -> None:
    from .search_index import SECTIONS_FILE, lang_prefix

    files = [p for p in site.rglob("*") if p.is_file()]
    row.site_mib = sum(p.stat().st_size for p in files) / 2**20
    pages = [p for p in files if p.suffix == ".html" and p.name != "handbook.html" and p.name != "404.html"]
    sizes = {p: p.stat().st_size for p in pages}
    row.html_pages = len(pages)
    row.html_mean_kb = sum(sizes.values()) / len(pages) / 1000 if pages else 0.0
    largest = max(sizes, key=sizes.get) if sizes else None
    row.html_largest_kb = sizes[largest] / 1000 if largest else 0.0
    row.html_largest = largest.relative_to(site).as_posix() if largest else ""
    row.handbook_kb = max((p.stat().st_size for p in files if p.name == "handbook.html"), default=0) / 1000
    for lang in LANGS:
        index = site / lang_prefix(lang) / "search" / "search_index.json"
        if index.exists():  # the page entries and, beside them, the section entries
            size = sum(f.stat().st_size for f in (index, index.with_name(SECTIONS_FILE)) if f.exists())
            row.index_mb[lang] = size / 1e6
            count = sum(1 for p in pages if _lang_of_html(p, site) == lang)
            row.index_kb_per_page[lang] = size / 1000 / max(count, 1)


def _lang_of_html(path: Path, site: Path) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in ("zh-Hant", "en") else "zh"


class _Browser:
    """Headless Chromium for the first-result figures (kb.search_probe)."""

    def __init__(self):
        from . import search_probe

        self.probe = search_probe
        self.missing = search_probe.browser_missing()
        self.playwright = self.browser = None

    @classmethod
    def start(cls) -> "_Browser":
        b = cls()
        if not b.missing:
            from playwright.sync_api import sync_playwright

            b.playwright = sync_playwright().start()
            b.browser = b.probe.launch(b.playwright)
        return b

    def stop(self) -> None:
        if self.browser:
            self.browser.close()
        if self.playwright:
            self.playwright.stop()

    def first_results(self, online: Path, offline: Path, row: SizeFigures, relevance: Path | None = None) -> None:
        sp = self.probe
        with sp.serve(online) as url:
            if relevance and relevance.exists():
                row.relevance = sp.judge(self.browser, url, sp.load_queries(relevance)[1], False).summary()
            for mode, site_url, is_offline in (("online", url, False), ("file://", offline.resolve().as_uri() + "/", True)):
                for lang, query in sp.FIRST_QUERIES.items():
                    r = sp.first_result(self.browser, site_url, lang, query, is_offline)
                    row.first_result_s[f"{mode} {lang}"] = r.seconds
                    row.whole_index_s[f"{mode} {lang}"] = r.whole_seconds
                    row.heap_mb[f"{mode} {lang}"] = r.heap_mb


def _span(values: dict) -> str:
    return f"{min(values.values()):.2f}–{max(values.values()):.2f}" if values else "–"


def _row_line(r: SizeFigures) -> str:
    if not r.build_ok:
        return f"N={r.derived_per_lang}: build failed"
    return (f"N={r.derived_per_lang} ({r.pages_per_lang} pages per language): kb check {r.check_cold_s:.1f} s cold, "
            f"{r.check_warm_s:.1f} s warm; kb build {r.build_s:.0f} s, peak {r.build_peak_mib:.0f} MiB; "
            f"HTML mean {r.html_mean_kb:.0f} KB, largest {r.html_largest_kb:.0f} KB ({r.html_largest}); "
            f"index per page {_span(r.index_kb_per_page)} KB; first result {_span(r.first_result_s)} s, "
            f"heap {_span(r.heap_mb)} MB" + (f"; make serve: save to reload {r.serve_reload_s:.1f} s" if r.serve_reload_s else ""))


def markdown_table(rows: list[SizeFigures]) -> str:
    """The benchmark table: one column per size."""
    def cells(fn):
        return " | ".join(fn(r) if r.build_ok else "failed" for r in rows)

    lines = ["| | " + " | ".join("real library" if r.derived_per_lang == 0 else f"+{r.derived_per_lang:,}"
                                 for r in rows) + " |",
             "|---" * (len(rows) + 1) + "|"]
    spec = [
        ("pages per language", lambda r: f"{r.pages_per_lang:,}"),
        ("`kb check`, cold / warm (one core)", lambda r: f"{r.check_cold_s:.1f} / {r.check_warm_s:.1f} s"),
        ("`kb build`", lambda r: f"{r.build_s:.0f} s"),
        ("build time per page (3 languages)", lambda r: f"{1000 * r.build_s / max(r.pages_per_lang, 1):.0f} ms"),
        ("peak build memory", lambda r: f"{r.build_peak_mib:,.0f} MiB"),
        ("site size", lambda r: f"{r.site_mib:,.0f} MiB"),
        ("HTML pages: mean / largest", lambda r: f"{r.html_mean_kb:.0f} / {r.html_largest_kb:,.0f} KB"),
        ("largest HTML page", lambda r: f"`{r.html_largest}`"),
        ("printable handbook (one page)", lambda r: f"{r.handbook_kb / 1000:,.1f} MB"),
    ]
    for lang in LANGS:
        spec.append((f"search index, {lang}", lambda r, lang=lang: f"{r.index_mb.get(lang, 0):.1f} MB, "
                     f"{r.index_kb_per_page.get(lang, 0):.1f} KB/page"))
    def per_lang(values: dict, mode: str, fmt: str, unit: str) -> str:
        shown = [format(values[f"{mode} {lang}"], fmt) for lang in LANGS if f"{mode} {lang}" in values]
        return " / ".join(shown) + unit if shown else "–"
    for mode in ("online", "file://"):
        spec.append((f"first result, {mode} (zh / zh-Hant / en)",
                     lambda r, mode=mode: per_lang(r.first_result_s, mode, ".2f", " s")))
        spec.append((f"whole index answering, {mode}",
                     lambda r, mode=mode: per_lang(r.whole_index_s, mode, ".2f", " s")))
        spec.append((f"search heap, {mode}", lambda r, mode=mode: per_lang(r.heap_mb, mode, ".0f", " MB")))
    for label, fn in spec:
        lines.append(f"| {label} | {cells(fn)} |")
    return "\n".join(lines)
